import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor, ConflictError, NotFoundError, Permission, ValidationError } from '@app/common';
import { UnitOfWork } from '@app/jobs';
import { OrgUnitsService, PeopleService } from '@app/org';
import { AccountRepository } from '../accounts/account.repository';
import { assertPasswordPolicy, hashPassword } from '../passwords';
import { ActivateAccountDto, ActivationPreview, InvitationGoneError } from './dto/invitation.dto';
import { InvitationRepository, InvitationRow, InviteePerson } from './invitation.repository';
import { hashInvitationToken, isInvitationTokenShaped } from './invitation-token';
import { baseLogin, loginCandidates } from './login-suggestion';

export interface ActivationClient {
  requestId?: string;
  ip?: string;
}

const isUniqueViolation = (e: unknown): boolean => (e as { code?: string }).code === '23505';

/**
 * Turns an activation link into an account: the invited person picks a login and a password, and gets a
 * learner account on their unit, linked to their roster entry. Unknown links are 404; used, expired, revoked
 * or otherwise spent links are 410. Neither says whose link it was.
 */
@Injectable()
export class ActivationService {
  constructor(
    private readonly work: UnitOfWork,
    private readonly invitations: InvitationRepository,
    private readonly accounts: AccountRepository,
    private readonly units: OrgUnitsService,
    private readonly people: PeopleService,
  ) {}

  /** What the activation form shows for a valid link. */
  async preview(token: string): Promise<ActivationPreview> {
    const invitation = await this.findValid(token);
    const person = await this.invitations.findPerson(invitation.personId);
    if (!person) throw new InvitationGoneError('expired');
    this.assertPersonOpen(person);
    return {
      fullName: person.fullName,
      suggestedLogin: await this.freeLogin(baseLogin(person.fullName, person.email)),
      expiresAt: invitation.expiresAt.toISOString(),
    };
  }

  /** Creates the account, its learner grant and the link to the person, and spends the invitation: one transaction. */
  async activate(
    token: string,
    dto: ActivateAccountDto,
    client: ActivationClient = {},
  ): Promise<{ accountId: string }> {
    await this.findValid(token);
    assertPasswordPolicy(dto.password);
    if (dto.password !== dto.passwordConfirm) {
      throw new ValidationError('passwordConfirm: the two passwords differ', [
        { field: 'passwordConfirm', reason: 'does not match the password' },
      ]);
    }
    const passwordHash = await hashPassword(dto.password);
    try {
      return await this.work.run(null, async ({ manager: m, now }) => {
        const invitation = await this.findValid(token, m);
        const person = await this.invitations.lockPerson(m, invitation.personId);
        if (!person) throw new InvitationGoneError('expired');
        this.assertPersonOpen(person);
        if ((await this.accounts.loginTaken(m, dto.login, null)) === 'login') {
          throw new ConflictError('this login is already used by another account', [
            { field: 'login', reason: 'already used' },
          ]);
        }
        const email = person.email && !(await this.accounts.loginTaken(m, '', person.email)) ? person.email : null;
        const scopeUnitId = person.unitId ?? (await this.units.getRoot()).id;
        const accountId = await this.accounts.insert(m, {
          login: dto.login,
          email,
          displayName: person.fullName,
          passwordHash,
          homeUnitId: person.unitId,
          now,
        });
        const grantId = await this.accounts.insertGrant(m, accountId, Permission.Learner, scopeUnitId, now);
        if (!(await this.people.linkAccount(m, person.id, accountId))) {
          throw new ConflictError('this person already has an account');
        }
        await this.invitations.markUsed(m, invitation.id, now);
        const actor: Actor = {
          accountId,
          grants: [{ permission: Permission.Learner, scopeUnitId }],
          via: 'web',
          ...client,
        };
        // The new account acts: a Tx of theirs on the same transaction writes the entry.
        const details = {
          personId: person.id,
          invitationId: invitation.id,
          grantId,
          permission: 'learner',
          scopeUnitId,
        };
        await this.work
          .join(m, actor, now)
          .audit({ action: 'account.activate', entity: 'account', entityId: accountId, details });
        return { accountId };
      });
    } catch (e) {
      // Two activations racing on one login or person: the loser is told plainly.
      if (isUniqueViolation(e)) {
        throw new ConflictError('this login is already used by another account', [
          { field: 'login', reason: 'already used' },
        ]);
      }
      throw e;
    }
  }

  /** The invitation behind a token, if it may still be used (locked when inside a transaction). */
  private async findValid(token: string, m?: EntityManager): Promise<InvitationRow> {
    const invitation = isInvitationTokenShaped(token)
      ? await this.invitations.findByTokenHash(hashInvitationToken(token), m, !!m)
      : null;
    if (!invitation) throw new NotFoundError('this activation link is not valid: check that it was copied whole');
    if (invitation.usedAt) throw new InvitationGoneError('used');
    if (invitation.revokedAt || invitation.expiresAt <= this.work.now()) throw new InvitationGoneError('expired');
    return invitation;
  }

  private assertPersonOpen(person: InviteePerson): void {
    if (person.accountId) throw new InvitationGoneError('used');
    if (person.status === 'left') throw new InvitationGoneError('expired');
  }

  private async freeLogin(base: string): Promise<string> {
    for (const candidate of loginCandidates(base)) {
      if (!(await this.accounts.loginTaken(undefined, candidate, null))) return candidate;
    }
    return '';
  }
}
