import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import {
  Actor,
  AppConfig,
  ConflictError,
  effectiveDate,
  escapeLike,
  ForbiddenError,
  NotFoundError,
  ValidationError,
} from '@app/common';
import { UnitOfWork } from '@app/jobs';
import { Policy, scopesFor } from '../access/policy';
import type { RosterChange } from '../changes/roster-change';
import { RosterChangeLog } from '../changes/roster-change-log';
import { PUBLIC_LEARNER_ROLE, RolesService } from '../roles/roles.service';
import { OrgUnitsService } from '../units/org-units.service';
import {
  ChangePersonStatusDto,
  CreatePersonDto,
  ListPeopleQueryDto,
  MovePersonDto,
  PersonHistoryResponse,
  PersonListResponse,
  PersonResponse,
} from './dto/person.dto';
import { ContactPolicy, StoredPerson, withoutContact } from './contact-policy';
import { PageCursors, PageKey, queryFingerprint } from './paging/page-cursor';
import { PersonRepository } from './person.repository';
import { NewPerson, peopleColumns, PersonWriter } from './person-writer';
import { RosterHooks } from './roster-hooks';

/** Offsets beyond this are refused: deeper pages are reached with the keyset cursors, at the same speed. */
export const MAX_OFFSET = 1_000;

/** The roster: who must be trained, in which unit, in which role, over time. */
@Injectable()
export class PeopleService {
  constructor(
    private readonly work: UnitOfWork,
    private readonly people: PersonRepository,
    private readonly units: OrgUnitsService,
    private readonly roles: RolesService,
    private readonly hooks: RosterHooks,
    private readonly contact: ContactPolicy,
    config: AppConfig,
  ) {
    this.cursors = new PageCursors(config.sessionSecret, 'people-page');
  }

  private readonly cursors: PageCursors;

  async create(actor: Actor, dto: CreatePersonDto): Promise<PersonResponse> {
    await this.assertCan(actor, dto.unitId, Policy.RosterWrite);
    const roleIds = [...new Set(dto.roleIds)];
    const active = await this.roles.activeIds(roleIds);
    const unknown = roleIds.filter((id) => !active.has(id));
    if (unknown.length) {
      throw new ValidationError(`roleIds: unknown or retired roles ${unknown.join(', ')}`, [
        { field: 'roleIds', reason: 'unknown or retired role' },
      ]);
    }
    const on = effectiveDate(dto.effectiveFrom, this.work.today());
    const details = { unitId: dto.unitId, roleIds };
    const audit = (personId: string) => ({ action: 'person.create', entity: 'person', entityId: personId, details });
    const id = await this.work.run(actor, { audit }, async ({ manager: m }) => {
      const provinceId = await this.people.provinceOf(m, dto.unitId);
      if (dto.employeeCode && (await this.people.codeTaken(m, provinceId, dto.employeeCode))) {
        throw new ConflictError(`employee code ${dto.employeeCode} is already used in this province`, [
          { field: 'employeeCode', reason: 'already used in the province' },
        ]);
      }
      const [personId] = await this.createMany(m, [
        { ...dto, provinceId, roleIds, status: dto.status ?? 'active', joinedOn: on },
      ]);
      return personId;
    });
    return this.getOrThrow(id, true);
  }

  /**
   * Puts people on the roster inside the caller's transaction, set-based (PersonWriter: one statement for all of
   * them, their change-log rows included), then tells the roster listeners (e.g. learning enrols those who match an
   * assignment, in this same transaction) unless `notify` is false (the import tells them once at its end). The
   * caller has checked who may do this and that employee codes are free. Returns the ids, in order.
   */
  async createMany(m: EntityManager, people: NewPerson[], { notify = true } = {}): Promise<string[]> {
    await PersonWriter.insert(m, peopleColumns(people));
    const ids = people.map((p) => p.id!);
    if (notify) await this.hooks.peopleChanged(ids, m);
    return ids;
  }

  /**
   * A member of the public who registered (identity's registration, in its transaction): on the roster from `on`,
   * active, with the public learner role, in the commune when one was given (employee codes: its province). Through
   * createMany and its roster listeners, so an assignment of the commune to public learners enrols them at once.
   */
  async addPublicLearner(
    m: EntityManager,
    p: { fullName: string; email: string; unitId: string | null; accountId: string; on: string },
  ): Promise<{ personId: string; roleId: string }> {
    const roleId = (await this.roles.activeIdsByCode([PUBLIC_LEARNER_ROLE])).get(PUBLIC_LEARNER_ROLE);
    if (!roleId) throw new ConflictError('public registration is closed: the "public learner" role is retired');
    const provinceId = p.unitId ? await this.people.provinceOf(m, p.unitId) : null;
    const [personId] = await this.createMany(m, [
      { ...p, provinceId, roleIds: [roleId], status: 'active', joinedOn: p.on },
    ]);
    return { personId, roleId };
  }

  /** Links a person on the roster to their account (activation, demo accounts); false when already linked. */
  linkAccount(m: EntityManager, personId: string, accountId: string): Promise<boolean> {
    return this.people.linkAccount(m, personId, accountId);
  }

  /** One person; e-mail, phone and birth date only for those who manage them, and then audited (ContactPolicy). */
  async get(actor: Actor, id: string): Promise<PersonResponse> {
    const person = await this.visible(actor, id, Policy.RosterRead);
    return this.contact.detailFor(actor, person);
  }

  async history(actor: Actor, id: string): Promise<PersonHistoryResponse> {
    await this.visible(actor, id, Policy.RosterRead);
    return this.people.history(id);
  }

  /** A page of people, never with e-mail, phone or birth date (bulk contact details: the audited roster export). */
  async list(actor: Actor, q: ListPeopleQueryDto): Promise<PersonListResponse> {
    const scopes = scopesFor(actor, Policy.RosterRead);
    if (scopes.length === 0) throw new ForbiddenError('learners cannot list the roster');
    if (q.unitId) await this.assertCan(actor, q.unitId, Policy.RosterRead);
    if (q.offset > MAX_OFFSET && !q.cursor) {
      throw new ValidationError(`offset: at most ${MAX_OFFSET}; go further with the page cursors (next, prev)`, [
        { field: 'offset', reason: `at most ${MAX_OFFSET}` },
      ]);
    }
    const fingerprint = queryFingerprint({ unitId: q.unitId, roleId: q.roleId, status: q.status, q: q.q });
    const cursor = q.cursor ? this.cursors.decode(q.cursor, fingerprint) : undefined;
    const contactScopes = scopesFor(actor, Policy.ContactRead);
    const found = await this.people.page(scopes, contactScopes, {
      ...q,
      q: q.q ? escapeLike(q.q) : undefined,
      cursor,
    });
    const { rows, order } = found;
    const at = (i: number): PageKey => ({ name: rows[i].sortKey, id: rows[i].id });
    const backwards = cursor?.direction === 'prev';
    // Going forward there is a page before when we came from one (cursor) or skipped rows (offset); going back,
    // there is one before when more rows than the page were found, and always one after (we came from it).
    const hasNext = backwards ? true : found.hasMore;
    const hasPrev = backwards ? found.hasMore : Boolean(cursor) || q.offset > 0;
    return {
      items: rows.map(({ sortKey: _key, ...p }) => p),
      total: found.total,
      totalCapped: found.capped,
      next:
        hasNext && rows.length
          ? this.cursors.encode({ direction: 'next', order, key: at(rows.length - 1) }, fingerprint)
          : null,
      prev: hasPrev && rows.length ? this.cursors.encode({ direction: 'prev', order, key: at(0) }, fingerprint) : null,
    };
  }

  /** The person leaves one unit and joins another on the given day; earlier figures keep the old unit. */
  async move(actor: Actor, id: string, dto: MovePersonDto): Promise<PersonResponse> {
    const person = await this.visible(actor, id, Policy.RosterWrite);
    await this.assertCan(actor, dto.unitId, Policy.RosterWrite);
    const on = effectiveDate(dto.effectiveFrom, this.work.today());
    const details = { fromUnitId: person.unitId, toUnitId: dto.unitId, effectiveFrom: on };
    const audit = { action: 'person.move', entity: 'person', entityId: id, details };
    await this.work.run(actor, { audit }, async ({ manager: m }) => {
      this.assertNotBefore(await this.people.openPeriodStart(m, 'person_membership', id), on);
      await this.people.moveUnit(m, id, dto.unitId, on);
      await RosterChangeLog.append(m, [
        { kind: 'person_moved', effectiveFrom: on, personId: id, unitId: dto.unitId, otherUnitId: person.unitId },
      ]);
      await this.hooks.peopleChanged([id], m);
    });
    return this.getOrThrow(id);
  }

  async changeStatus(actor: Actor, id: string, dto: ChangePersonStatusDto): Promise<PersonResponse> {
    const person = await this.visible(actor, id, Policy.RosterWrite);
    const on = effectiveDate(dto.effectiveFrom, this.work.today());
    const details = { status: dto.status, effectiveFrom: on };
    const audit = { action: 'person.status', entity: 'person', entityId: id, details };
    await this.work.run(actor, { audit }, async ({ manager: m }) => {
      this.assertNotBefore(await this.people.openPeriodStart(m, 'person_status_period', id), on);
      await this.people.changeStatus(m, id, dto.status, on);
      const kind = dto.status === 'left' ? 'person_left' : 'person_status';
      const change: RosterChange = { kind, effectiveFrom: on, personId: id, unitId: person.unitId };
      await RosterChangeLog.append(m, [{ ...change, payload: { status: dto.status } }]);
      await this.hooks.peopleChanged([id], m);
    });
    return this.getOrThrow(id);
  }

  private assertNotBefore(openFrom: string | null, on: string): void {
    if (openFrom && on < openFrom) {
      throw new ValidationError(`effectiveFrom: the current period began on ${openFrom}`, [
        { field: 'effectiveFrom', reason: `before ${openFrom}` },
      ]);
    }
  }

  /** The person if their current unit lies in a scope where the actor holds a grant the policy admits; 404 otherwise. */
  private async visible(actor: Actor, id: string, policy: Policy): Promise<StoredPerson> {
    const person = await this.people.findById(id);
    if (!person || !person.unitId || !(await this.units.canActOn(actor, person.unitId, policy))) {
      throw new NotFoundError(`person ${id} not found`);
    }
    return person;
  }

  private async assertCan(actor: Actor, unitId: string, policy: Policy): Promise<void> {
    await this.units.getVisibleUnit(actor, unitId);
    if (!(await this.units.canActOn(actor, unitId, policy))) {
      throw new ForbiddenError('the unit is outside the subtree you manage');
    }
  }

  /** The person after a write, without contact details; `create` echoes back the details its caller just typed. */
  private async getOrThrow(id: string, echoContact = false): Promise<PersonResponse> {
    const person = await this.people.findById(id);
    if (!person) throw new NotFoundError(`person ${id} not found`);
    return echoContact ? this.contact.asWritten(person) : { ...withoutContact(person), contactShown: false };
  }
}
