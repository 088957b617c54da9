import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { IsString, Matches } from 'class-validator';
import { DataSource, EntityManager } from 'typeorm';
import { JobContext, JobHandler, PermanentJobError, RegisterJobHandler, validatePayloadWith } from '@app/jobs';
import type { LoggedRosterChange } from './roster-change';
import { RosterChangeRepository } from './roster-change.repository';

/**
 * Folds a batch of changes (e.g. into coverage's rollups) inside the transaction that moves the consumer's cursor
 * past them: what it writes commits with the move, so each change is folded exactly once.
 */
export type RosterChangeConsumer = (changes: LoggedRosterChange[], manager: EntityManager) => Promise<void>;

export const ROSTER_CHANGES_READ_JOB = 'org.roster-changes.read';

/**
 * Reads the roster change log in order for the consumers registered here, each from its stored cursor
 * (roster_change_cursor): coverage's rollups (coverage.rollups) and the units' people counts (org.people-counts).
 * Runs of one consumer are serialised by the cursor's row lock. The schedule `org.roster-changes` (RosterChangeSchedule) dispatches the read
 * job of every consumer each minute.
 */
@Injectable()
export class RosterChangeFeed {
  private readonly consumers = new Map<string, RosterChangeConsumer>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly changes: RosterChangeRepository,
  ) {}

  /** Adds a consumer under a unique name (its cursor's key); returns a function that removes it again. */
  register(name: string, consumer: RosterChangeConsumer): () => void {
    if (this.consumers.has(name)) throw new Error(`a roster change consumer is already named '${name}'`);
    this.consumers.set(name, consumer);
    return () => this.consumers.delete(name);
  }

  /** The registered consumers' names (the schedule dispatches a read job for each). */
  consumerNames(): string[] {
    return [...this.consumers.keys()];
  }

  /** Passes every change after the consumer's cursor on, in (tx, id) order, `batchSize` at a time. */
  async drain(name: string, batchSize = 1000): Promise<{ read: number }> {
    const consumer = this.consumers.get(name);
    if (!consumer) throw new PermanentJobError(`no roster change consumer is named '${name}'`);
    let read = 0;
    for (;;) {
      const n = await this.db.transaction(async (m) => {
        const cursor = await this.changes.lockCursor(m, name);
        const rows = await this.changes.readAfter(m, cursor, batchSize);
        if (rows.length === 0) return 0;
        await consumer(rows, m);
        const last = rows[rows.length - 1];
        await this.changes.advance(m, name, { lastTx: last.tx, lastId: last.id });
        return rows.length;
      });
      read += n;
      if (n < batchSize) return { read };
    }
  }

  /**
   * Moves the consumer's cursor past every change a read could return now, without passing them on: for a consumer
   * that has just computed its figures from the base tables (a first fill) and must not replay the history. Runs in
   * the caller's transaction, whose cursor row stays locked until it ends (so no drain of the consumer overlaps);
   * call it before computing, so that what commits meanwhile is read again afterwards.
   */
  skipToEnd(name: string, m: EntityManager): Promise<void> {
    return skipRosterChangesToEnd(m, name, this.changes);
  }
}

/**
 * RosterChangeFeed.skipToEnd for code that runs without the application (npm run coverage:rebuild): moves the
 * consumer `name`'s cursor past every change a read could return now, in the caller's transaction (the cursor row
 * stays locked until it ends). Take it before any other lock the consumer's fold takes, as a drain does.
 */
export async function skipRosterChangesToEnd(
  m: EntityManager,
  name: string,
  changes = new RosterChangeRepository(),
): Promise<void> {
  const cursor = await changes.lockCursor(m, name);
  const last = await changes.lastReadable(m, cursor);
  if (last) await changes.advance(m, name, last);
}

export class RosterChangesReadPayload {
  @IsString()
  @Matches(/^[a-z][a-z0-9.-]{0,59}$/)
  consumer!: string;
}

/** Reads the log for one consumer up to the present (idempotent: the cursor remembers what was read). */
@RegisterJobHandler()
@Injectable()
export class RosterChangesReadJob implements JobHandler<RosterChangesReadPayload, { read: number }> {
  readonly name = ROSTER_CHANGES_READ_JOB;
  readonly validate = validatePayloadWith(RosterChangesReadPayload);

  constructor(private readonly feed: RosterChangeFeed) {}

  handle(payload: RosterChangesReadPayload, _ctx: JobContext): Promise<{ read: number }> {
    return this.feed.drain(payload.consumer);
  }
}
