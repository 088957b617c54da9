import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock, TooManyAttemptsError } from '@app/common';

/** Per client address and 10-minute window: lookups in all, and lookups of codes that do not exist. */
export const VERIFY_WINDOW_MINUTES = 10;
export const VERIFY_MAX_LOOKUPS = 60;
export const VERIFY_MAX_MISSES = 10;

/**
 * Rate limits public verification per client address, in PostgreSQL (so it holds across API processes and without
 * Redis): a class checking its certificates from one office gets 60 lookups per 10 minutes, but a guesser gets 10
 * misses (unknown or mistyped codes) and then waits for the window to end (429 with Retry-After). With 135 random
 * bits, guessing is hopeless anyway; the limit keeps the lookups from being a free oracle or a load.
 */
@Injectable()
export class VerificationLimiter {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  /** Counts a lookup; throws 429 when the client is over either limit in this window. */
  async admit(client: string): Promise<void> {
    const { start, retryAfterSeconds } = this.window();
    const rows = await this.db.query<Array<{ lookups: number; misses: number }>>(
      `INSERT INTO verification_window AS w (client, window_start, lookups) VALUES ($1, $2, 1)
       ON CONFLICT (client, window_start) DO UPDATE SET lookups = w.lookups + 1
       RETURNING w.lookups, w.misses`,
      [clientKey(client), start],
    );
    const { lookups, misses } = rows[0];
    if (lookups > VERIFY_MAX_LOOKUPS || misses >= VERIFY_MAX_MISSES) {
      throw new TooManyAttemptsError('too many verification lookups from this address: try again later', {
        retryAfterSeconds,
      });
    }
  }

  /** Counts a lookup that found nothing (unknown or mistyped code). */
  async miss(client: string): Promise<void> {
    await this.db.query(`UPDATE verification_window SET misses = misses + 1 WHERE client = $1 AND window_start = $2`, [
      clientKey(client),
      this.window().start,
    ]);
  }

  /** Deletes windows older than a day (called by the daily expiry job). */
  async prune(): Promise<number> {
    const [, n] = await this.db.query<[unknown, number]>(`DELETE FROM verification_window WHERE window_start < $1`, [
      new Date(this.clock.now().getTime() - 86_400_000),
    ]);
    return n;
  }

  private window(): { start: Date; retryAfterSeconds: number } {
    const size = VERIFY_WINDOW_MINUTES * 60_000;
    const now = this.clock.now().getTime();
    const start = Math.floor(now / size) * size;
    return { start: new Date(start), retryAfterSeconds: Math.max(1, Math.ceil((start + size - now) / 1000)) };
  }
}

/** The address as stored (at most 64 characters; IPv4-mapped IPv6 folded to IPv4). */
function clientKey(ip: string): string {
  return (ip.startsWith('::ffff:') ? ip.slice(7) : ip).slice(0, 64) || 'unknown';
}
