import { Injectable } from '@nestjs/common';
import { Actor, ConflictError, Permission, TooManyAttemptsError, ValidationError } from '@app/common';
import { UnitOfWork } from '@app/jobs';
import { OrgUnitsService, PeopleService } from '@app/org';
import { AccountRepository } from '../accounts/account.repository';
import { assertPasswordPolicy, hashPassword } from '../passwords';
import { CommuneChoice, RegisteredLearner, RegisterDto } from './dto/register.dto';
import { RegistrationRepository } from './registration.repository';

/**
 * At most this many registrations per IP per hour. Counted in PostgreSQL (registration_attempt), so every
 * API instance behind the load balancer shares the count; an in-memory map would multiply it by the instances.
 */
export const REGISTRATIONS_PER_IP_PER_HOUR = 5;
const WINDOW_MS = 3600_000;

export interface RegistrationClient {
  ip: string;
  requestId?: string;
}

type Outcome = { kind: 'ok'; learner: RegisteredLearner } | { kind: 'conflict'; field: 'login' | 'email' };

/** Members of the public register themselves as learners ("public learner" on the roster, commune optional). */
@Injectable()
export class RegistrationService {
  constructor(
    private readonly work: UnitOfWork,
    private readonly registrations: RegistrationRepository,
    private readonly accounts: AccountRepository,
    private readonly units: OrgUnitsService,
    private readonly people: PeopleService,
  ) {}

  /** The commune named by its code or its name; a ValidationError on `commune` when none or several match. */
  async resolveCommune(text: string): Promise<CommuneChoice> {
    const found: CommuneChoice[] = await this.units.findActiveCommunes(text);
    if (found.length === 0) {
      throw new ValidationError(`commune: no active commune or ward has the code or name "${text}"`, [
        { field: 'commune', reason: 'no commune with this code or name' },
      ]);
    }
    const exactCode = found.find((c) => c.code.toLowerCase() === text.toLowerCase());
    if (exactCode) return exactCode;
    if (found.length > 1) {
      const options = found.map((c) => `${c.code} (${c.name}${c.parentName ? `, ${c.parentName}` : ''})`);
      throw new ValidationError(
        `commune: several communes have this name; enter one of the codes ${options.join('; ')}`,
        [{ field: 'commune', reason: `several communes have this name: enter its code (${options.join('; ')})` }],
      );
    }
    return found[0];
  }

  async register(dto: RegisterDto, client: RegistrationClient): Promise<RegisteredLearner> {
    assertPasswordPolicy(dto.password);
    if (dto.password !== dto.passwordConfirm) {
      throw new ValidationError('passwordConfirm: the two passwords differ', [
        { field: 'passwordConfirm', reason: 'does not match the password' },
      ]);
    }
    const commune = dto.commune ? await this.resolveCommune(dto.commune) : null;
    const rootId = (await this.units.getRoot()).id;
    const passwordHash = await hashPassword(dto.password);
    const ip = client.ip.slice(0, 64);
    const outcome = await this.work
      .run(null, async (tx): Promise<Outcome> => {
        const { manager: m, now } = tx;
        await this.registrations.lockIp(m, ip);
        const recent = await this.registrations.attemptsSince(m, ip, new Date(now.getTime() - WINDOW_MS));
        if (recent.length >= REGISTRATIONS_PER_IP_PER_HOUR) {
          const retryAt = new Date(recent[recent.length - REGISTRATIONS_PER_IP_PER_HOUR].getTime() + WINDOW_MS);
          throw new TooManyAttemptsError(
            `too many registrations from this address: at most ${REGISTRATIONS_PER_IP_PER_HOUR} an hour; try again after ${retryAt.toISOString().slice(11, 16)} UTC`,
            {
              retryAt: retryAt.toISOString(),
              retryAfterSeconds: Math.ceil((retryAt.getTime() - now.getTime()) / 1000),
            },
          );
        }
        // A taken e-mail or login is a refusal, but it still counts: it tells the caller an account exists.
        const taken = await this.accounts.loginTaken(m, dto.login, dto.email);
        if (taken) {
          await this.registrations.recordAttempt(m, ip, now, 'conflict');
          return { kind: 'conflict', field: taken };
        }
        const scopeUnitId = commune?.id ?? rootId;
        const accountId = await this.accounts.insert(m, {
          login: dto.login,
          email: dto.email,
          displayName: dto.fullName,
          passwordHash,
          homeUnitId: commune?.id ?? null,
          now,
        });
        const grantId = await this.accounts.insertGrant(m, accountId, Permission.Learner, scopeUnitId, now);
        // Through org's one write path and its roster listeners: a registrant whose commune and role match an
        // assignment is enrolled in this same transaction, not at the next nightly sync. A retired public learner
        // role refuses the registration (409), and the account above rolls back with it.
        const { personId, roleId } = await this.people.addPublicLearner(m, {
          fullName: dto.fullName,
          email: dto.email,
          unitId: commune?.id ?? null,
          accountId,
          on: tx.today,
        });
        await this.registrations.recordAttempt(m, ip, now, 'registered');
        const actor: Actor = {
          accountId,
          grants: [{ permission: Permission.Learner, scopeUnitId }],
          via: 'web',
          requestId: client.requestId,
          ip,
        };
        // The registrant acts: a Tx of theirs on the same transaction writes both entries.
        const as = this.work.join(m, actor, now);
        const communeId = commune?.id ?? null;
        const registered = { personId, grantId, permission: 'learner', scopeUnitId, communeId };
        await as.audit({ action: 'account.register', entity: 'account', entityId: accountId, details: registered });
        const created = { unitId: communeId, roleIds: [roleId], via: 'register' };
        await as.audit({ action: 'person.create', entity: 'person', entityId: personId, details: created });
        return { kind: 'ok', learner: { accountId, personId, communeId: commune?.id ?? null } };
      })
      .catch((e: unknown): Outcome => {
        // Two registrations racing for one login or e-mail (from different addresses): the loser gets a 409.
        if ((e as { code?: string }).code === '23505') return { kind: 'conflict', field: 'email' };
        throw e;
      });
    if (outcome.kind === 'conflict') {
      throw new ConflictError(`this ${outcome.field} is already used by another account`, [
        { field: outcome.field, reason: 'already used' },
      ]);
    }
    return outcome.learner;
  }
}
