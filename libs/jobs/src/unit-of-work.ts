import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditEntry, AuditService } from '@app/audit';
import { Actor, Clock, vietnamDay } from '@app/common';
import { AfterCommit } from './after-commit';
import { DispatchOptions, JobDispatcher } from './job-dispatcher';
import { JobResponse } from './job.response';

/**
 * One unit of work as its work sees it: the transaction, who acts, when, and what it may add to the transaction.
 * Its functions are bound (closures): `async ({ manager, audit }) => …` is fine.
 */
export interface Tx<A extends Actor | null = Actor> {
  /** The transaction: pass it to repositories and to other contexts' in-transaction methods. */
  readonly manager: EntityManager;
  /** Who acts; the audit entries name them. */
  readonly actor: A;
  /** The unit's instant (the clock when it began): every timestamp the unit writes. */
  readonly now: Date;
  /** The unit's day (YYYY-MM-DD) in Vietnam, from `now` (vietnamDay). */
  readonly today: string;
  /** Appends an audit entry in the transaction, at once (for entries that depend on what the work found). */
  readonly audit: (entry: AuditEntry) => Promise<string>;
  /** Dispatches a job: its row is written in the transaction and the job is handed over after commit. */
  readonly dispatch: <P extends object>(
    name: string,
    businessKey: string,
    payload: P,
    opts?: Omit<DispatchOptions, 'manager'>,
  ) => Promise<JobResponse>;
  /** Runs the callback once the transaction commits (never if it rolls back); its error is logged. */
  readonly afterCommit: (callback: () => Promise<void>) => Promise<void>;
}

export interface UnitOptions<T> {
  /**
   * The unit's audit entry, written in the transaction after the work; a function of the work's result when the
   * entry names what the work created (null: nothing to audit, e.g. nothing changed).
   */
  audit?: AuditEntry | ((result: T) => AuditEntry | null);
  /** Runs once the transaction commits, with the work's result (e.g. a notification); never on a rollback. */
  afterCommit?: (result: T) => Promise<void>;
}

/**
 * The one way a service writes: a transaction, its audit entry and what runs after commit, in one place. Services
 * inject UnitOfWork instead of DataSource, AuditService and Clock, and say what the unit does:
 *
 *     const audit = (role: RoleResponse) => ({ action: 'role.create', entity: 'role', entityId: role.id });
 *     return this.work.run(actor, { audit }, (tx) => this.roles.insert(tx.manager, dto));
 *
 * The work gets a Tx: the manager, the actor, one `now` for the whole unit, `audit` for entries that depend on what
 * the work found, `dispatch` for jobs (handed over after commit) and `afterCommit`. An error rolls everything back.
 */
@Injectable()
export class UnitOfWork {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly auditLog: AuditService,
    private readonly jobs: JobDispatcher,
    private readonly commits: AfterCommit,
    private readonly clock: Clock,
  ) {}

  run<T, A extends Actor | null = Actor>(actor: A, work: (tx: Tx<A>) => Promise<T>): Promise<T>;
  run<T, A extends Actor | null = Actor>(
    actor: A,
    options: UnitOptions<T>,
    work: (tx: Tx<A>) => Promise<T>,
  ): Promise<T>;
  async run<T, A extends Actor | null>(
    actor: A,
    ...args: [(tx: Tx<A>) => Promise<T>] | [UnitOptions<T>, (tx: Tx<A>) => Promise<T>]
  ): Promise<T> {
    const [options, work] = args.length === 1 ? [{} as UnitOptions<T>, args[0]] : args;
    const now = this.clock.now();
    return this.db.transaction(async (manager) => {
      const tx = this.join(manager, actor, now);
      const result = await work(tx);
      const entry = typeof options.audit === 'function' ? options.audit(result) : options.audit;
      if (entry) await tx.audit(entry);
      const after = options.afterCommit;
      if (after) await tx.afterCommit(() => after(result));
      return result;
    });
  }

  /** A Tx on a transaction the caller already holds (e.g. a listener called inside another context's unit). */
  join<A extends Actor | null>(manager: EntityManager, actor: A, now: Date = this.clock.now()): Tx<A> {
    return {
      manager,
      actor,
      now,
      today: vietnamDay(now),
      audit: (entry) => this.auditLog.record(entry, { actor }, manager),
      dispatch: (name, businessKey, payload, opts = {}) =>
        this.jobs.dispatch(name, businessKey, payload, { ...opts, manager }),
      afterCommit: (callback) => this.commits.run(manager, callback),
    };
  }

  /** The clock's day, for checks made before the unit begins (e.g. a due date in the past). */
  today(): string {
    return this.clock.today();
  }

  /** The clock's instant, outside a unit. */
  now(): Date {
    return this.clock.now();
  }
}
