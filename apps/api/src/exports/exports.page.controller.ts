import { Body, Controller, Get, Post, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Actor, DomainError } from '@app/common';
import { CreateExportJobDto, EXPORT_FORMATS, EXPORT_KINDS, ExportJobsService, ExportsService } from '@app/exports';
import { OrgUnitsService, Policy, RolesService, scopesFor } from '@app/org';
import { CurrentActor, PermissionGuard, RequirePolicy, WebSessionGuard } from '../http/auth';
import { FieldProblem, problemsOf, validateForm } from '../learning/authoring/authoring.page.model';
import { langOf, queryString } from '../web/page-helpers';
import { translate } from '../web/i18n';
import { exportFormModel, EXPORT_FORM_FIELDS, myExportsModel } from './exports.page.model';
import './exports.messages';

/**
 * "Xuất danh sách / Export lists" (`/exports`): a form (no script needed) that downloads at once (a redirect to the
 * API's streamed export, which takes the page session) or asks for a background export; "Tệp xuất của tôi / My
 * exports" (`/exports/mine`) lists background exports with their one-time links.
 */
@ApiExcludeController()
@Controller('exports')
@UseGuards(WebSessionGuard, PermissionGuard)
@RequirePolicy(Policy.RosterRead)
export class ExportsPageController {
  constructor(
    private readonly exportsService: ExportsService,
    private readonly jobs: ExportJobsService,
    private readonly units: OrgUnitsService,
    private readonly roles: RolesService,
  ) {}

  @Get()
  async form(@CurrentActor() actor: Actor, @Res() res: Response): Promise<void> {
    await this.render(res, actor, { kind: 'people', format: 'csv' }, [], 200);
  }

  @Post()
  async submit(
    @CurrentActor() actor: Actor,
    @Body() body: Record<string, unknown>,
    @Res() res: Response,
  ): Promise<void> {
    const form = Object.fromEntries(
      EXPORT_FORM_FIELDS.map((k) => [k, typeof body[k] === 'string' ? body[k].trim() : '']),
    );
    const given = Object.fromEntries(
      Object.entries(form).filter(([k, v]) => v !== '' && k !== 'mode' && (k !== 'purpose' || form.includeContact)),
    );
    const { dto, problems } = await validateForm(CreateExportJobDto, { ...given, lang: langOf(res) });
    if (problems.length) return this.render(res, actor, form, problems, 400);
    try {
      if (form.mode === 'background') {
        await this.jobs.request(actor, dto);
        return res.redirect(303, '/exports/mine?done=requested');
      }
      const plan = await this.exportsService.plan(actor, dto.kind, dto.format, dto);
      await this.exportsService.assertFits(plan, this.exportsService.sql(plan, scopesFor(actor, plan.kind.policy)));
      const { kind: _k, format: _f, mode: _m, ...filters } = given;
      res.redirect(303, `/api/v1/exports/${plan.kind.name}.${plan.format}${queryString(filters)}`);
    } catch (e) {
      if (!(e instanceof DomainError) || e.status >= 500) throw e;
      await this.render(res, actor, form, problemsOf(e), e.status);
    }
  }

  @Get('mine')
  async mine(@CurrentActor() actor: Actor, @Res() res: Response): Promise<void> {
    const lang = langOf(res);
    res.setHeader('Cache-Control', 'no-store');
    res.render('exports/mine', myExportsModel(lang, await this.jobs.mine(actor), res.req.query.done === 'requested'));
  }

  private async render(
    res: Response,
    actor: Actor,
    form: Record<string, string>,
    problems: FieldProblem[],
    status: number,
  ): Promise<void> {
    const lang = langOf(res);
    const units = await this.units.findByIds(scopesFor(actor, Policy.RosterRead));
    const roles = await this.roles.list({});
    res.status(status).render('exports/form', {
      title: translate(lang, 'exp.title'),
      ...exportFormModel(lang, form, problems, {
        kinds: [...EXPORT_KINDS.keys()],
        formats: [...EXPORT_FORMATS],
        units: units.map((u) => ({ id: u.id, name: u.name })),
        roles: roles.map((r) => ({ id: r.id, name: lang === 'vi' ? r.nameVi : r.nameEn })),
      }),
    });
  }
}
