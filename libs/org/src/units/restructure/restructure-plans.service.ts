import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { Actor, ConflictError, ForbiddenError, NotFoundError, Permission, ValidationError } from '@app/common';
import { JobContext, PermanentJobError, UnitOfWork } from '@app/jobs';
import { peekStream } from '@app/storage';
import { firstScopeFor, Policy, scopesFor } from '../../access/policy';
import { detectRosterFileKind, SNIFF_BYTES } from '../../people/import/decode';
import { OrgUnitsService } from '../org-units.service';
import { assertApplicable, RestructureEngine, RestructureReport } from './restructure.engine';
import { PlanAnalysis } from './plan-analysis';
import { readPlan } from './plan-rows';
import { PartialRule, PlanStatus, RestructurePlanRow, RestructureRepository } from './restructure.repository';

export const RESTRUCTURE_PLAN_JOB = 'org.restructure-plan.apply';

export interface RestructurePlanResponse {
  id: string;
  scopeUnitId: string;
  fileName: string;
  status: PlanStatus;
  effectiveFrom: string | null;
  partialRule: PartialRule | null;
  dryRun: PlanAnalysis;
  report: RestructureReport | null;
  jobId: string | null;
  error: string | null;
  createdAt: string;
}

/**
 * Restructuring plans: upload (read and judged at once: the dry run), commit (a job applying the whole plan in one
 * transaction through the plan engine), the report. For organisers over their subtree and for admins.
 */
@Injectable()
export class RestructurePlansService {
  constructor(
    private readonly work: UnitOfWork,
    private readonly repo: RestructureRepository,
    private readonly engine: RestructureEngine,
    private readonly units: OrgUnitsService,
  ) {}

  async upload(
    actor: Actor,
    file: { stream: Readable; originalName?: string } | undefined,
    unitId?: string,
  ): Promise<RestructurePlanResponse> {
    if (!file?.stream) {
      throw new ValidationError('file: attach the plan as the multipart field "file"', [
        { field: 'file', reason: 'is required' },
      ]);
    }
    const { scopeUnitId, permission } = await this.scopeFor(actor, unitId);
    const peeked = await peekStream(file.stream, SNIFF_BYTES);
    let parsed;
    try {
      parsed = await readPlan(peeked.body, detectRosterFileKind(peeked.head));
    } catch (e) {
      peeked.discard();
      throw e;
    }
    const { rows, problems } = parsed;
    if (rows.length === 0 && problems.length === 0) {
      throw new ValidationError('file: the plan has no rows', [{ field: 'file', reason: 'no rows' }]);
    }
    const id = randomUUID();
    const fileName = (file.originalName ?? 'phuong-an.csv').replace(/[^\p{L}\p{N}._ -]/gu, '_').slice(0, 200);
    await this.work.run(actor, async (tx) => {
      const { analysis, stale } = await this.engine.analyse(tx.manager, actor, rows);
      if (stale.length > 0) assertApplicable(analysis, stale, 'list'); // 400: a date before a unit's current state
      analysis.problems = [...problems, ...analysis.problems].sort((a, b) => a.row - b.row);
      analysis.counts.rows += problems.length;
      await this.repo.insert(tx.manager, {
        id,
        scopeUnitId,
        uploadedBy: actor.accountId,
        uploadedAs: permission,
        fileName,
        status: analysis.problems.length > 0 ? 'invalid' : 'ready',
        effectiveFrom: analysis.effectiveFrom,
        rows,
        analysis,
      });
    });
    return this.get(actor, id);
  }

  /** Commits a dry-run plan: 202 with the job; 409 while it has problems or unplaced people without the rule. */
  async commit(actor: Actor, id: string, rule: PartialRule = 'list'): Promise<RestructurePlanResponse> {
    await this.visible(actor, id);
    await this.work.run(actor, async (tx) => {
      const plan = (await this.repo.lock(tx.manager, id))!;
      if (plan.status !== 'ready') throw new ConflictError(`plan ${id} is ${plan.status}, not ready to commit`);
      assertApplicable(plan.analysis, [], rule);
      const job = await tx.dispatch(
        RESTRUCTURE_PLAN_JOB,
        `restructure-plan:${id}`,
        { planId: id },
        {
          unitId: plan.scopeUnitId,
        },
      );
      await this.repo.queue(tx.manager, id, rule, job.id);
    });
    return this.get(actor, id);
  }

  async get(actor: Actor, id: string): Promise<RestructurePlanResponse> {
    return toResponse(await this.visible(actor, id));
  }

  async list(actor: Actor): Promise<RestructurePlanResponse[]> {
    const scopes = scopesFor(actor, Policy.RosterWrite);
    if (scopes.length === 0) return [];
    return (await this.repo.listWithin(scopes)).map(toResponse);
  }

  /** The job: the whole plan in one transaction, as the uploader (their grant over the plan's scope). */
  async run(planId: string, ctx: JobContext): Promise<RestructureReport> {
    const plan = await this.repo.findById(planId);
    if (!plan) throw new PermanentJobError(`restructure plan ${planId} is gone`);
    if (plan.status === 'done') return plan.report as unknown as RestructureReport;
    await this.repo.setStatus(planId, 'running');
    const actor: Actor = {
      accountId: plan.uploadedBy,
      grants: [{ permission: plan.uploadedAs as Permission, scopeUnitId: plan.scopeUnitId }],
      via: 'api',
    };
    try {
      return await this.work.run(actor, async (tx) => {
        const report = await this.engine.apply(tx, plan.rows, plan.partialRule ?? 'list', (p) => ctx.reportProgress(p));
        await this.repo.finish(tx.manager, planId, { ...report });
        const { forReview, ...counts } = report;
        void forReview;
        await tx.audit({ action: 'unit.restructure', entity: 'restructure_plan', entityId: planId, details: counts });
        return report;
      });
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      if (e instanceof ValidationError || e instanceof ConflictError || ctx.attempt >= ctx.maxAttempts) {
        await this.repo.setStatus(planId, 'failed', `${message} (nothing was applied)`);
      }
      if (e instanceof ValidationError || e instanceof ConflictError) throw new PermanentJobError(message);
      throw e;
    }
  }

  private async visible(actor: Actor, id: string): Promise<RestructurePlanRow> {
    const plan = await this.repo.findById(id);
    if (!plan || !(await this.units.canActOn(actor, plan.scopeUnitId, Policy.RosterWrite))) {
      throw new NotFoundError(`restructure plan ${id} not found`);
    }
    return plan;
  }

  private async scopeFor(actor: Actor, unitId?: string): Promise<{ scopeUnitId: string; permission: Permission }> {
    const scopeUnitId = unitId ?? firstScopeFor(actor, Policy.RosterWrite);
    if (!scopeUnitId) throw new ForbiddenError('only administrators and organisers upload restructuring plans');
    await this.units.getVisibleUnit(actor, scopeUnitId);
    const permission = await this.units.permissionOver(actor, scopeUnitId, Policy.RosterWrite);
    if (!permission) throw new ForbiddenError('the unit is outside the subtree you manage');
    return { scopeUnitId, permission };
  }
}

function toResponse(p: RestructurePlanRow): RestructurePlanResponse {
  return {
    id: p.id,
    scopeUnitId: p.scopeUnitId,
    fileName: p.fileName,
    status: p.status,
    effectiveFrom: p.effectiveFrom,
    partialRule: p.partialRule,
    dryRun: p.analysis,
    report: p.report as unknown as RestructureReport | null,
    jobId: p.jobId,
    error: p.error,
    createdAt: new Date(p.createdAt).toISOString(),
  };
}
