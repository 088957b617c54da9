import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Actor, Clock, ConflictError, ForbiddenError, NotFoundError, ValidationError } from '@app/common';
import { vietnamDay } from '@app/certificates';
import { UnitOfWork } from '@app/jobs';
import { orderTopicTags } from '@app/learning';
import { admits, OrgUnitsService, Policy, RolesService, RosterChangeLog, scopesFor } from '@app/org';
import { ObjectStream, StorageService } from '@app/storage';
import { countsOn } from './counting-external-records';
import { EvidenceUpload, storeEvidence } from './evidence';
import {
  ApproveExternalTrainingDto,
  CreateExternalTrainingDto,
  DecideExternalTrainingDto,
  ExternalTrainingListResponse,
  ExternalTrainingResponse,
  ListExternalTrainingQueryDto,
} from './external-training.dto';
import { ExternalTrainingRepository, ExternalTrainingRow } from './external-training.repository';
import { trainingChanges } from './training-changes';

/**
 * Training done elsewhere: a learner records their own, an organiser records one for a person of their subtree; an
 * organiser who manages the person's (current) unit approves it for some roles, rejects it, or later revokes the
 * approval, each with its audit entry and roster change rows in one transaction. A record the caller may not see
 * is 404; a decision by someone who does not manage the person is 403.
 */
@Injectable()
export class ExternalTrainingService {
  private readonly logger = new Logger(ExternalTrainingService.name);

  constructor(
    private readonly repo: ExternalTrainingRepository,
    private readonly units: OrgUnitsService,
    private readonly roles: RolesService,
    private readonly storage: StorageService,
    private readonly work: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  today(): string {
    return vietnamDay(this.clock.now());
  }

  async create(
    actor: Actor,
    dto: CreateExternalTrainingDto,
    evidence: EvidenceUpload | null | undefined,
  ): Promise<ExternalTrainingResponse> {
    const personId = await this.submittablePerson(actor, dto.personId);
    if (dto.endedOn < dto.startedOn) {
      throw new ValidationError('endedOn must not be before startedOn', [
        { field: 'endedOn', reason: 'must not be before startedOn' },
      ]);
    }
    if (dto.endedOn > this.today()) {
      throw new ValidationError('endedOn must not be in the future: record training once it is done', [
        { field: 'endedOn', reason: 'must not be after today' },
      ]);
    }
    const id = randomUUID();
    const stored = await storeEvidence(this.storage, `external-training/${id}/evidence`, evidence);
    const audit = { action: 'external_training.create', entity: 'external_training', entityId: id, details: {} };
    try {
      await this.work.run(actor, { audit }, ({ manager, now }) =>
        this.repo.insert(
          manager,
          {
            id,
            personId,
            organiser: dto.organiser,
            title: dto.title,
            startedOn: dto.startedOn,
            endedOn: dto.endedOn,
            hours: dto.hours,
            topics: orderTopicTags(dto.topics ?? []),
            evidenceKey: stored.key,
            evidenceType: stored.contentType,
            evidenceName: cleanName(evidence!.originalName, stored.contentType),
            submittedBy: actor.accountId,
          },
          now,
        ),
      );
    } catch (e) {
      await this.storage.delete(stored.key).catch((err: unknown) => this.logger.warn({ err, id }, 'evidence left'));
      throw e;
    }
    return this.get(actor, id);
  }

  async list(actor: Actor, q: ListExternalTrainingQueryDto): Promise<ExternalTrainingListResponse> {
    const scopes = scopesFor(actor, Policy.TrainingRecordRead);
    if (scopes.length === 0) throw new ForbiddenError('only administrators, organisers and agencies list records');
    if (q.unitId) await this.units.getVisibleUnit(actor, q.unitId);
    const { total, items } = await this.repo.list({ ...q, scopes });
    return { total, items: items.map((r) => this.toResponse(r)) };
  }

  /** The caller's own records (none when the account is not linked to a person on the roster). */
  async mine(actor: Actor): Promise<ExternalTrainingResponse[]> {
    const personId = await this.repo.personOfAccount(actor.accountId);
    return personId ? (await this.repo.ofPerson(personId)).map((r) => this.toResponse(r)) : [];
  }

  async get(actor: Actor, id: string): Promise<ExternalTrainingResponse> {
    return this.toResponse(await this.visible(actor, id));
  }

  /** The evidence file, for whoever may see the record. */
  async evidence(actor: Actor, id: string): Promise<ObjectStream & { filename: string }> {
    const r = await this.visible(actor, id);
    return { ...(await this.storage.getStream(r.evidenceKey)), filename: r.evidenceName };
  }

  /**
   * Approves a pending record for `roleIds` (default: the person's roles today) from today (Vietnam calendar) until
   * `expiresOn`. Approving an approved record again is 409 and changes nothing: there is one approval.
   */
  async approve(actor: Actor, id: string, dto: ApproveExternalTrainingDto): Promise<ExternalTrainingResponse> {
    await this.managed(actor, id);
    if (dto.roleIds) {
      const known = await this.roles.activeIds(dto.roleIds);
      const unknown = dto.roleIds.filter((r) => !known.has(r));
      if (unknown.length) {
        throw new ValidationError(`roleIds: unknown or retired roles ${unknown.join(', ')}`, [
          { field: 'roleIds', reason: 'must be roles of the catalogue' },
        ]);
      }
    }
    const audit = (roleIds: string[]) => ({
      action: 'external_training.approve',
      entity: 'external_training',
      entityId: id,
      details: { roleIds, expiresOn: dto.expiresOn ?? null },
    });
    await this.work.run(actor, { audit }, async ({ manager: m, now: at }) => {
      const r = await this.lockedPending(m, id, 'approved');
      const on = vietnamDay(at);
      if (dto.expiresOn !== undefined && dto.expiresOn <= on) {
        throw new ValidationError('expiresOn must be after today', [
          { field: 'expiresOn', reason: 'must be after today' },
        ]);
      }
      const roleIds = dto.roleIds ?? (await this.repo.rolesOn(r.personId, on, m));
      if (roleIds.length === 0) {
        throw new ValidationError('roleIds: the person holds no role today; name the roles it counts for', [
          { field: 'roleIds', reason: 'required: the person holds no role today' },
        ]);
      }
      await this.repo.approve(m, id, { by: actor.accountId, at, on, expiresOn: dto.expiresOn ?? null, roleIds });
      await RosterChangeLog.append(m, trainingChanges('training_approved', on, r.personId, id, roleIds));
      return roleIds;
    });
    return this.get(actor, id);
  }

  async reject(actor: Actor, id: string, dto: DecideExternalTrainingDto): Promise<ExternalTrainingResponse> {
    await this.managed(actor, id);
    const audit = { action: 'external_training.reject', entity: 'external_training', entityId: id, details: {} };
    await this.work.run(actor, { audit }, async ({ manager: m, now: at }) => {
      await this.lockedPending(m, id, 'rejected');
      await this.repo.reject(m, id, { by: actor.accountId, at, reason: dto.reason });
    });
    return this.get(actor, id);
  }

  /** Withdraws an approval from today on: the record stops counting today (it still counted on the days before). */
  async revoke(actor: Actor, id: string, dto: DecideExternalTrainingDto): Promise<ExternalTrainingResponse> {
    await this.managed(actor, id);
    const audit = { action: 'external_training.revoke', entity: 'external_training', entityId: id, details: {} };
    await this.work.run(actor, { audit }, async ({ manager: m, now: at }) => {
      const r = (await this.repo.find(id, m, true))!;
      if (r.status !== 'approved') throw new ConflictError(`record ${id} is ${r.status}: only an approval is revoked`);
      const on = vietnamDay(at);
      await this.repo.revoke(m, id, { by: actor.accountId, at, on, reason: dto.reason });
      const roleIds = r.roles.map((role) => role.id);
      await RosterChangeLog.append(m, trainingChanges('training_revoked', on, r.personId, id, roleIds));
    });
    return this.get(actor, id);
  }

  /** True when the caller may approve, reject or revoke the record (no error either way). */
  async canDecide(actor: Actor, id: string): Promise<boolean> {
    return this.managed(actor, id).then(
      () => true,
      () => false,
    );
  }

  /** The roles an approval of the record names by default: the person's roles today. */
  async defaultRoles(actor: Actor, id: string): Promise<string[]> {
    const r = await this.managed(actor, id);
    return this.repo.rolesOn(r.personId, this.today());
  }

  private async lockedPending(
    m: Parameters<ExternalTrainingRepository['approve']>[0],
    id: string,
    to: 'approved' | 'rejected',
  ): Promise<ExternalTrainingRow> {
    const r = (await this.repo.find(id, m, true))!;
    if (r.status === to) throw new ConflictError(`record ${id} is already ${to}`);
    if (r.status !== 'pending') {
      throw new ConflictError(`record ${id} is ${r.status}: only a pending record is decided`);
    }
    return r;
  }

  /** Whose record the caller submits: their own person, or (organisers) a person of their subtree. */
  private async submittablePerson(actor: Actor, personId: string | undefined): Promise<string> {
    const own = await this.repo.personOfAccount(actor.accountId);
    if (!personId || personId === own) {
      if (!own) {
        throw new ValidationError('personId: your account is not linked to a person on the roster; name the person', [
          { field: 'personId', reason: 'required: the account has no person on the roster' },
        ]);
      }
      return own;
    }
    const person = await this.repo.person(personId);
    if (!person) throw new NotFoundError(`person ${personId} not found`);
    if (!person.unitId || !(await this.units.canActOn(actor, person.unitId, Policy.TrainingRecordManage))) {
      throw new ForbiddenError('you may record training only for yourself or for people of your units');
    }
    return personId;
  }

  /** The record when the caller may decide it: an organiser (or admin) over the person's unit, not the person. */
  private async managed(actor: Actor, id: string): Promise<ExternalTrainingRow> {
    const r = await this.repo.find(id);
    if (!r) throw new NotFoundError(`record ${id} not found`);
    const manages =
      admits(actor, Policy.TrainingRecordManage) &&
      r.personUnitId !== null &&
      (await this.units.canActOn(actor, r.personUnitId, Policy.TrainingRecordManage));
    if (!manages) throw new ForbiddenError('only an organiser of the person’s unit decides this record');
    if ((await this.repo.personOfAccount(actor.accountId)) === r.personId) {
      throw new ForbiddenError('nobody decides a record of their own training');
    }
    return r;
  }

  /** The record when the caller may see it: its person, or a reader over the person's current unit; else 404. */
  private async visible(actor: Actor, id: string): Promise<ExternalTrainingRow> {
    const r = await this.repo.find(id);
    if (r) {
      if ((await this.repo.personOfAccount(actor.accountId)) === r.personId) return r;
      if (
        admits(actor, Policy.TrainingRecordRead) &&
        r.personUnitId &&
        (await this.units.canActOn(actor, r.personUnitId, Policy.TrainingRecordRead))
      ) {
        return r;
      }
    }
    throw new NotFoundError(`record ${id} not found`);
  }

  toResponse(r: ExternalTrainingRow): ExternalTrainingResponse {
    return {
      id: r.id,
      personId: r.personId,
      personName: r.personName,
      unitName: r.unitName,
      organiser: r.organiser,
      title: r.title,
      startedOn: r.startedOn,
      endedOn: r.endedOn,
      hours: r.hours,
      topics: r.topics,
      evidenceName: r.evidenceName,
      evidenceType: r.evidenceType,
      status: r.status,
      submittedAt: r.submittedAt.toISOString(),
      decidedAt: r.decidedAt ? r.decidedAt.toISOString() : null,
      reason: r.reason,
      approvedOn: r.approvedOn,
      expiresOn: r.expiresOn,
      revokedOn: r.revokedOn,
      roles: r.roles,
      countsToday: countsOn(r, this.today()),
    };
  }
}

/** The evidence's file name as people will download it: the sent name, with the extension its content has. */
function cleanName(name: string, type: string): string {
  const ext = type === 'application/pdf' ? 'pdf' : type === 'image/png' ? 'png' : 'jpg';
  const base = (name.normalize('NFC').split(/[/\\]/).pop() ?? '').replace(/\.[^.]*$/, '').trim() || 'minh-chung';
  return `${base.slice(0, 150)}.${ext}`;
}
