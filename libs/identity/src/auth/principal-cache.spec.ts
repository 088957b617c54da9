import { Clock } from '@app/common';
import type { Principal } from '../accounts/account.types';
import { PRINCIPAL_TTL_MS, PrincipalCache } from './principal-cache';

class HandClock extends Clock {
  ms = Date.parse('2026-12-05T10:00:00Z');
  override now(): Date {
    return new Date(this.ms);
  }
}

const principal = (id: string): Principal =>
  ({ account: { id, status: 'active' }, grants: [] }) as unknown as Principal;

describe(PrincipalCache.name, () => {
  let clock: HandClock;
  let cache: PrincipalCache;
  beforeEach(() => {
    clock = new HandClock();
    cache = new PrincipalCache(clock);
  });

  it('keeps a principal for less than the TTL, counted from when its load started', () => {
    const loadedAt = clock.now();
    clock.ms += 100;
    cache.set(principal('a'), loadedAt);
    expect(cache.get('a')?.account.id).toBe('a');
    clock.ms = loadedAt.getTime() + PRINCIPAL_TTL_MS - 1;
    expect(cache.get('a')).not.toBeNull();
    clock.ms += 1;
    expect(cache.get('a')).toBeNull();
  });

  it('treats a clock moved back as stale', () => {
    cache.set(principal('a'), clock.now());
    clock.ms -= 1;
    expect(cache.get('a')).toBeNull();
  });

  it('forgets a changed account, and does not cache it again for the TTL (a load may race the commit)', () => {
    cache.set(principal('a'), clock.now());
    cache.set(principal('b'), clock.now());
    cache.forget('a');
    expect(cache.get('a')).toBeNull();
    expect(cache.get('b')).not.toBeNull();
    clock.ms += PRINCIPAL_TTL_MS - 1;
    cache.set(principal('a'), clock.now());
    expect(cache.get('a')).toBeNull();
    clock.ms += 1;
    cache.set(principal('a'), clock.now());
    expect(cache.get('a')).not.toBeNull();
  });

  it('forgets every account at once, and a load that started before is not kept', () => {
    const before = clock.now();
    cache.set(principal('a'), before);
    clock.ms += 10;
    cache.forgetAll();
    expect(cache.get('a')).toBeNull();
    cache.set(principal('b'), before);
    expect(cache.get('b')).toBeNull();
  });
});
