import { Injectable } from '@nestjs/common';
import { vietnamDay } from './dates/calendar-day';

/** The source of "now": injected so tests can move time (session expiry, lock windows). */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }

  /** Today's calendar date (YYYY-MM-DD) in Vietnam: the same day every part of the product means (vietnamDay). */
  today(): string {
    return vietnamDay(this.now());
  }
}
