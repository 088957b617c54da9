import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  DataSource,
  EntityManager,
  EntitySubscriberInterface,
  QueryRunner,
  TransactionCommitEvent,
  TransactionRollbackEvent,
} from 'typeorm';

/**
 * Runs callbacks once the transaction of an EntityManager commits (right away when there is none),
 * so a job is never handed to a worker before its job_run row (and the caller's data) is visible.
 * A rolled-back transaction drops its callbacks.
 */
@Injectable()
export class AfterCommit implements EntitySubscriberInterface {
  private readonly logger = new Logger(AfterCommit.name);
  private readonly pending = new WeakMap<QueryRunner, Array<() => Promise<void>>>();

  constructor(@InjectDataSource() dataSource: DataSource) {
    dataSource.subscribers.push(this);
  }

  /** Outside a transaction the callback runs now and its error reaches the caller; inside, it is logged. */
  async run(manager: EntityManager | undefined, callback: () => Promise<void>): Promise<void> {
    const runner = manager?.queryRunner;
    if (!runner || !runner.isTransactionActive) {
      await callback();
      return;
    }
    const list = this.pending.get(runner) ?? [];
    list.push(callback);
    this.pending.set(runner, list);
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    // A released savepoint also broadcasts a commit: wait for the outermost one.
    if (event.queryRunner.isTransactionActive) return;
    const list = this.pending.get(event.queryRunner);
    this.pending.delete(event.queryRunner);
    for (const callback of list ?? []) {
      callback().catch((e: unknown) => {
        this.logger.error({ err: e instanceof Error ? e.message : String(e) }, 'after-commit callback failed');
      });
    }
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    if (!event.queryRunner.isTransactionActive) this.pending.delete(event.queryRunner);
  }
}
