import { Injectable } from '@nestjs/common';
import { Actor, ConflictError, ForbiddenError, NotFoundError, ValidationError } from '@app/common';
import { UnitOfWork } from '@app/jobs';
import { OrgUnitsService, Policy, scopesFor } from '@app/org';
import { AttendanceRepository } from '../attendance/attendance.repository';
import { InviteDto, InviteeResponse, InviteResultResponse, RespondDto } from './dto/session.dto';
import { SessionRepository } from './session.repository';
import { SessionsService } from './sessions.service';

const invalid = (field: string, reason: string): ValidationError =>
  new ValidationError(`${field}: ${reason}`, [{ field, reason }]);

/**
 * Invitations: an organiser of the session invites a unit subtree × roles (org's roster rule, as assignments
 * match) or people picked from the roster of their scopes; past the capacity, invitees wait in order and are
 * promoted when someone declines. The person, or an organiser over the person's unit, confirms or declines.
 */
@Injectable()
export class InvitationsService {
  constructor(
    private readonly work: UnitOfWork,
    private readonly sessions: SessionsService,
    private readonly sessionRepo: SessionRepository,
    private readonly repo: AttendanceRepository,
    private readonly units: OrgUnitsService,
  ) {}

  async invite(actor: Actor, sessionId: string, dto: InviteDto): Promise<InviteResultResponse> {
    await this.sessions.manageable(actor, sessionId);
    const byUnit = dto.unitId !== undefined || dto.roleIds !== undefined;
    if (byUnit === (dto.personIds !== undefined)) {
      throw invalid('personIds', 'give either unitId with roleIds, or personIds');
    }
    if (byUnit && (!dto.unitId || !dto.roleIds)) throw invalid(dto.unitId ? 'roleIds' : 'unitId', 'required');
    const scopes = scopesFor(actor, Policy.TrainingManage);
    if (dto.unitId) {
      const unit = await this.sessionRepo.unit(dto.unitId);
      if (!unit) throw invalid('unitId', 'unknown unit');
      if (!(await this.units.canActOn(actor, unit.id, Policy.TrainingManage))) {
        throw new ForbiddenError('the unit is outside the subtree you manage');
      }
    }
    const audit = (r: InviteResultResponse & { personIds: string[] }) => ({
      action: 'training.session.invite',
      entity: 'training_session',
      entityId: sessionId,
      details: { unitId: dto.unitId ?? null, roleIds: dto.roleIds ?? null, personIds: r.personIds, added: r.added },
    });
    const result = await this.work.run(actor, { audit }, async (t) => {
      const s = (await this.sessionRepo.lock(t.manager, sessionId))!;
      if (s.status === 'cancelled') throw new ConflictError('the session is cancelled');
      if (s.endsAt <= t.now) throw new ConflictError('the session is over: record its attendance instead');
      let personIds: string[];
      if (dto.unitId) {
        personIds = await this.repo.matchUnitRoles(t.manager, dto.unitId, t.today, dto.roleIds!, scopes);
      } else {
        personIds = [...new Set(dto.personIds)];
        const found = await this.repo.onRosterIn(t.manager, personIds, t.today, scopes);
        const outside = personIds.filter((id) => !found.has(id));
        if (outside.length > 0) {
          throw new ValidationError(
            'personIds: not on the roster of the units you manage',
            outside.map((id) => ({ field: 'personIds', reason: `${id}: not on the roster of your units` })),
          );
        }
      }
      const made = await this.repo.invite(t.manager, sessionId, personIds, s.capacity, t.now);
      return { ...made, personIds };
    });
    return { added: result.added, waiting: result.waiting };
  }

  /** The invitees: all of them for readers of the organising unit; else those of the caller's own scopes. */
  async invitees(actor: Actor, sessionId: string): Promise<InviteeResponse[]> {
    const session = await this.sessions.readable(actor, sessionId);
    if (await this.units.canActOn(actor, session.organiserUnitId, Policy.TrainingRead)) {
      return this.repo.invitees(sessionId, null);
    }
    const scopes = scopesFor(actor, Policy.TrainingRead);
    if (scopes.length === 0) throw new ForbiddenError('learners answer their own invitation only');
    return this.repo.invitees(sessionId, scopes);
  }

  /** Confirms or declines for a person: the person themself, or an organiser over their unit or the session. */
  async respond(actor: Actor, sessionId: string, personId: string, dto: RespondDto): Promise<InviteeResponse> {
    const session = await this.sessions.readable(actor, sessionId);
    const self = (await this.sessionRepo.personOfAccount(actor.accountId)) === personId;
    if (!self && !(await this.mayAnswerFor(actor, session.organiserUnitId, personId))) {
      throw new ForbiddenError('only the person or an organiser over them answers the invitation');
    }
    const audit = (status: string) => ({
      action: `training.invitation.${dto.answer}`,
      entity: 'training_session',
      entityId: sessionId,
      details: { personId, status },
    });
    await this.work.run(actor, { audit }, async (t) => {
      const s = (await this.sessionRepo.lock(t.manager, sessionId))!;
      const current = await this.repo.invitation(t.manager, sessionId, personId);
      if (!current) throw new NotFoundError('the person is not invited to this session');
      if (s.startsAt <= t.now) throw new ConflictError('the session has started: answers are closed');
      if (dto.answer === 'decline') {
        if (current === 'declined') return current;
        await this.repo.setInvitation(t.manager, sessionId, personId, 'declined', t.now);
        if (current !== 'waiting') await this.repo.promoteWaiting(t.manager, sessionId, s.capacity);
        return 'declined';
      }
      if (current === 'confirmed') return current;
      if (current === 'waiting') throw new ConflictError('the person is on the waiting list: a seat is not free yet');
      if (current === 'declined') {
        // Changing one's mind takes a free seat, if there is one (the waiting list keeps its order otherwise).
        const seats = await this.repo.invitees(sessionId, null);
        const taken = seats.filter((i) => i.status === 'invited' || i.status === 'confirmed').length;
        const waiting = seats.some((i) => i.status === 'waiting');
        if (waiting || (s.capacity !== null && taken >= s.capacity)) {
          throw new ConflictError('the session is full');
        }
      }
      await this.repo.setInvitation(t.manager, sessionId, personId, 'confirmed', t.now);
      return 'confirmed';
    });
    const rows = await this.repo.invitees(sessionId, null);
    return rows.find((r) => r.personId === personId)!;
  }

  private async mayAnswerFor(actor: Actor, organiserUnitId: string, personId: string): Promise<boolean> {
    if (await this.units.canActOn(actor, organiserUnitId, Policy.TrainingManage)) return true;
    const scopes = scopesFor(actor, Policy.TrainingManage);
    if (scopes.length === 0) return false;
    const inScope = await this.repo.onRosterIn(this.sessionRepo.manager(), [personId], this.work.today(), scopes);
    return inScope.has(personId);
  }
}
