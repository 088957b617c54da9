import { Body, Controller, Get, Param, Post, Query, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Actor, DomainError, NotFoundError } from '@app/common';
import {
  CreateReportDto,
  REPORT_KINDS,
  ReportDetailResponse,
  ReportListItem,
  ReportsService,
  ReturnReportDto,
} from '@app/exports';
import { OrgUnitsService, Policy, scopesFor } from '@app/org';
import { CurrentActor, PermissionGuard, RequirePolicy, WebSessionGuard } from '../http/auth';
import { uuidParam } from '../http/validation';
import { FieldProblem, problemsOf, validateForm } from '../learning/authoring/authoring.page.model';
import { langOf } from '../web/page-helpers';
import { Lang, translate } from '../web/i18n';
import './reports.messages';

type Action = 'submit' | 'accept' | 'return';
const ACTIONS: readonly Action[] = ['submit', 'accept', 'return'];
const DONE: Record<Action, string> = { submit: 'submitted', accept: 'accepted', return: 'returned' };
const FORM_FIELDS = [
  'unitId',
  'kind',
  'periodFrom',
  'periodTo',
  'number',
  'placeName',
  'signatoryTitle',
  'signatoryName',
];

const fill = (text: string, values: Record<string, string>): string =>
  text.replace(/\{(\w+)\}/g, (_, k: string) => values[k] ?? '');
const day = (d: string): string => `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;
const pct = (p: number | null): string => (p === null ? '—' : `${String(p).replace('.', ',')}%`);

function itemModel(lang: Lang, r: ReportListItem) {
  return {
    href: `/reports/${r.id}`,
    number: r.number,
    unit: r.unit.name,
    kind: translate(lang, `rep.kind.${r.kind}`),
    period: `${day(r.periodFrom)} – ${day(r.periodTo)}`,
    status: translate(lang, `rep.status.${r.status}`),
  };
}

function reportModel(lang: Lang, r: ReportDetailResponse) {
  const f = r.figures;
  const latest = r.submissions.at(-1);
  return {
    id: r.id,
    href: `/reports/${r.id}`,
    number: r.number,
    unit: r.unit.name,
    title: r.title,
    kind: translate(lang, `rep.kind.${r.kind}`),
    period: `${day(r.periodFrom)} – ${day(r.periodTo)}`,
    status: translate(lang, `rep.status.${r.status}`),
    receiver: r.receiver?.name ?? translate(lang, 'rep.noReceiver'),
    frozen: r.frozen
      ? fill(translate(lang, 'rep.frozen'), {
          seq: String(latest?.seq ?? ''),
          at: latest ? latest.submittedAt.slice(0, 16).replace('T', ' ') + ' UTC' : '',
          sha: latest?.pdfSha256 ?? '',
        })
      : null,
    actions: r.actions,
    submissions: r.submissions.map((s) => ({
      seq: s.seq,
      at: s.submittedAt.slice(0, 16).replace('T', ' ') + ' UTC',
      receiver: s.receiver.name,
      decision: s.decision ? translate(lang, `rep.status.${s.decision}`) : translate(lang, 'rep.status.submitted'),
      comment: s.comment ? fill(translate(lang, 'rep.returnedWith'), { comment: s.comment }) : null,
    })),
    coverageHeading: fill(translate(lang, 'rep.coverage'), { date: day(f.coverage.date) }),
    rows: [
      ...f.coverage.rows.map((x) => ({
        role: x.roleName,
        headcount: x.headcount,
        declaredNotNamed: x.declaredNotNamed,
        trained: x.trained,
        coverage: pct(x.coverage),
        target: `${x.targetPercent}%`,
        gap: x.gap,
      })),
    ],
    allRoles: { ...f.coverage.allRoles, coverage: pct(f.coverage.allRoles.coverage) },
    children: f.coverage.children.map((c) => ({
      unit: c.unit.name,
      headcount: c.allRoles.headcount,
      trained: c.allRoles.trained,
      coverage: pct(c.allRoles.coverage),
    })),
    courses: f.courses,
    sessions: f.sessions.map((s) => ({ ...s, day: day(s.day) })),
    exams: f.exams,
    certificates: f.certificates,
    headcounts: f.headcounts.map((h) => ({ ...h, declared: h.declared ?? '—' })),
  };
}

/**
 * "Báo cáo / Reports" (`/reports`): the caller's units' reports and the received ones, a form for a new draft, a
 * report's page with its figures, files and actions, and confirmation pages for submit, accept and return (forms
 * with the CSRF token: no script needed).
 */
@ApiExcludeController()
@Controller('reports')
@UseGuards(WebSessionGuard, PermissionGuard)
@RequirePolicy(Policy.RosterRead)
export class ReportsPageController {
  constructor(
    private readonly reports: ReportsService,
    private readonly units: OrgUnitsService,
  ) {}

  @Get()
  async list(@CurrentActor() actor: Actor, @Res() res: Response): Promise<void> {
    await this.renderList(res, actor, { kind: 'yearly' }, [], 200);
  }

  @Post()
  async create(@CurrentActor() actor: Actor, @Body() body: Record<string, unknown>, @Res() res: Response) {
    const form = Object.fromEntries(FORM_FIELDS.map((k) => [k, typeof body[k] === 'string' ? body[k].trim() : '']));
    const given = Object.fromEntries(Object.entries(form).filter(([, v]) => v !== ''));
    const { dto, problems } = await validateForm(CreateReportDto, given);
    if (problems.length) return this.renderList(res, actor, form, problems, 400);
    try {
      const created = await this.reports.create(actor, dto);
      res.redirect(303, `/reports/${created.id}`);
    } catch (e) {
      if (!(e instanceof DomainError) || e.status >= 500) throw e;
      await this.renderList(res, actor, form, problemsOf(e), e.status);
    }
  }

  @Get(':id')
  async show(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Query('done') done: unknown,
    @Res() res: Response,
  ): Promise<void> {
    const lang = langOf(res);
    const r = await this.reports.get(actor, id);
    const doneKey = typeof done === 'string' && Object.values(DONE).includes(done) ? `rep.done.${done}` : null;
    res.setHeader('Cache-Control', 'no-store');
    res.render('reports/show', {
      title: `${translate(lang, 'rep.title')} ${r.number}`,
      r: reportModel(lang, r),
      done: doneKey ? translate(lang, doneKey) : null,
    });
  }

  @Get(':id/:action')
  async confirm(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Param('action') action: string,
    @Res() res: Response,
  ): Promise<void> {
    await this.renderConfirm(res, actor, id, this.actionOf(action), 200, '', []);
  }

  @Post(':id/:action')
  async act(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Param('action') actionName: string,
    @Body() body: Record<string, unknown>,
    @Res() res: Response,
  ): Promise<void> {
    const action = this.actionOf(actionName);
    const comment = typeof body.comment === 'string' ? body.comment : '';
    try {
      if (action === 'submit') await this.reports.submit(actor, id);
      else if (action === 'accept') await this.reports.accept(actor, id);
      else {
        const { dto, problems } = await validateForm(ReturnReportDto, { comment });
        if (problems.length) return this.renderConfirm(res, actor, id, action, 400, comment, problems);
        await this.reports.return(actor, id, dto.comment);
      }
    } catch (e) {
      // Refusals get the error page (no report on it); conflicts and bad input the form again, with the reason.
      if (!(e instanceof DomainError) || e.status >= 500 || e.status === 403 || e.status === 404) throw e;
      return this.renderConfirm(res, actor, id, action, e.status, comment, problemsOf(e));
    }
    res.redirect(303, `/reports/${id}?done=${DONE[action]}`);
  }

  private actionOf(name: string): Action {
    if (!(ACTIONS as readonly string[]).includes(name)) {
      throw new NotFoundError(`no such page: ${name}`);
    }
    return name as Action;
  }

  private async renderConfirm(
    res: Response,
    actor: Actor,
    id: string,
    action: Action,
    status: number,
    comment: string,
    problems: FieldProblem[],
  ): Promise<void> {
    const lang = langOf(res);
    const r = await this.reports.get(actor, id);
    res.status(status).render('reports/confirm', {
      title: translate(lang, `rep.${action}`),
      r: { id: r.id, href: `/reports/${r.id}`, number: r.number, unit: r.unit.name, title: r.title },
      action,
      heading: translate(lang, `rep.${action}`),
      explain: fill(translate(lang, `rep.${action}.confirm`), {
        receiver: r.receiver?.name ?? translate(lang, 'rep.noReceiver'),
        unit: r.unit.name,
      }),
      withComment: action === 'return',
      comment,
      problems,
    });
  }

  private async renderList(
    res: Response,
    actor: Actor,
    form: Record<string, string>,
    problems: FieldProblem[],
    status: number,
  ): Promise<void> {
    const lang = langOf(res);
    const items = await this.reports.list(actor);
    const units = await this.units.findByIds(scopesFor(actor, Policy.RosterRead));
    res.setHeader('Cache-Control', 'no-store');
    res.status(status).render('reports/list', {
      title: translate(lang, 'rep.title'),
      mine: items.filter((r) => r.own).map((r) => itemModel(lang, r)),
      received: items.filter((r) => r.received && !r.own).map((r) => itemModel(lang, r)),
      form,
      problems,
      kinds: REPORT_KINDS.map((k) => ({
        value: k,
        label: translate(lang, `rep.kind.${k}`),
        selected: form.kind === k,
      })),
      units: units.map((u) => ({ value: u.id, label: u.name, selected: form.unitId === u.id })),
    });
  }
}
