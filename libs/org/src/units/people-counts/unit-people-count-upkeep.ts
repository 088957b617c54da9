import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig, Clock } from '@app/common';
import { JobSchedules } from '@app/jobs';
import { LoggedRosterChange, RosterChangeKind, STRUCTURAL_CHANGE_KINDS } from '../../changes/roster-change';
import { RosterChangeFeed } from '../../changes/roster-change-feed';
import { UnitPeopleCountRepository } from './unit-people-count.repository';

/** The name of the people counts' consumer of the roster change log (its cursor's key). */
export const PEOPLE_COUNTS_CONSUMER = 'org.people-counts';
/** The upkeep's schedule: folds the log every few seconds, so the units' counts lag the roster by seconds. */
export const PEOPLE_COUNTS_SCHEDULE = 'org.people-counts';
export const PEOPLE_COUNTS_EVERY_MS = 5_000;

/** The kinds that can change who is on a unit's roster today (roles, names, certificates and headcounts cannot). */
const COUNTED_KINDS: ReadonlySet<RosterChangeKind> = new Set<RosterChangeKind>([
  'person_joined',
  'person_moved',
  'person_left',
  'person_status',
  ...STRUCTURAL_CHANGE_KINDS,
]);

/**
 * Keeps the units' people counts (unit_people_count: per unit, the people on the roster today attached to it and
 * in its subtree) from the roster change log, for the units page and API:
 *
 * - Writers never touch the counts: each roster or unit change appends to the log in its own transaction, and this
 *   upkeep folds the log every few seconds (no hot row on the country's count).
 * - A fold counts again, from the roster, the own count of every unit a change names and of every unit the people it
 *   names belong or belonged to, and adds the differences to the subtree sums of those units and their ancestors. A
 *   recount, not an increment per change: folding a change twice, or one already counted, changes nothing.
 * - Changes to the tree (STRUCTURAL_CHANGE_KINDS: moves, merges, splits, closures) sum every subtree again from the
 *   own counts (no person read).
 * - The counts are for one day, Vietnam's today (Clock.today()). The first fill, and the first run of a new day
 *   (people whose change was dated ahead, leaves that end), count everything again from the base tables (15-16 s
 *   for 3,000,000 people on a loaded 2-core machine) and skip the log to its end (RosterChangeFeed.skipToEnd), so
 *   history is never replayed.
 */
@Injectable()
export class UnitPeopleCountUpkeep implements OnModuleInit {
  private readonly logger = new Logger(UnitPeopleCountUpkeep.name);
  private running: Promise<{ folded: number; recounted: boolean }> | null = null;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly counts: UnitPeopleCountRepository,
    private readonly feed: RosterChangeFeed,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly schedules: JobSchedules,
  ) {}

  onModuleInit(): void {
    this.feed.register(PEOPLE_COUNTS_CONSUMER, (changes, m) => this.fold(changes, m));
    if (!this.config.remindersSchedule) return;
    this.schedules.register({ name: PEOPLE_COUNTS_SCHEDULE, everyMs: PEOPLE_COUNTS_EVERY_MS, run: () => this.run() });
  }

  /**
   * One upkeep run: a full recount when the counts are not for today (first fill, a new day), then the change log
   * to its end. A run already going on in this process is joined, not doubled (a recount outlasts the period).
   */
  run(): Promise<{ folded: number; recounted: boolean }> {
    this.running ??= this.runOnce().finally(() => (this.running = null));
    return this.running;
  }

  /** Every count again from the base tables, for today, and the log skipped to its end. */
  async recount(): Promise<{ ms: number }> {
    return this.db.transaction((m) => this.recountIn(m, this.clock.today()));
  }

  private async runOnce(): Promise<{ folded: number; recounted: boolean }> {
    const today = this.clock.today();
    // Two processes may both recount at a day's start: harmless (the second finds the same figures), only slower.
    const recounted = (await this.counts.state()).countDay !== today;
    if (recounted) await this.recount();
    const { read } = await this.feed.drain(PEOPLE_COUNTS_CONSUMER);
    return { folded: read, recounted };
  }

  private async recountIn(m: EntityManager, today: string): Promise<{ ms: number }> {
    const started = Date.now();
    // The cursor first (locked, as a drain locks it, then the upkeep lock): what commits from here on is read after.
    await this.feed.skipToEnd(PEOPLE_COUNTS_CONSUMER, m);
    await this.counts.lockUpkeep(m);
    await this.counts.recountAll(m, today);
    const ms = Date.now() - started;
    await this.counts.markCounted(m, { countDay: today, recountMs: ms });
    this.logger.log({ msg: 'unit people counts recounted', day: today, ms });
    return { ms };
  }

  /** The consumer of the change log: runs in the transaction that moves the cursor past `changes`. */
  private async fold(changes: LoggedRosterChange[], m: EntityManager): Promise<void> {
    await this.counts.lockUpkeep(m);
    const state = await this.counts.state(m);
    // Not counted for today yet: the next run counts everything again (and skips what is read here).
    if (state.countDay !== this.clock.today()) return;
    const units = new Set<string>();
    const people = new Set<string>();
    for (const c of changes) {
      if (!COUNTED_KINDS.has(c.kind)) continue;
      if (c.personId) people.add(c.personId);
      if (c.unitId) units.add(c.unitId);
      if (c.otherUnitId) units.add(c.otherUnitId);
    }
    const deltas = await this.counts.recountOwn(m, state.countDay, [...units], [...people]);
    if (changes.some((c) => STRUCTURAL_CHANGE_KINDS.has(c.kind))) {
      await this.counts.resumSubtrees(m);
    } else {
      await this.counts.addToSubtrees(m, deltas);
    }
    await this.counts.markCounted(m);
  }
}
