import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '@app/common';
import { JOBS_MODULE_OPTIONS, ResolvedJobsOptions } from './jobs.options';

/** A periodic task: normally `run` dispatches a job whose business key makes a second dispatch harmless. */
export interface JobSchedule {
  /** Unique in the process (e.g. `learning.reminders`): logs and tests name the schedule by it. */
  name: string;
  /** Milliseconds between two runs; the first run is at boot. */
  everyMs: number;
  run: () => Promise<unknown>;
}

/**
 * Whether schedules run in this process: in the API when jobs run in-process (no REDIS_URL), and with Redis only
 * in the worker (apps/worker passes the jobs option `runsSchedules`; the API does not). One process type ticks;
 * the business key of what a schedule dispatches makes a second ticker harmless anyway.
 */
export function schedulesRunHere(config: Pick<AppConfig, 'redisUrl'>, options: ResolvedJobsOptions): boolean {
  return !config.redisUrl || options.runsSchedules;
}

/**
 * The periodic tasks of the process. Contexts register their schedules while the modules initialise
 * (OnModuleInit: `schedules.register({ name, everyMs, run })`), each deciding for itself whether it is switched on
 * (REMINDERS_SCHEDULE, SMTP_URL…). Where they run is decided here, once (schedulesRunHere): at application
 * bootstrap each schedule runs once (awaited, so a boot is done when the first runs are) and then every `everyMs`;
 * at shutdown the timers stop. A failing run is logged and the schedule goes on.
 */
@Injectable()
export class JobSchedules implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(JobSchedules.name);
  private readonly schedules = new Map<string, JobSchedule>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Schedules whose run started by the timer (or the first run) has not ended yet. */
  private readonly inFlight = new Set<string>();
  private started = false;
  private stopped = false;
  /** Whether this process runs the registered schedules (see schedulesRunHere). */
  readonly runHere: boolean;

  constructor(config: AppConfig, @Inject(JOBS_MODULE_OPTIONS) options: ResolvedJobsOptions) {
    this.runHere = schedulesRunHere(config, options);
  }

  /** Adds a schedule; registered after bootstrap, it starts at once (where schedules run). */
  register(schedule: JobSchedule): void {
    if (this.schedules.has(schedule.name)) throw new Error(`schedule ${schedule.name} is already registered`);
    if (!Number.isInteger(schedule.everyMs) || schedule.everyMs < 1_000) {
      throw new Error(`schedule ${schedule.name}: everyMs must be an integer ≥ 1000`);
    }
    this.schedules.set(schedule.name, schedule);
    if (this.started && !this.stopped) void this.start(schedule);
  }

  /** The registered schedules' names. */
  names(): string[] {
    return [...this.schedules.keys()];
  }

  /** Whether the schedule's timer is running in this process. */
  isRunning(name: string): boolean {
    return this.timers.has(name);
  }

  /** Runs a registered schedule once, now (what its timer does); null when the run failed (logged). */
  async runNow(name: string): Promise<unknown> {
    const schedule = this.schedules.get(name);
    if (!schedule) throw new Error(`no schedule named ${name}`);
    return this.runOnce(schedule);
  }

  async onApplicationBootstrap(): Promise<void> {
    this.started = true;
    if (!this.runHere) return;
    for (const schedule of this.schedules.values()) await this.start(schedule);
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    for (const timer of this.timers.values()) clearInterval(timer);
    this.timers.clear();
  }

  private async start(schedule: JobSchedule): Promise<void> {
    if (!this.runHere || this.timers.has(schedule.name)) return;
    const timer = setInterval(() => void this.tick(schedule), schedule.everyMs);
    timer.unref();
    this.timers.set(schedule.name, timer);
    await this.tick(schedule);
  }

  /**
   * A timer's run, skipped while the previous one is still going: a run longer than `everyMs` (a fold of the
   * national roster) would otherwise start another each tick, every one holding a database connection while it waits
   * for the first one's locks, until the pool is empty (seen: 20 waiting upkeep runs on the national bench).
   */
  private async tick(schedule: JobSchedule): Promise<void> {
    if (this.inFlight.has(schedule.name)) return;
    this.inFlight.add(schedule.name);
    try {
      await this.runOnce(schedule);
    } finally {
      this.inFlight.delete(schedule.name);
    }
  }

  private async runOnce(schedule: JobSchedule): Promise<unknown> {
    try {
      return await schedule.run();
    } catch (e) {
      const err = e instanceof Error ? e.message : String(e);
      this.logger.error({ schedule: schedule.name, err }, 'scheduled run failed');
      return null;
    }
  }
}
