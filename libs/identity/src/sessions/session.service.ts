import { Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { Clock } from '@app/common';
import { AccountRepository } from '../accounts/account.repository';
import { Principal } from '../accounts/account.types';
import { SessionRepository, WebSessionRow } from './session.repository';

export const SESSION_IDLE_MS = 30 * 60_000;
export const SESSION_ABSOLUTE_MS = 12 * 3600_000;
/** last_seen_at is written at most once a minute: a page view is not a write each time. */
const TOUCH_EVERY_MS = 60_000;

export interface NewWebSession {
  /** The cookie value; only its SHA-256 is stored. */
  token: string;
  csrfToken: string;
  expiresAt: Date;
}

export interface ResolvedWebSession {
  session: WebSessionRow;
  principal: Principal;
}

const digest = (token: string): string => createHash('sha256').update(token).digest('hex');

/** Server-side web sessions: 30 minutes idle, 12 hours at most, and ended at logout. */
@Injectable()
export class SessionService {
  constructor(
    private readonly sessions: SessionRepository,
    private readonly accounts: AccountRepository,
    private readonly clock: Clock,
  ) {}

  async create(accountId: string, client: { ip?: string; userAgent?: string }): Promise<NewWebSession> {
    const now = this.clock.now();
    await this.sessions.deleteExpired(now, new Date(now.getTime() - SESSION_IDLE_MS));
    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(24).toString('base64url');
    const expiresAt = new Date(now.getTime() + SESSION_ABSOLUTE_MS);
    await this.sessions.insert({
      id: digest(token),
      accountId,
      csrfToken,
      createdAt: now,
      lastSeenAt: now,
      expiresAt,
      ip: client.ip?.slice(0, 64) ?? null,
      userAgent: client.userAgent?.slice(0, 200) ?? null,
    });
    return { token, csrfToken, expiresAt };
  }

  /** The live session for a cookie value with its active account, or null (an expired one is removed). */
  async resolve(token: string): Promise<ResolvedWebSession | null> {
    if (!token || token.length > 100) return null;
    const session = await this.sessions.findById(digest(token));
    if (!session) return null;
    const now = this.clock.now();
    const idle = now.getTime() - session.lastSeenAt.getTime() >= SESSION_IDLE_MS;
    if (idle || now >= session.expiresAt) {
      await this.sessions.delete(session.id);
      return null;
    }
    const principal = await this.accounts.findActivePrincipal(session.accountId);
    // A session started before a disable, a password change or a grant change is dead, like a bearer token.
    if (!principal || session.createdAt < principal.account.tokensValidAfter) {
      await this.sessions.delete(session.id);
      return null;
    }
    if (now.getTime() - session.lastSeenAt.getTime() >= TOUCH_EVERY_MS) await this.sessions.touch(session.id, now);
    return { session, principal };
  }

  async destroy(token: string): Promise<void> {
    await this.sessions.delete(digest(token));
  }

  /** Ends every session of an account (disabled, password reset). */
  destroyAllFor(accountId: string, m?: EntityManager): Promise<void> {
    return this.sessions.deleteForAccount(accountId, m);
  }
}
