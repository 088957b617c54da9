import { Injectable } from '@nestjs/common';
import { Actor, AppConfig, ConflictError, ForbiddenError, NotFoundError } from '@app/common';
import { UnitOfWork } from '@app/jobs';
import { MailMessage, Mailer } from '@app/mail';
import { Policy, scopesFor } from '@app/org';
import { InvitationResponse, InvitationStatus } from './dto/invitation.dto';
import { InvitationRepository, InviteePerson } from './invitation.repository';
import { hashInvitationToken, INVITATION_TTL_MS, newInvitationToken } from './invitation-token';

/**
 * Organisers (and admins) invite people of their subtree who have no account yet: an activation link valid
 * 7 days, shown once to the inviter and e-mailed when SMTP is configured. Re-inviting revokes the open one.
 * People outside the inviter's subtrees answer 404, in SQL.
 */
@Injectable()
export class InvitationsService {
  constructor(
    private readonly work: UnitOfWork,
    private readonly invitations: InvitationRepository,
    private readonly config: AppConfig,
    private readonly mailer: Mailer,
  ) {}

  async invite(actor: Actor, personId: string): Promise<InvitationResponse> {
    const scopes = this.scopesOf(actor);
    const token = newInvitationToken();
    const now = this.work.now();
    const expiresAt = new Date(now.getTime() + INVITATION_TTL_MS);
    const activationUrl = `${this.config.publicUrl}/activate/${token}`;
    const { invitationId, emailed } = await this.work.run(actor, async (tx) => {
      const m = tx.manager;
      const person = await this.invitations.findPersonInScope(scopes, personId, m, true);
      if (!person) throw new NotFoundError(`person ${personId} not found`);
      this.assertInvitable(person);
      const revoked = await this.invitations.revokeOpen(m, personId, now);
      const id = await this.invitations.insert(m, {
        personId,
        tokenHash: hashInvitationToken(token),
        createdBy: actor.accountId,
        createdAt: now,
        expiresAt,
      });
      const mail = !!this.config.smtpUrl && !!person.email;
      if (mail && person.email) {
        await this.mailer.send(invitationMail(person.fullName, person.email, activationUrl, expiresAt), m);
      }
      const details = {
        invitationId: id,
        revokedInvitationIds: revoked,
        emailed: mail,
        expiresAt: expiresAt.toISOString(),
      };
      await tx.audit({ action: 'account.invite', entity: 'person', entityId: personId, details });
      return { invitationId: id, emailed: mail };
    });
    return { invitationId, activationUrl, expiresAt: expiresAt.toISOString(), emailed };
  }

  /** Revokes an open invitation; revoking one already revoked changes nothing; a used one is 409. */
  async revoke(actor: Actor, invitationId: string): Promise<{ personId: string }> {
    const scopes = this.scopesOf(actor);
    return this.work.run(actor, async (tx) => {
      const invitation = await this.invitations.lockInScope(tx.manager, scopes, invitationId);
      if (!invitation) throw new NotFoundError(`invitation ${invitationId} not found`);
      if (invitation.usedAt) throw new ConflictError('this invitation has already been used: the account exists');
      if (!invitation.revokedAt) {
        await this.invitations.revoke(tx.manager, invitationId, tx.now);
        const entityId = invitation.personId;
        await tx.audit({ action: 'account.invite_revoke', entity: 'person', entityId, details: { invitationId } });
      }
      return { personId: invitation.personId };
    });
  }

  /** For the organiser's page: the person and their open invitation, if any. */
  async status(actor: Actor, personId: string): Promise<InvitationStatus> {
    const person = await this.invitations.findPersonInScope(this.scopesOf(actor), personId);
    if (!person) throw new NotFoundError(`person ${personId} not found`);
    const open = await this.invitations.findOpenFor(personId);
    return {
      person: {
        id: person.id,
        fullName: person.fullName,
        email: person.email,
        hasAccount: person.accountId !== null,
        hasLeft: person.status === 'left',
      },
      open: open && {
        id: open.id,
        createdAt: open.createdAt.toISOString(),
        expiresAt: open.expiresAt.toISOString(),
        expired: open.expiresAt <= this.work.now(),
      },
    };
  }

  private assertInvitable(person: InviteePerson): void {
    if (person.accountId) {
      throw new ConflictError('this person already has an account', [
        { field: 'personId', reason: 'already has an account' },
      ]);
    }
    if (person.status === 'left') {
      throw new ConflictError('this person has left: change their status before inviting them', [
        { field: 'personId', reason: 'has left' },
      ]);
    }
  }

  private scopesOf(actor: Actor): string[] {
    const scopes = scopesFor(actor, Policy.AccountManage);
    if (scopes.length === 0) throw new ForbiddenError('only administrators and organisers invite people');
    return scopes;
  }
}

/** The invitation e-mail, Vietnamese first. */
export function invitationMail(fullName: string, to: string, url: string, expiresAt: Date): MailMessage {
  const until = `${expiresAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return {
    kind: 'account.invitation',
    to,
    subject: 'Mộc: kích hoạt tài khoản học tập / activate your learning account',
    text:
      `Xin chào ${fullName},\n\nĐơn vị của bạn mời bạn tham gia bồi dưỡng trên Mộc. Mở liên kết dưới đây để chọn ` +
      `tên đăng nhập và mật khẩu (liên kết dùng được một lần, đến ${until}):\n\n${url}\n\n` +
      `Nếu bạn không chờ thư này, hãy bỏ qua nó.\n\n---\n\nHello ${fullName},\n\nYour unit invites you to train on ` +
      `Mộc. Open the link above to choose a login and a password (it works once, until ${until}).\n` +
      `If you were not expecting this message, ignore it.\n`,
  };
}
