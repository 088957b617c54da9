import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { SessionCertificateIssuer, vietnamDay } from '@app/certificates';
import { Actor, ConflictError, ForbiddenError, NotFoundError } from '@app/common';
import { Tx, UnitOfWork } from '@app/jobs';
import { OrgUnitsService, Policy, scopesFor } from '@app/org';
import {
  AttendanceRowResponse,
  AttendanceStatus,
  CloseAttendanceResponse,
  MarkAttendanceDto,
} from '../sessions/dto/session.dto';
import { SessionRepository, SessionState } from '../sessions/session.repository';
import { SessionsService } from '../sessions/sessions.service';
import { attendanceWindow, AttendanceWindow, CORRECTION_DAYS, meetsShare } from './attendance-rules';
import { AttendanceRecord, AttendanceRepository } from './attendance.repository';

const WINDOW_MESSAGES: Record<Exclude<AttendanceWindow, { open: true }>['reason'], string> = {
  cancelled: 'the session is cancelled',
  'not-started': 'the session has not started: attendance is taken from its start',
  'closed-for-corrections': `attendance can be corrected for ${CORRECTION_DAYS} days after the session`,
  'held-before-created': 'the session was recorded after it was held: import its attendance (CSV/XLSX)',
};

/** One attendance to record (the import's rows, the door's ticks). */
export interface AttendanceEntry {
  personId: string;
  status: AttendanceStatus;
  share?: number;
}

/**
 * Attendance: ticks at the door and the import's rows, one record per session and person, audited with what each
 * replaced; certificates of kind 'session' follow in the same transaction once the organiser has declared the
 * attendance final (close), through libs/certificates.
 */
@Injectable()
export class AttendanceService {
  constructor(
    private readonly work: UnitOfWork,
    private readonly sessions: SessionsService,
    private readonly sessionRepo: SessionRepository,
    private readonly repo: AttendanceRepository,
    private readonly units: OrgUnitsService,
    private readonly issuer: SessionCertificateIssuer,
  ) {}

  /** The expected list with the ticks, searched by name without diacritics (readers of the organiser unit). */
  async expected(actor: Actor, sessionId: string, q?: string): Promise<AttendanceRowResponse[]> {
    const session = await this.sessions.readable(actor, sessionId);
    if (!(await this.units.canActOn(actor, session.organiserUnitId, Policy.TrainingRead))) {
      throw new ForbiddenError('only organisers and agencies over the organising unit read the attendance');
    }
    return this.repo.expected(sessionId, q?.trim() ? q.trim() : null);
  }

  /** People of the organiser's subtree (and the caller's scopes) not on the list yet, by name: walk-ins. */
  async walkIns(actor: Actor, sessionId: string, q: string) {
    const session = await this.sessions.manageable(actor, sessionId);
    if (!q.trim()) return [];
    const scopes = scopesFor(actor, Policy.TrainingManage);
    const rows = await this.repo.walkInCandidates(
      sessionId,
      this.work.today(),
      session.organiserUnitId,
      scopes,
      q.trim(),
    );
    return rows.map(({ personId, fullName, unitName }) => ({ personId, fullName, unitName }));
  }

  /** A tick at the door (or its correction): one record per person. */
  async mark(
    actor: Actor,
    sessionId: string,
    personId: string,
    dto: MarkAttendanceDto,
  ): Promise<AttendanceRowResponse> {
    await this.record(actor, sessionId, [{ personId, ...dto }], 'door');
    const [row] = await this.repo.expected(sessionId, null, 1, personId);
    return row;
  }

  /**
   * Records attendances in one transaction (the session row locked): the window rules, then each person must be
   * invited or on the roster of the organiser's subtree inside the caller's scopes (a walk-in); else 403 and nothing
   * is written. Returns the number of records that changed.
   */
  async record(
    actor: Actor,
    sessionId: string,
    entries: AttendanceEntry[],
    via: 'door' | 'import',
    tx?: Tx,
  ): Promise<number> {
    await this.sessions.manageable(actor, sessionId);
    const run = async (t: Tx): Promise<number> => {
      const s = await this.lockOpen(t.manager, sessionId, t.now, via);
      const ids = [...new Set(entries.map((e) => e.personId))];
      const before = new Map((await this.repo.attendance(t.manager, sessionId, ids)).map((a) => [a.personId, a]));
      const invited = new Set<string>();
      for (const id of ids) if (await this.repo.isInvited(t.manager, sessionId, id)) invited.add(id);
      const walkIns = ids.filter((id) => !invited.has(id) && !before.has(id));
      const scopes = scopesFor(actor, Policy.TrainingManage);
      const allowed = await this.repo.onRosterIn(t.manager, walkIns, t.today, [s.organiserUnitId]);
      const inScope = await this.repo.onRosterIn(t.manager, walkIns, t.today, scopes);
      const refused = walkIns.filter((id) => !allowed.has(id) || !inScope.has(id));
      if (refused.length > 0) {
        throw new ForbiddenError(
          'personId: not on the invitation list nor on the roster of the organising unit you manage',
          refused.map((id) => ({ field: 'personId', reason: `${id}: not invited, not on the organiser's roster` })),
        );
      }
      const rows = entries.map((e) => ({
        personId: e.personId,
        status: e.status,
        share: e.share ?? (e.status === 'present' ? 100 : 0),
        walkIn: before.get(e.personId)?.walkIn ?? !invited.has(e.personId),
      }));
      const changed = rows.filter((r) => {
        const b = before.get(r.personId);
        return !b || b.status !== r.status || b.share !== r.share;
      });
      if (changed.length === 0) return 0;
      await this.repo.upsert(t.manager, sessionId, changed, actor.accountId, t.now);
      for (const r of changed) {
        await t.audit({
          action: 'training.attendance.mark',
          entity: 'training_session',
          entityId: sessionId,
          details: { via, personId: r.personId, before: before.get(r.personId) ?? null, after: r },
        });
      }
      if (s.attendanceClosedAt) await this.settle(t, s, changed);
      return changed.length;
    };
    return tx ? run(tx) : this.work.run(actor, run);
  }

  /**
   * Declares the attendance final (from the session's last day on): certificates of kind 'session' are issued to
   * everyone present for the required share of a counting session, and follow later corrections.
   */
  async close(actor: Actor, sessionId: string): Promise<CloseAttendanceResponse> {
    await this.sessions.manageable(actor, sessionId);
    const audit = (issued: number) => ({
      action: 'training.attendance.close',
      entity: 'training_session',
      entityId: sessionId,
      details: { certificatesIssued: issued },
    });
    const issued = await this.work.run(actor, { audit }, async (t) => {
      const s = await this.lock(t.manager, sessionId);
      if (s.status === 'cancelled') throw new ConflictError('the session is cancelled');
      if (s.attendanceClosedAt) throw new ConflictError('the attendance is already final');
      if (vietnamDay(s.endsAt) > vietnamDay(t.now)) {
        throw new ConflictError(
          `the attendance can be made final from the session's last day (${vietnamDay(s.endsAt)})`,
        );
      }
      await this.sessionRepo.closeAttendance(t.manager, sessionId, t.now);
      return this.settle(t, s, await this.repo.attendees(t.manager, sessionId));
    });
    return { session: await this.sessions.get(actor, sessionId), certificatesIssued: issued };
  }

  /** Issues or withdraws the session certificates of these records (counting sessions only). */
  private async settle(t: Tx, s: SessionState, records: AttendanceRecord[]): Promise<number> {
    if (!s.counts) return 0;
    const earn = records.filter((r) => meetsShare(r, s.requiredShare));
    const lose = records.filter((r) => !meetsShare(r, s.requiredShare));
    const lastDay = vietnamDay(s.endsAt);
    const issued = await this.issuer.issueIn(
      t.manager,
      t.now,
      earn.map((r) => ({
        sessionId: s.id,
        personId: r.personId,
        title: s.title,
        organiserUnitId: s.organiserUnitId,
        lastDay,
        validityMonths: s.validityMonths,
      })),
    );
    await this.issuer.revokeIn(
      t.manager,
      t.now,
      { accountId: t.actor?.accountId ?? null, reason: 'Điều chỉnh điểm danh (attendance corrected)' },
      lose.map((r) => ({ sessionId: s.id, personId: r.personId })),
    );
    return issued.length;
  }

  private async lock(m: EntityManager, sessionId: string): Promise<SessionState> {
    const s = await this.sessionRepo.lock(m, sessionId);
    if (!s) throw new NotFoundError(`training session ${sessionId} not found`);
    return s;
  }

  private async lockOpen(
    m: EntityManager,
    sessionId: string,
    now: Date,
    via: 'door' | 'import',
  ): Promise<SessionState> {
    const s = await this.lock(m, sessionId);
    const window = attendanceWindow(s, now, via);
    if (!window.open) {
      throw new ConflictError(WINDOW_MESSAGES[window.reason], [{ field: 'session', reason: window.reason }]);
    }
    return s;
  }
}
