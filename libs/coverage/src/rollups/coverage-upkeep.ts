import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig, Clock } from '@app/common';
import { JobContext, JobHandler, JobSchedules, RegisterJobHandler } from '@app/jobs';
import { LoggedRosterChange, RosterChangeFeed, skipRosterChangesToEnd, STRUCTURAL_CHANGE_KINDS } from '@app/org';
import { RollupRepository } from './rollup.repository';

/** The name of coverage's consumer of the roster change log (its cursor's key). */
export const COVERAGE_CONSUMER = 'coverage.rollups';
/** The upkeep schedule: folds the log every few seconds, so the dashboard lags the roster by seconds. */
export const COVERAGE_UPKEEP_SCHEDULE = 'coverage.upkeep';
export const COVERAGE_UPKEEP_EVERY_MS = 5_000;
export const COVERAGE_REBUILD_JOB = 'coverage.rebuild';
/** How long one upkeep run may spend taking missing month-end snapshots. */
const SNAPSHOT_BUDGET_MS = 2_000;

/**
 * Keeps coverage's rollups (design, in short):
 *
 * - Writers never touch them. Every roster, headcount, unit and certificate change appends a row to org's change log
 *   in its own transaction (no hot row: DESIGN.md measured ~620 writes/s with ancestor counters vs ~4,400/s with a
 *   log). This upkeep, every few seconds, folds the log: it recomputes the facts of each person named in the
 *   changes (coverage_fact: per person, unit and role, the periods on the roster and whether trained: all dates at
 *   once, so expiry needs no event), the own figures of the units concerned for the rollup's day, and adds the
 *   difference to their ancestors' subtree sums (coverage_rollup: one row per unit × role, and "all roles").
 *   Moves, merges, splits and closures recompute every subtree sum (rare; a few seconds nationally).
 * - The rollup is for one day (today): on a new day, all subtree sums are recomputed from the facts (expiries,
 *   changes dated ahead, a new year's declarations).
 * - Month ends get snapshots (coverage_snapshot) for trends and past dates, a few per run; a change dated on or
 *   before a snapshot drops the snapshots from then on, and later runs take them again.
 * - A changed target recomputes every fact (the courses that count may differ).
 * - `rebuild()` (npm run coverage:rebuild, job coverage.rebuild) recomputes everything from the base tables; the
 *   property test checks that it and the fold give the figures of the brute-force recount (CoverageRecount).
 */
@Injectable()
export class CoverageUpkeep implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly rollups: RollupRepository,
    private readonly feed: RosterChangeFeed,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly schedules: JobSchedules,
  ) {}

  onModuleInit(): void {
    this.feed.register(COVERAGE_CONSUMER, (changes, m) => this.fold(changes, m));
    if (!this.config.remindersSchedule) return;
    this.schedules.register({
      name: COVERAGE_UPKEEP_SCHEDULE,
      everyMs: COVERAGE_UPKEEP_EVERY_MS,
      run: () => this.run(),
    });
  }

  /** One upkeep run: targets and the day first, then the change log, then missing month-end snapshots. */
  async run(): Promise<{ folded: number }> {
    const today = this.clock.today();
    await this.db.transaction(async (m) => {
      await this.rollups.lockUpkeep(m);
      const state = await this.rollups.state(m);
      if (state.targetsVersion !== state.foldedTargetsVersion) {
        await this.rebuildIn(m, today, state.targetsVersion);
      } else if (state.rollupDay !== today) {
        await this.rollups.refreshAll(m, today);
        await this.rollups.setState(m, { rollupDay: today });
      }
    });
    const { read } = await this.feed.drain(COVERAGE_CONSUMER);
    // Missing month-end snapshots, oldest first, for up to SNAPSHOT_BUDGET_MS per run.
    const started = Date.now();
    let more = true;
    while (more && Date.now() - started < SNAPSHOT_BUDGET_MS) {
      more = await this.db.transaction(async (m) => {
        await this.rollups.lockUpkeep(m);
        const monthEnd = await this.rollups.missingSnapshot(m, today);
        if (monthEnd) await this.rollups.takeSnapshot(m, monthEnd);
        await this.rollups.setState(m, {});
        return monthEnd !== null;
      });
    }
    return { folded: read };
  }

  /** Everything again from the base tables (rebuildCoverage), for today. */
  rebuild(): Promise<{ ms: number }> {
    return rebuildCoverage(this.db, this.clock.today(), this.rollups);
  }

  private async rebuildIn(m: EntityManager, today: string, targetsVersion: number): Promise<void> {
    await rebuildIn(this.rollups, m, today, targetsVersion);
  }

  /** The consumer of the change log: runs in the transaction that moves coverage's cursor past `changes`. */
  private async fold(changes: LoggedRosterChange[], m: EntityManager): Promise<void> {
    await this.rollups.lockUpkeep(m);
    const state = await this.rollups.state(m);
    if (!state.rollupDay) return; // nothing built yet: the next run builds everything
    const people = new Set(changes.flatMap((c) => (c.personId ? [c.personId] : [])));
    const movedUnits = changes
      .filter((c) => c.kind === 'unit_merged' || c.kind === 'unit_split')
      .flatMap((c) => [c.unitId, c.otherUnitId].filter((id): id is string => !!id));
    for (const id of await this.rollups.membersOf(m, movedUnits)) people.add(id);
    const units = new Set(await this.rollups.recomputeFacts(m, [...people]));
    for (const c of changes) if (c.kind === 'headcount_declared' && c.unitId) units.add(c.unitId);
    const earliest = changes.map((c) => c.effectiveFrom).sort()[0];
    if (earliest) await this.rollups.invalidateSnapshotsFrom(m, earliest);
    // Kinds that change the tree: the subtree sums are recomputed for every unit.
    const structural = changes.some((c) => STRUCTURAL_CHANGE_KINDS.has(c.kind));
    if (structural || (await this.rollups.missingRollups(m, state.rollupDay, [...units]))) {
      await this.rollups.refreshAll(m, state.rollupDay);
    } else {
      await this.rollups.refreshUnits(m, state.rollupDay, [...units]);
    }
  }
}

async function rebuildIn(rollups: RollupRepository, m: EntityManager, today: string, version: number): Promise<void> {
  // Every fact at once sorts and hashes millions of rows: with the default 4 MB per sort PostgreSQL wrote ~2.7 GB of
  // temporary files for the national rebuild (EXPLAIN ANALYZE), none with 256 MB. For this transaction only.
  await m.query(`SET LOCAL work_mem = '256MB'`);
  await rollups.rebuildFacts(m);
  await rollups.refreshAll(m, today);
  await rollups.invalidateSnapshotsFrom(m, '0001-01-01');
  await rollups.setState(m, { rollupDay: today, foldedTargetsVersion: version });
}

/**
 * The full rebuild (npm run coverage:rebuild, the job coverage.rebuild, CoverageUpkeep.rebuild): facts and today's
 * rollup again from the base tables, in one transaction under the upkeep lock; month-end snapshots are taken again
 * by the following upkeep runs. Readers keep the previous figures until it commits.
 */
export async function rebuildCoverage(
  db: DataSource,
  today: string,
  rollups = new RollupRepository(),
): Promise<{ ms: number }> {
  const started = Date.now();
  await db.transaction(async (m) => {
    // The log up to now is in the base tables this reads: the fold must not replay it afterwards (after a national
    // seed, 2,000,000 logged joins would be folded again, a thousand people at a time). The cursor is locked first,
    // as a drain locks it before the upkeep lock, so the two never wait on each other crosswise.
    await skipRosterChangesToEnd(m, COVERAGE_CONSUMER);
    await rollups.lockUpkeep(m);
    const state = await rollups.state(m);
    await rebuildIn(rollups, m, today, state.targetsVersion);
  });
  const ms = Date.now() - started;
  new Logger('CoverageRebuild').log({ msg: 'coverage rebuilt', ms });
  return { ms };
}

/** The full rebuild as a job (npm run coverage:rebuild runs the same code in its own process). */
@RegisterJobHandler()
@Injectable()
export class CoverageRebuildJob implements JobHandler<Record<string, never>, { ms: number }> {
  readonly name = COVERAGE_REBUILD_JOB;
  // No payload: the job rebuilds everything.
  readonly validate = (): string | undefined => undefined;

  constructor(private readonly upkeep: CoverageUpkeep) {}

  handle(_payload: Record<string, never>, _ctx: JobContext): Promise<{ ms: number }> {
    return this.upkeep.rebuild();
  }
}
