import { Body, Controller, Get, Param, Post, Render, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Actor, DomainError } from '@app/common';
import { PLAN_COLUMNS, Policy, RestructurePlanResponse, RestructurePlansService } from '@app/org';
import { CurrentActor, PermissionGuard, RequirePolicy, WebSessionGuard } from '../http/auth';
import { receiveUpload } from '../http/uploads';
import { uuidParam } from '../http/validation';
import { langOf } from '../web/page-helpers';
import './restructure.messages';

/** /units/restructure: upload a plan → dry run → choose the rule for partial units → commit → report. */
@ApiExcludeController()
@Controller('units/restructure')
@UseGuards(WebSessionGuard, PermissionGuard)
@RequirePolicy(Policy.RosterWrite)
export class RestructurePageController {
  constructor(private readonly plans: RestructurePlansService) {}

  @Get()
  @Render('org/restructure')
  async form(
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Record<string, unknown>> {
    return this.formModel(actor, res);
  }

  @Post()
  async upload(@CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response): Promise<void> {
    try {
      const plan = await receiveUpload(req, (file) => this.plans.upload(actor, file));
      res.redirect(303, `/units/restructure/${plan.id}`);
    } catch (e) {
      if (!(e instanceof DomainError) || e.status >= 500) throw e;
      res.status(e.status).render('org/restructure', { ...(await this.formModel(actor, res)), problem: e.message });
    }
  }

  @Get(':id')
  @Render('org/restructure-plan')
  async plan(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string): Promise<Record<string, unknown>> {
    return planModel(await this.plans.get(actor, id));
  }

  @Post(':id/commit')
  async commit(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Body() body: Record<string, unknown>,
    @Res() res: Response,
  ): Promise<void> {
    const rule = body.partialRule === 'first_for_review' ? 'first_for_review' : 'list';
    try {
      await this.plans.commit(actor, id, rule);
      res.redirect(303, `/units/restructure/${id}`);
    } catch (e) {
      if (!(e instanceof DomainError) || e.status >= 500) throw e;
      res
        .status(e.status)
        .render('org/restructure-plan', { ...planModel(await this.plans.get(actor, id)), problem: e.message });
    }
  }

  private async formModel(actor: Actor, res: Response): Promise<Record<string, unknown>> {
    const en = langOf(res) === 'en';
    return {
      title: en ? 'Restructuring plans' : 'Phương án sắp xếp đơn vị',
      columns: PLAN_COLUMNS.map((c) => ({
        header: en ? c.headerEn : c.headerVi,
        required: c.required,
        description: en ? c.descriptionEn : c.descriptionVi,
      })),
      plans: (await this.plans.list(actor)).map((p) => ({ ...p, statusKey: `restructure.status.${p.status}` })),
    };
  }
}

function planModel(p: RestructurePlanResponse): Record<string, unknown> {
  return {
    title: 'Phương án sắp xếp đơn vị',
    plan: p,
    statusKey: `restructure.status.${p.status}`,
    running: p.status === 'queued' || p.status === 'running',
    canCommit: p.status === 'ready',
    hasProblems: p.dryRun.problems.length > 0,
    problems: p.dryRun.problems.slice(0, 500),
    newUnits: p.dryRun.newUnits.slice(0, 500),
    partials: p.dryRun.partials,
    hasUnassigned: p.dryRun.counts.unassigned > 0,
  };
}
