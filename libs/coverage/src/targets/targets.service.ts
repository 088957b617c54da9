import { Injectable } from '@nestjs/common';
import { Actor, ForbiddenError, NotFoundError, ValidationError } from '@app/common';
import { UnitOfWork } from '@app/jobs';
import { OrgUnitsService, Policy, RolesService } from '@app/org';
import { RollupRepository } from '../rollups/rollup.repository';
import { PutTargetDto, TargetResponse } from './dto/target.dto';
import { TargetRepository } from './target.repository';

type Problem = { field: string; reason: string };

/** Milestones: keys are years of the programme's span, values percentages. */
function milestoneProblems(milestones: Record<string, number>): Problem[] {
  return Object.entries(milestones).flatMap(([year, value]) => {
    const problems: Problem[] = [];
    if (!/^20[2-9][0-9]$/.test(year)) {
      problems.push({ field: `milestones.${year}`, reason: 'must be a year 2020–2099' });
    }
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 100) {
      problems.push({ field: `milestones.${year}`, reason: 'must be a percentage between 0 and 100' });
    }
    return problems;
  });
}

/**
 * Targets as data (DESIGN.md "The targets it tracks"): read by organisers, agencies and admins; set by admins over
 * the target's scope (the country for a target that applies everywhere). A change recomputes the rollups.
 */
@Injectable()
export class TargetsService {
  constructor(
    private readonly work: UnitOfWork,
    private readonly targets: TargetRepository,
    private readonly rollups: RollupRepository,
    private readonly units: OrgUnitsService,
    private readonly roles: RolesService,
  ) {}

  list(actor: Actor): Promise<TargetResponse[]> {
    void actor; // the route's policy admits organisers, agencies and admins: targets are no one's secret
    return this.targets.list();
  }

  /** The targets that apply everywhere, for the public home page (percentages and role names only). */
  programme(): Promise<Array<{ percent: number; deadline: string; nameVi: string; nameEn: string }>> {
    return this.targets.programme();
  }

  async put(actor: Actor, roleId: string, dto: PutTargetDto): Promise<TargetResponse> {
    const scopeUnitId = dto.scopeUnitId ?? null;
    const over = scopeUnitId ?? (await this.units.getRoot()).id;
    if (!(await this.units.canActOn(actor, over, Policy.RoleCatalogueManage))) {
      throw new ForbiddenError('only an administrator over the target scope sets coverage targets');
    }
    await this.assertValid(roleId, dto);
    const write = {
      roleId,
      scopeUnitId,
      unitTypes: dto.unitTypes?.length ? [...new Set(dto.unitTypes)] : null,
      percent: dto.percent,
      deadline: dto.deadline,
      milestones: dto.milestones ?? {},
      courseIds: [...new Set(dto.courseIds ?? [])],
    };
    return this.work.run(actor, async (tx) => {
      const before = await this.targets.find(tx.manager, roleId, scopeUnitId);
      const id = await this.targets.upsert(tx.manager, write, { accountId: actor.accountId, at: tx.now });
      await this.rollups.bumpTargetsVersion(tx.manager);
      await tx.audit({
        action: 'coverage.target.put',
        entity: 'coverage_target',
        entityId: id,
        details: { before, after: write },
      });
      return (await this.targets.find(tx.manager, roleId, scopeUnitId))!;
    });
  }

  private async assertValid(roleId: string, dto: PutTargetDto): Promise<void> {
    const problems: Problem[] = [];
    try {
      await this.roles.get(roleId);
    } catch (e) {
      if (!(e instanceof NotFoundError)) throw e;
      problems.push({ field: 'roleId', reason: 'no such role' });
    }
    if (dto.deadline < this.work.today()) problems.push({ field: 'deadline', reason: 'must not be in the past' });
    problems.push(...milestoneProblems(dto.milestones ?? {}));
    const courses = [...new Set(dto.courseIds ?? [])];
    const known = await this.targets.existingCourses(courses);
    courses.forEach((id, i) => {
      if (!known.has(id)) problems.push({ field: `courseIds.${i}`, reason: 'no such course' });
    });
    if (problems.length > 0) {
      throw new ValidationError(problems.map((p) => `${p.field}: ${p.reason}`).join('; '), problems);
    }
  }
}
