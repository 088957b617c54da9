import { Injectable } from '@nestjs/common';
import { Actor, ForbiddenError, NotFoundError, ValidationError } from '@app/common';
import { UnitOfWork } from '@app/jobs';
import { checkHttpUrl, isTopicTag, orderTopicTags } from '@app/learning';
import { admits, OrgUnitsService, Policy, RolesService, scopesFor } from '@app/org';
import { CreateSessionDto, ListSessionsQueryDto, SessionListResponse, SessionResponse } from './dto/session.dto';
import { SessionRepository, SessionValues } from './session.repository';

/** A session lasts at most this many days (a multi-day course); longer is a typo. */
const MAX_DAYS = 31;
/** A session starts at most this many years ahead. */
const MAX_YEARS_AHEAD = 5;
const DAY_MS = 86_400_000;

const invalid = (field: string, reason: string): ValidationError =>
  new ValidationError(`${field}: ${reason}`, [{ field, reason }]);

/** Vietnam's month [from, to) as instants (yyyy-mm). */
export function vietnamMonth(month: string): { from: Date; to: Date } {
  const [y, m] = month.split('-').map(Number);
  const start = (year: number, mon: number) => new Date(Date.UTC(year, mon - 1, 1) - 7 * 3_600_000);
  return { from: start(y, m), to: m === 12 ? start(y + 1, 1) : start(y, m + 1) };
}

/**
 * In-person sessions: organisers create and edit them for their subtree (Policy.TrainingManage over the organiser
 * unit); readers of a subtree list the sessions organised in it; a learner sees the sessions they are invited to.
 */
@Injectable()
export class SessionsService {
  constructor(
    private readonly work: UnitOfWork,
    private readonly repo: SessionRepository,
    private readonly units: OrgUnitsService,
    private readonly roles: RolesService,
  ) {}

  async create(actor: Actor, dto: CreateSessionDto): Promise<SessionResponse> {
    const values = await this.check(actor, dto);
    const audit = (id: string) => ({
      action: 'training.session.create',
      entity: 'training_session',
      entityId: id,
      details: { title: values.title, organiserUnitId: values.organiserUnitId },
    });
    const id = await this.work.run(actor, { audit }, (tx) =>
      this.repo.insert(tx.manager, values, actor.accountId, tx.now),
    );
    return this.getOrThrow(id);
  }

  async update(actor: Actor, id: string, dto: CreateSessionDto): Promise<SessionResponse> {
    const before = await this.manageable(actor, id);
    const values = await this.check(actor, dto);
    const audit = {
      action: 'training.session.update',
      entity: 'training_session',
      entityId: id,
      details: { before: { ...before, counts: undefined }, after: values },
    };
    await this.work.run(actor, { audit }, (tx) => this.repo.update(tx.manager, id, values, tx.now));
    return this.getOrThrow(id);
  }

  async get(actor: Actor, id: string): Promise<SessionResponse> {
    return this.readable(actor, id);
  }

  async list(actor: Actor, q: ListSessionsQueryDto): Promise<SessionListResponse> {
    const scopes = scopesFor(actor, Policy.TrainingRead);
    const personId = await this.repo.personOfAccount(actor.accountId);
    return this.repo.list(scopes, personId, q.month ? vietnamMonth(q.month) : null, q);
  }

  /** The session if the actor reads it (organised in their scopes, or they are invited); 404 otherwise. */
  async readable(actor: Actor, id: string): Promise<SessionResponse> {
    const session = await this.repo.find(id);
    if (session && (await this.units.canActOn(actor, session.organiserUnitId, Policy.TrainingRead))) return session;
    if (session && (await this.repo.invitesAccount(id, actor.accountId))) return session;
    throw new NotFoundError(`training session ${id} not found`);
  }

  /** The session if the actor manages its organiser unit: 404 when they cannot read it, 403 when only read. */
  async manageable(actor: Actor, id: string): Promise<SessionResponse> {
    const session = await this.readable(actor, id);
    if (!(await this.units.canActOn(actor, session.organiserUnitId, Policy.TrainingManage))) {
      throw new ForbiddenError('only organisers of the organising unit manage the session');
    }
    return session;
  }

  private async check(actor: Actor, dto: CreateSessionDto): Promise<SessionValues> {
    if (!admits(actor, Policy.TrainingManage)) throw new ForbiddenError('only administrators and organisers');
    const startsAt = new Date(dto.startsAt);
    const endsAt = new Date(dto.endsAt);
    if (Number.isNaN(startsAt.getTime())) throw invalid('startsAt', 'not a real date-time');
    if (Number.isNaN(endsAt.getTime())) throw invalid('endsAt', 'not a real date-time');
    if (endsAt <= startsAt) throw invalid('endsAt', 'must be after startsAt');
    if (endsAt.getTime() - startsAt.getTime() > MAX_DAYS * DAY_MS) {
      throw invalid('endsAt', `more than ${MAX_DAYS} days after startsAt`);
    }
    if (startsAt.getTime() > this.work.now().getTime() + MAX_YEARS_AHEAD * 366 * DAY_MS) {
      throw invalid('startsAt', `more than ${MAX_YEARS_AHEAD} years ahead`);
    }
    const topics = [...new Set(dto.topics ?? [])];
    const unknownTopic = topics.find((t) => !isTopicTag(t));
    if (unknownTopic !== undefined) throw invalid('topics', `unknown topic ${unknownTopic}`);
    const place = dto.place || null;
    const onlineUrl = dto.onlineUrl ? checkHttpUrl(dto.onlineUrl, 'onlineUrl') : null;
    if (!place && !onlineUrl) throw invalid('place', 'a place or an online link (onlineUrl) is required');
    const unit = await this.repo.unit(dto.organiserUnitId);
    if (!unit) throw invalid('organiserUnitId', 'unknown unit');
    if (!(await this.units.canActOn(actor, unit.id, Policy.TrainingManage))) {
      throw new ForbiddenError('the organising unit is outside the subtree you manage');
    }
    if (unit.status !== 'active') throw invalid('organiserUnitId', 'closed unit');
    const targetRoleIds = await this.activeRoles('targetRoleIds', dto.targetRoleIds ?? []);
    const countingRoleIds = await this.activeRoles('countingRoleIds', dto.countingRoleIds ?? []);
    if (dto.courseId && !(await this.repo.courseUsable(dto.courseId))) throw invalid('courseId', 'unknown course');
    return {
      title: dto.title,
      kind: dto.kind,
      topics: orderTopicTags(topics),
      organiserUnitId: unit.id,
      startsAt,
      endsAt,
      place,
      onlineUrl,
      capacity: dto.capacity ?? null,
      trainers: dto.trainers || null,
      requiredShare: dto.requiredShare ?? 100,
      validityMonths: dto.validityMonths ?? null,
      courseId: dto.courseId ?? null,
      targetRoleIds,
      countingRoleIds,
    };
  }

  private async activeRoles(field: string, ids: string[]): Promise<string[]> {
    const unique = [...new Set(ids)];
    const active = await this.roles.activeIds(unique);
    const unknown = unique.filter((id) => !active.has(id));
    if (unknown.length) throw invalid(field, `unknown or retired roles ${unknown.join(', ')}`);
    return unique.sort();
  }

  private async getOrThrow(id: string): Promise<SessionResponse> {
    const s = await this.repo.find(id);
    if (!s) throw new NotFoundError(`training session ${id} not found`);
    return s;
  }
}
