import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@app/audit';
import { Clock, TooManyAttemptsError, UnauthorizedError } from '@app/common';
import { AccountRepository } from '../accounts/account.repository';
import { AccountRow, Principal, toActor } from '../accounts/account.types';
import { burnPasswordCheck, verifyPassword } from '../passwords';
import { verifyTotp } from '../totp/totp';
import { FailureSubject, LoginFailureRepository } from './login-failure.repository';
import {
  LOCK_WINDOW_MS,
  LoginFailureReason,
  lockedUntil,
  MAX_FAILED_LOGINS,
  MAX_FAILED_LOGINS_PER_IP,
  retryAfterSeconds,
} from './login-lock';

export { LOCK_WINDOW_MS, MAX_FAILED_LOGINS, MAX_FAILED_LOGINS_PER_IP } from './login-lock';
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

/** What a 429 says: when to come back, and whether the account or the caller's address is locked. */
export interface LockDetails {
  retryAt: string;
  retryAfterSeconds: number;
  lockedBy: 'account' | 'ip';
}

interface Lock {
  retryAt: Date;
  by: 'account' | 'ip';
}

type Outcome =
  | { kind: 'ok'; principal: Principal }
  | { kind: 'locked'; lock: Lock }
  | { kind: 'bad' }
  | { kind: 'bad-totp' }
  | { kind: 'totp-required' }
  | { kind: 'disabled' };

type Check = { ok: true; totpStep: number | null } | { ok: false; reason: LoginFailureReason | 'totp-missing' };

const later = (a: Lock | null, b: Lock | null): Lock | null =>
  !a ? b : !b ? a : a.retryAt.getTime() >= b.retryAt.getTime() ? a : b;

/**
 * Checks logins, with two sliding-window locks: 10 failures per account (or unknown login) and 30 per IP
 * address (across accounts) in any 15 minutes. Neither applies to an attempt that proves a second factor: on
 * an account with TOTP on, the right password plus a valid, unused code logs in while others' failures hold
 * the locks. Only someone who knows the password can fail at the code, so those failures get their own cap
 * (10 per account), and a locked account's answer never tells whether the password was right.
 */
@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly accounts: AccountRepository,
    private readonly failures: LoginFailureRepository,
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
    // Serialise the attempts on one subject so parallel guesses cannot slip past the count. The per-IP count
    // is not serialised (that would queue every login of an office behind one NAT): parallel requests from one
    // address may overshoot it by the number in flight.
    const outcome = await this.db.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [
        `login:${subject.accountId ?? subject.loginKey}`,
      ]);
      return this.attempt(m, account, subject, input, ctx);
    });
    switch (outcome.kind) {
      case 'ok':
        return outcome.principal;
      case 'locked':
        throw this.lockedError(outcome.lock);
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

  private lockedError(lock: Lock): TooManyAttemptsError {
    const now = this.clock.now();
    const seconds = retryAfterSeconds(lock.retryAt, now);
    const minutes = Math.ceil(seconds / 60);
    const until = `${lock.retryAt.toISOString().slice(11, 16)} UTC; try again in ${minutes} minute${minutes === 1 ? '' : 's'}`;
    const details: LockDetails = { retryAt: lock.retryAt.toISOString(), retryAfterSeconds: seconds, lockedBy: lock.by };
    return new TooManyAttemptsError(
      lock.by === 'account'
        ? `too many failed logins: this account is locked until ${until}`
        : `too many failed logins from your network address: logins from it are paused until ${until}`,
      details,
    );
  }

  private async attempt(
    m: EntityManager,
    account: AccountRow | null,
    subject: FailureSubject,
    input: Credentials,
    ctx: ClientContext,
  ): Promise<Outcome> {
    const now = this.clock.now();
    const windowStart = new Date(now.getTime() - LOCK_WINDOW_MS);
    const lock = await this.currentLock(m, subject, ctx.ip, windowStart);
    if (lock) return this.attemptWhileLocked(m, account, subject, input, ctx, lock, windowStart);

    const check = await this.check(account, input, now);
    if (!account || (!check.ok && check.reason !== 'totp' && check.reason !== 'totp-missing')) {
      await this.recordFailure(m, subject, ctx, account ? 'password' : 'unknown_login');
      return { kind: 'bad' };
    }
    if (account.status !== 'active') {
      await this.recordFailure(m, subject, ctx, null, 'disabled');
      return { kind: 'disabled' };
    }
    if (!check.ok && check.reason === 'totp-missing') return { kind: 'totp-required' };
    if (!check.ok) {
      await this.recordFailure(m, subject, ctx, 'totp');
      return { kind: 'bad-totp' };
    }
    return this.succeed(m, account, check.totpStep, ctx, false);
  }

  /**
   * While a lock holds, only an attempt carrying a second factor is checked: a TOTP account's right password and
   * valid code log in. Any other outcome answers "locked", alike, and a checked attempt counts as a failure
   * (so guessing through the lock is slowed by the per-IP count and, for codes, by the second-factor cap).
   */
  private async attemptWhileLocked(
    m: EntityManager,
    account: AccountRow | null,
    subject: FailureSubject,
    input: Credentials,
    ctx: ClientContext,
    lock: Lock,
    windowStart: Date,
  ): Promise<Outcome> {
    const provable = account?.status === 'active' && account.totpEnabled && !!account.totpSecret && !!input.totp;
    const codeFailures = provable
      ? await this.failures.recentForSubject(m, subject, windowStart, MAX_FAILED_LOGINS, 'totp')
      : [];
    const codeLock = lockedUntil(codeFailures, MAX_FAILED_LOGINS);
    if (!account || !provable || codeLock) {
      const held = later(lock, codeLock ? { retryAt: codeLock, by: 'account' } : null) ?? lock;
      await this.recordFailure(m, subject, ctx, null, 'locked', held.by);
      return { kind: 'locked', lock: held };
    }
    const check = await this.check(account, input, this.clock.now());
    if (!check.ok) {
      await this.recordFailure(m, subject, ctx, check.reason === 'totp' ? 'totp' : 'password', 'locked', lock.by);
      return { kind: 'locked', lock };
    }
    return this.succeed(m, account, check.totpStep, ctx, true);
  }

  /** The later of the account lock (since its last unlock) and the caller's IP lock; null when neither holds. */
  private async currentLock(
    m: EntityManager,
    subject: FailureSubject,
    ip: string | undefined,
    windowStart: Date,
  ): Promise<Lock | null> {
    const own = lockedUntil(
      await this.failures.recentForSubject(m, subject, windowStart, MAX_FAILED_LOGINS),
      MAX_FAILED_LOGINS,
    );
    const fromIp = ip
      ? lockedUntil(
          await this.failures.recentFromIp(m, ip.slice(0, 64), windowStart, MAX_FAILED_LOGINS_PER_IP),
          MAX_FAILED_LOGINS_PER_IP,
        )
      : null;
    return later(own ? { retryAt: own, by: 'account' } : null, fromIp ? { retryAt: fromIp, by: 'ip' } : null);
  }

  /** Password, then (TOTP on) the code. A password check is burnt for an unknown login (same timing). */
  private async check(account: AccountRow | null, input: Credentials, now: Date): Promise<Check> {
    const passwordOk = account
      ? await verifyPassword(account.passwordHash, input.password)
      : (await burnPasswordCheck(input.password), false);
    if (!account || !passwordOk) return { ok: false, reason: account ? 'password' : 'unknown_login' };
    if (!account.totpEnabled || !account.totpSecret) return { ok: true, totpStep: null };
    if (!input.totp) return { ok: false, reason: 'totp-missing' };
    const step = verifyTotp(account.totpSecret, input.totp, now, account.totpLastStep);
    return step === null ? { ok: false, reason: 'totp' } : { ok: true, totpStep: step };
  }

  private async succeed(
    m: EntityManager,
    account: AccountRow,
    totpStep: number | null,
    ctx: ClientContext,
    lockBypassed: boolean,
  ): Promise<Outcome> {
    if (totpStep !== null) await this.accounts.setTotpLastStep(m, account.id, totpStep);
    const grants = (await this.accounts.grantsOf([account.id], m)).get(account.id) ?? [];
    const principal: Principal = { account, grants };
    await this.audit.record(
      {
        action: 'auth.login',
        entity: 'account',
        entityId: account.id,
        details: { via: ctx.via, totp: totpStep !== null, ...(lockBypassed ? { lockBypassed } : {}) },
      },
      { actor: toActor(principal, ctx.via, ctx.requestId, ctx.ip) },
      m,
    );
    return { kind: 'ok', principal };
  }

  /**
   * Audits a refused login; `counted` (the reason stored) makes it count towards the locks. Attempts refused
   * because of a lock are not counted, so hammering a locked account does not extend its lock.
   */
  private async recordFailure(
    m: EntityManager,
    subject: FailureSubject,
    ctx: ClientContext,
    counted: LoginFailureReason | null,
    reason: string = counted ?? 'unknown',
    lockedBy?: Lock['by'],
  ): Promise<void> {
    if (counted) await this.failures.insert(m, subject, this.clock.now(), ctx.ip?.slice(0, 64) ?? null, counted);
    await this.audit.record(
      {
        action: 'auth.login_failed',
        entity: subject.accountId ? 'account' : undefined,
        entityId: subject.accountId ?? undefined,
        details: { via: ctx.via, reason, ...(lockedBy ? { lockedBy } : {}) },
      },
      { requestId: ctx.requestId, ip: ctx.ip },
      m,
    );
  }
}
