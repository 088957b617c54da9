import { Injectable } from '@nestjs/common';
import { Clock } from '@app/common';
import type { Principal } from '../accounts/account.types';

/**
 * How long a bearer request may reuse the account and grants another request of the same account loaded. This is
 * the longest a change made by another API process (a disable, a password or grant change, a unit succession) takes
 * to reach this one; in this process AccountRepository's writes forget the account at once.
 */
export const PRINCIPAL_TTL_MS = 5_000;

/** Accounts kept at most; the oldest entry goes first. */
export const PRINCIPAL_CACHE_MAX = 10_000;

interface Entry {
  principal: Principal;
  loadedAt: number;
}

/**
 * The bearer path's short-lived cache of active principals (TokenService.authenticate), so that an API call does not
 * reload the account and its grants each time. A write that changes an account forgets it, and for PRINCIPAL_TTL_MS
 * afterwards the account is not cached again: a reload racing the writing transaction's commit could otherwise keep
 * the old grants. Inactive or missing accounts are never cached.
 */
@Injectable()
export class PrincipalCache {
  private readonly entries = new Map<string, Entry>();
  /** Account id → the time until which it is not cached (after a change). '*' for every account. */
  private readonly quietUntil = new Map<string, number>();

  constructor(private readonly clock: Clock) {}

  get(accountId: string): Principal | null {
    const entry = this.entries.get(accountId);
    if (!entry) return null;
    const age = this.clock.now().getTime() - entry.loadedAt;
    // A clock moved back counts as stale too.
    if (age < 0 || age >= PRINCIPAL_TTL_MS) {
      this.entries.delete(accountId);
      return null;
    }
    return entry.principal;
  }

  /** Keeps an active principal loaded at `loadedAt` (taken before the load started). */
  set(principal: Principal, loadedAt: Date): void {
    const id = principal.account.id;
    const at = loadedAt.getTime();
    if (at < (this.quietUntil.get(id) ?? 0) || at < (this.quietUntil.get('*') ?? 0)) return;
    this.entries.delete(id);
    if (this.entries.size >= PRINCIPAL_CACHE_MAX) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(id, { principal: Object.freeze(principal), loadedAt: at });
  }

  /** The account changed (status, password, grants, home unit): reload it from now on. */
  forget(accountId: string): void {
    this.entries.delete(accountId);
    this.quietUntil.set(accountId, this.clock.now().getTime() + PRINCIPAL_TTL_MS);
    this.dropExpiredQuiet();
  }

  /** Many accounts changed at once (a unit succession moves grants): reload every account. */
  forgetAll(): void {
    this.entries.clear();
    this.quietUntil.clear();
    this.quietUntil.set('*', this.clock.now().getTime() + PRINCIPAL_TTL_MS);
  }

  private dropExpiredQuiet(): void {
    if (this.quietUntil.size < PRINCIPAL_CACHE_MAX) return;
    const now = this.clock.now().getTime();
    for (const [id, until] of this.quietUntil) if (until <= now) this.quietUntil.delete(id);
  }
}
