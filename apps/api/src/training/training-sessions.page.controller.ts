import { Body, Controller, Get, Param, Post, Query, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Actor, Clock, DomainError, PERMISSIONS } from '@app/common';
import { OrgUnitsService, Policy } from '@app/org';
import {
  ATTENDANCE_STATUSES,
  AttendanceService,
  AttendanceStatus,
  InvitationsService,
  ListSessionsQueryDto,
  SessionsService,
} from '@app/training';
import { CurrentActor, PermissionGuard, RequirePermission, RequirePolicy, WebSessionGuard } from '../http/auth';
import { uuidParam } from '../http/validation';
import { langOf } from '../org-pages/org-pages.shared';
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
    private readonly clock: Clock,
  ) {}

  @Get()
  async index(@CurrentActor() actor: Actor, @Query('month') rawMonth: unknown, @Res() res: Response): Promise<void> {
    const lang = langOf(res);
    const today = vietnamMonthOf(this.clock.now());
    const month = typeof rawMonth === 'string' && MONTH.test(rawMonth) ? rawMonth : today;
    const list = await this.sessions.list(
      actor,
      Object.assign(new ListSessionsQueryDto(), { month, limit: 500, offset: 0 }),
    );
    const day = new Date(this.clock.now().getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
    res.render('training/list', {
      title: translate(lang, 'training.title'),
      calendar: calendarModel(lang, month, list.items, day),
      items: list.items.map((s) => sessionSummary(lang, s)),
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
