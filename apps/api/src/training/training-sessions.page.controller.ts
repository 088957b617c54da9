import { Body, Controller, Get, Param, Post, Query, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Actor, Clock, DomainError, PERMISSIONS } from '@app/common';
import { admits, RolesService, scopesFor } from '@app/org';
import { OrgUnitsService, Policy } from '@app/org';
import {
  ATTENDANCE_STATUSES,
  AttendanceService,
  AttendanceStatus,
  CreateSessionDto,
  InvitationsService,
  ListSessionsQueryDto,
  SessionsService,
} from '@app/training';
import { CurrentActor, PermissionGuard, RequirePermission, RequirePolicy, WebSessionGuard } from '../http/auth';
import { uuidParam } from '../http/validation';
import { validateForm } from '../learning/authoring/authoring.page.model';
import { langOf } from '../web/page-helpers';
import { Lang, translate } from '../web/i18n';
import {
  attendanceRowModel,
  calendarModel,
  inviteeModel,
  sessionSummary,
  vietnamMonthOf,
} from './training-sessions.page.model';
import './training-sessions.messages';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const text = (v: unknown, max = 100): string => (typeof v === 'string' ? v.normalize('NFC').trim().slice(0, max) : '');
const back = (id: string, q: string): string =>
  `/training-sessions/${id}/attendance${q ? `?q=${encodeURIComponent(q)}` : ''}`;

/**
 * The sessions pages: `/training-sessions` (a month's calendar and list), `/training-sessions/:id` (details, who is
 * invited, confirmed, present), `/training-sessions/:id/attendance` (taking attendance at the door on a phone: search
 * by name without diacritics, one tap per person, walk-ins from the roster). Forms POST and answer 303.
 */
@ApiExcludeController()
@Controller('training-sessions')
@UseGuards(WebSessionGuard, PermissionGuard)
@RequirePermission(...PERMISSIONS)
export class TrainingSessionsPageController {
  constructor(
    private readonly sessions: SessionsService,
    private readonly invitations: InvitationsService,
    private readonly attendance: AttendanceService,
    private readonly units: OrgUnitsService,
    private readonly roles: RolesService,
    private readonly clock: Clock,
  ) {}

  @Get()
  async index(@CurrentActor() actor: Actor, @Query('month') rawMonth: unknown, @Res() res: Response): Promise<void> {
    await this.renderIndex(res, actor, rawMonth, {}, [], 200);
  }

  /** The "new session" form (times in Vietnam time): 303 to the new session, or the form again with the problems. */
  @Post()
  @RequirePolicy(Policy.TrainingManage)
  async create(@CurrentActor() actor: Actor, @Body() body: Record<string, unknown>, @Res() res: Response) {
    const form = Object.fromEntries(
      ['title', 'kind', 'organiserUnitId', 'startsAt', 'endsAt', 'place', 'capacity', 'trainers'].map((k) => [
        k,
        text(body[k], 500),
      ]),
    );
    const counting = body.countingRoleIds;
    const countingRoleIds = (Array.isArray(counting) ? counting : counting === undefined ? [] : [counting]).map((v) =>
      text(v),
    );
    const vn = (v: string) => (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(v) ? `${v}:00+07:00` : v);
    const plain = Object.fromEntries(
      Object.entries({ ...form, startsAt: vn(form.startsAt), endsAt: vn(form.endsAt) }).filter(([, v]) => v !== ''),
    );
    const { dto, problems } = await validateForm(CreateSessionDto, { ...plain, countingRoleIds });
    if (problems.length > 0) return this.renderIndex(res, actor, undefined, form, problems, 400);
    try {
      const made = await this.sessions.create(actor, dto);
      res.redirect(303, `/training-sessions/${made.id}`);
    } catch (e) {
      if (!(e instanceof DomainError) || e.status >= 500) throw e;
      const details = Array.isArray(e.details) ? (e.details as Array<{ field: string; reason: string }>) : [];
      const found = details.length > 0 ? details : [{ field: 'form', reason: e.message }];
      return this.renderIndex(res, actor, undefined, form, found, e.status);
    }
  }

  private async renderIndex(
    res: Response,
    actor: Actor,
    rawMonth: unknown,
    form: Record<string, string>,
    problems: Array<{ field: string; reason: string }>,
    status: number,
  ): Promise<void> {
    const lang = langOf(res);
    const today = vietnamMonthOf(this.clock.now());
    const month = typeof rawMonth === 'string' && MONTH.test(rawMonth) ? rawMonth : today;
    const list = await this.sessions.list(
      actor,
      Object.assign(new ListSessionsQueryDto(), { month, limit: 500, offset: 0 }),
    );
    const day = this.clock.today();
    const canCreate = admits(actor, Policy.TrainingManage);
    const [units, roles] = canCreate
      ? await Promise.all([
          this.units.findByIds(scopesFor(actor, Policy.TrainingManage)),
          this.roles.list({ includeRetired: false }),
        ])
      : [[], []];
    res.status(status).render('training/list', {
      title: translate(lang, 'training.title'),
      calendar: calendarModel(lang, month, list.items, day),
      items: list.items.map((s) => sessionSummary(lang, s)),
      canCreate,
      form,
      problems,
      kinds: ['training', 'workshop', 'seminar'].map((k) => ({
        value: k,
        label: translate(lang, `training.kind.${k}`),
        selected: form.kind === k,
      })),
      units: units.map((u) => ({ id: u.id, name: u.name, selected: form.organiserUnitId === u.id })),
      roles: roles.map((r) => ({ id: r.id, name: lang === 'vi' ? r.nameVi : r.nameEn })),
    });
  }

  @Get(':id')
  async show(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string, @Res() res: Response) {
    const lang = langOf(res);
    const session = await this.sessions.get(actor, id);
    const reads = await this.units.canActOn(actor, session.organiserUnitId, Policy.TrainingRead);
    const manages = await this.units.canActOn(actor, session.organiserUnitId, Policy.TrainingManage);
    const invitees = reads ? await this.invitations.invitees(actor, id) : [];
    const present = reads ? (await this.attendance.expected(actor, id)).filter((r) => r.status === 'present') : [];
    res.render('training/show', {
      title: session.title,
      session: sessionSummary(lang, session),
      trainers: session.trainers,
      closed: session.attendanceClosedAt !== null,
      hasSheet: session.hasSheet,
      reads,
      manages,
      invitees: invitees.map((i) => inviteeModel(lang, i)),
      present: present.map((r) => attendanceRowModel(lang, r)),
    });
  }

  @Get(':id/attendance')
  @RequirePolicy(Policy.TrainingManage)
  async sheet(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Query('q') rawQ: unknown,
    @Res() res: Response,
  ): Promise<void> {
    await this.renderAttendance(res, actor, id, text(rawQ), 200, null);
  }

  /** One tap at the door: present / absent / excused for a person (a walk-in from the roster too). */
  @Post(':id/attendance/:personId')
  @RequirePolicy(Policy.TrainingManage)
  async mark(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Param('personId', uuidParam('personId')) personId: string,
    @Body() body: Record<string, unknown>,
    @Res() res: Response,
  ): Promise<void> {
    const q = text(body.q);
    const status = text(body.status) as AttendanceStatus;
    if (!ATTENDANCE_STATUSES.includes(status)) {
      return this.renderAttendance(res, actor, id, q, 400, translate(langOf(res), 'training.e.status'));
    }
    try {
      await this.attendance.mark(actor, id, personId, { status });
    } catch (e) {
      if (!(e instanceof DomainError) || e.status >= 500 || e.status === 404) throw e;
      return this.renderAttendance(res, actor, id, q, e.status, e.message);
    }
    res.redirect(303, back(id, q));
  }

  /** Makes the attendance final (issues the session certificates). */
  @Post(':id/close')
  @RequirePolicy(Policy.TrainingManage)
  async close(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string, @Res() res: Response) {
    await this.attendance.close(actor, id);
    res.redirect(303, `/training-sessions/${id}`);
  }

  private async renderAttendance(
    res: Response,
    actor: Actor,
    id: string,
    q: string,
    status: number,
    problem: string | null,
  ): Promise<void> {
    const lang: Lang = langOf(res);
    const session = await this.sessions.manageable(actor, id);
    const [rows, walkIns] = await Promise.all([
      this.attendance.expected(actor, id, q || undefined),
      q ? this.attendance.walkIns(actor, id, q) : Promise.resolve([]),
    ]);
    res.status(status).render('training/attendance', {
      title: translate(lang, 'training.att.title'),
      session: sessionSummary(lang, session),
      q,
      problem,
      rows: rows.map((r) => attendanceRowModel(lang, r)),
      walkIns,
    });
  }
}
