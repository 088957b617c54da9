import { Injectable } from '@nestjs/common';

/** The source of "now": injected so tests can move time (session expiry, lock windows). */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }

  /** Today's calendar date (YYYY-MM-DD) in UTC. */
  today(): string {
    return this.now().toISOString().slice(0, 10);
  }
}
