import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@app/audit';
import { Clock, TooManyAttemptsError, UnauthorizedError } from '@app/common';
import { AccountRepository, FailureSubject } from '../accounts/account.repository';
import { AccountRow, Principal, toActor } from '../accounts/account.types';
import { burnPasswordCheck, verifyPassword } from '../passwords';
import { verifyTotp } from '../totp/totp';

export const MAX_FAILED_LOGINS = 10;
export const LOCK_WINDOW_MS = 15 * 60_000;
/** One message for an unknown login and a wrong password: nothing tells which logins exist. */
export const BAD_CREDENTIALS = 'wrong login or password';

export interface Credentials {
  login: string;
  password: string;
  totp?: string;
}

export interface ClientContext {
  via: 'api' | 'web';
  requestId?: string;
  ip?: string;
}

type Outcome =
  | { kind: 'ok'; principal: Principal }
  | { kind: 'locked'; retryAt: Date }
  | { kind: 'bad' }
  | { kind: 'bad-totp' }
  | { kind: 'totp-required' }
  | { kind: 'disabled' };

/** Checks logins, with the lock: at most 10 failures per account (or unknown login) in any 15 minutes. */
@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly accounts: AccountRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** The principal for good credentials; UnauthorizedError (401) or TooManyAttemptsError (429) otherwise. */
  async verifyCredentials(input: Credentials, ctx: ClientContext): Promise<Principal> {
    const account = await this.accounts.findByLogin(input.login);
    const subject: FailureSubject = {
      accountId: account?.id ?? null,
      loginKey: input.login.trim().toLowerCase().slice(0, 254),
    };
    // Serialise the attempts on one subject so parallel guesses cannot slip past the count.
    const outcome = await this.db.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [
        `login:${subject.accountId ?? subject.loginKey}`,
      ]);
      return this.attempt(m, account, subject, input, ctx);
    });
    switch (outcome.kind) {
      case 'ok':
        return outcome.principal;
      case 'locked': {
        const minutes = Math.max(1, Math.ceil((outcome.retryAt.getTime() - this.clock.now().getTime()) / 60_000));
        throw new TooManyAttemptsError(
          `too many failed logins: this account is locked until ${outcome.retryAt.toISOString().slice(11, 16)} UTC; try again in ${minutes} minute${minutes === 1 ? '' : 's'}`,
          { retryAt: outcome.retryAt.toISOString(), retryAfterSeconds: minutes * 60 },
        );
      }
      case 'bad':
        throw new UnauthorizedError(BAD_CREDENTIALS);
      case 'bad-totp':
        throw new UnauthorizedError('the authentication code (totp) is wrong or expired', [
          { field: 'totp', reason: 'wrong or expired' },
        ]);
      case 'totp-required':
        throw new UnauthorizedError('this account uses two-factor authentication: send the 6-digit code as totp', [
          { field: 'totp', reason: 'required' },
        ]);
      case 'disabled':
        throw new UnauthorizedError('this account is disabled: ask an administrator or your organiser');
    }
  }

  private async attempt(
    m: EntityManager,
    account: AccountRow | null,
    subject: FailureSubject,
    input: Credentials,
    ctx: ClientContext,
  ): Promise<Outcome> {
    const now = this.clock.now();
    const recent = await this.accounts.recentFailures(
      m,
      subject,
      new Date(now.getTime() - LOCK_WINDOW_MS),
      MAX_FAILED_LOGINS,
    );
    if (recent.length >= MAX_FAILED_LOGINS) {
      // Locked attempts are not counted, so hammering does not extend the lock; the window slides.
      await this.recordFailure(m, subject, ctx, 'locked', false);
      return { kind: 'locked', retryAt: new Date(recent[MAX_FAILED_LOGINS - 1].getTime() + LOCK_WINDOW_MS) };
    }
    const passwordOk = account
      ? await verifyPassword(account.passwordHash, input.password)
      : (await burnPasswordCheck(input.password), false);
    if (!account || !passwordOk) {
      await this.recordFailure(m, subject, ctx, account ? 'password' : 'unknown_login', true);
      return { kind: 'bad' };
    }
    if (account.status !== 'active') {
      await this.recordFailure(m, subject, ctx, 'disabled', false);
      return { kind: 'disabled' };
    }
    let totpStep: number | null = null;
    if (account.totpEnabled && account.totpSecret) {
      if (!input.totp) return { kind: 'totp-required' };
      totpStep = verifyTotp(account.totpSecret, input.totp, now, account.totpLastStep);
      if (totpStep === null) {
        await this.recordFailure(m, subject, ctx, 'totp', true);
        return { kind: 'bad-totp' };
      }
      await this.accounts.setTotpLastStep(m, account.id, totpStep);
    }
    const grants = (await this.accounts.grantsOf([account.id], m)).get(account.id) ?? [];
    const principal: Principal = { account, grants };
    await this.audit.record(
      {
        action: 'auth.login',
        entity: 'account',
        entityId: account.id,
        details: { via: ctx.via, totp: totpStep !== null },
      },
      { actor: toActor(principal, ctx.via, ctx.requestId, ctx.ip) },
      m,
    );
    return { kind: 'ok', principal };
  }

  private async recordFailure(
    m: EntityManager,
    subject: FailureSubject,
    ctx: ClientContext,
    reason: string,
    counts: boolean,
  ): Promise<void> {
    if (counts) await this.accounts.insertFailure(m, subject, this.clock.now(), ctx.ip?.slice(0, 64) ?? null);
    await this.audit.record(
      {
        action: 'auth.login_failed',
        entity: subject.accountId ? 'account' : undefined,
        entityId: subject.accountId ?? undefined,
        details: { via: ctx.via, reason },
      },
      { requestId: ctx.requestId, ip: ctx.ip },
      m,
    );
  }
}
