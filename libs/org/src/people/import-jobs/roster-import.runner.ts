import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Readable, Transform, TransformCallback } from 'node:stream';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, DomainError, Permission } from '@app/common';
import { JobContext, PermanentJobError, Tx, UnitOfWork } from '@app/jobs';
import { StorageService } from '@app/storage';
import { parseRoster, RosterParse, RosterRecord } from '../import/parse-roster';
import { RoleCatalogue } from '../import/role-catalogue';
import { RosterColumnKey } from '../import/roster-columns';
import { withColumn } from '../import/roster-problems';
import { RosterFileValidator, RosterRow } from '../import/validate-row';
import { PeopleService } from '../people.service';
import { NewPerson } from '../person-writer';
import { RosterHooks } from '../roster-hooks';
import { ImportBatchRepository, ImportBatchRow } from './import-batch.repository';
import { InvalidRowsFile } from './invalid-rows-file';
import { PresentColumns, RosterImportRepository, StagedRow } from './roster-import.repository';
import { ImportCounts, ImportProblem, MAX_STORED_PROBLEMS } from './roster-import.types';
import { RefusedRow, RowResolver } from './row-resolver';

/** Where an upload's files live: storage keys under this prefix (the upload and the errors report). */
export const importDir = (batchId: string): string => `imports/${batchId}`;

/** Row-by-row outcome of one pass over the file. */
class Report {
  readonly problems: ImportProblem[] = [];
  problemCount = 0;
  valid = 0;
  invalid = 0;

  constructor(
    private readonly errors: InvalidRowsFile,
    private readonly parse: RosterParse,
  ) {}

  /** A refused row: each problem names its column as the file's header does (withColumn). */
  reject(record: RosterRecord, problems: ImportProblem[]): void {
    const named = problems.map((p) => withColumn(p, this.parse.summary.headers));
    this.invalid++;
    this.problemCount += named.length;
    for (const p of named) if (this.problems.length < MAX_STORED_PROBLEMS) this.problems.push(p);
    this.errors.add(record.rowNumber, record.values, named);
  }
}

/**
 * The work of the `roster.import` job: reads the stored file in batches, validates each row, resolves units and
 * roles, stages the valid rows and then writes them set-based, all in ONE transaction (a crash leaves nothing
 * behind; the retry starts over). A dry run does the same and writes only the report.
 */
@Injectable()
export class RosterImportRunner {
  private readonly logger = new Logger(RosterImportRunner.name);

  constructor(
    /** Lookups of committed data, beside the import's transaction. */
    @InjectDataSource() private readonly db: DataSource,
    private readonly work: UnitOfWork,
    private readonly batches: ImportBatchRepository,
    private readonly repo: RosterImportRepository,
    private readonly storage: StorageService,
    private readonly hooks: RosterHooks,
    private readonly people: PeopleService,
  ) {}

  async run(batchId: string, ctx: JobContext): Promise<ImportCounts> {
    const batch = await this.batches.findById(batchId);
    if (!batch) throw new PermanentJobError(`import batch ${batchId} is gone`);
    if (batch.status === 'done') return batch.counts; // an earlier attempt committed: nothing to do again
    await this.batches.markRunning(batchId);
    const errorPath = `${importDir(batchId)}/errors.csv`;
    const errors = new InvalidRowsFile(this.storage, errorPath);
    let input: StoredInput | null = null;
    try {
      const stored = await this.storage.getStream(batch.filePath);
      input = new StoredInput(stored.stream, stored.size);
      const started = performance.now();
      const opened = input;
      const counts = await this.work.run(uploader(batch), (tx) =>
        this.importFile(tx, batch, opened, errors, errorPath, ctx),
      );
      const durationMs = Math.round(performance.now() - started);
      this.logger.log({ batchId, mode: batch.mode, durationMs, ...counts }, 'roster import done');
      return counts;
    } catch (e) {
      errors.abort();
      if (e instanceof DomainError) {
        // The file itself is unusable (unreadable, bad header, too many rows): retrying cannot help.
        await this.batches.fail(batchId, e.message, e.details);
        throw new PermanentJobError(e.message);
      }
      if (ctx.attempt >= ctx.maxAttempts) {
        await this.batches.fail(batchId, 'the import failed; nothing was written', null);
      }
      throw e;
    } finally {
      input?.stream.destroy(); // closes the stored file if the transaction failed before reading it to the end
    }
  }

  private async importFile(
    tx: Tx,
    batch: ImportBatchRow,
    input: StoredInput,
    errors: InvalidRowsFile,
    errorPath: string,
    ctx: JobContext,
  ): Promise<ImportCounts> {
    const { manager: m, today } = tx;
    const commit = batch.mode === 'commit';
    await this.repo.createStage(m);
    const read = await this.readFile(m, batch, input, errors, ctx, today);
    const updated = await this.repo.countChanges(m);
    if (commit && updated > 0) await this.repo.applyChanges(m, read.present, today);
    if (commit) await this.hooks.peopleChanged([...read.freshIds, ...(await this.repo.changedPersonIds(m))], m);
    await ctx.reportProgress(95);
    await errors.close(read.parse.summary.columns, read.parse.summary.headers);
    const counts: ImportCounts = {
      rows: read.parse.summary.dataRows,
      valid: read.report.valid,
      invalid: read.report.invalid,
      created: read.created,
      updated,
      unchanged: read.existing - updated,
      empty: read.parse.summary.emptyRows,
    };
    if (commit) {
      const details = { scopeUnitId: batch.scopeUnitId, kind: batch.kind, ...counts };
      const entry = { action: 'roster.import', entity: 'import_batch', entityId: batch.id, details };
      await tx.audit(entry);
    }
    const { problems, problemCount } = read.report;
    const notices = read.parse.summary.notices;
    await this.batches.finish(m, batch.id, { counts, problems, problemCount, notices }, errorPath);
    return counts;
  }

  /** One pass over the file: rows validated and looked up batch by batch, their writes queued behind. */
  private async readFile(
    m: EntityManager,
    batch: ImportBatchRow,
    input: StoredInput,
    errors: InvalidRowsFile,
    ctx: JobContext,
    today: string,
  ): Promise<{
    parse: RosterParse;
    report: Report;
    present: PresentColumns;
    existing: number;
    created: number;
    freshIds: string[];
  }> {
    // Lookups read committed data on another connection, in parallel with the writes: no row of this file can
    // match a person this import creates (employee codes are unique within the file).
    const roles = new RoleCatalogue(await this.repo.activeRoles(m));
    const resolver = new RowResolver(this.db.manager, this.repo, batch.scopeUnitId, roles);
    const validator = new RosterFileValidator({ today, roles });
    const writes = new QueuedWrites();
    const parse = parseRoster(input.stream, batch.kind);
    const report = new Report(errors, parse);
    const present = new Set<RosterColumnKey>();
    let [read, existing, created] = [0, 0, 0];
    const freshIds: string[] = [];
    try {
      for await (const records of parse.batches()) {
        if (present.size === 0) parse.summary.columns.forEach((c) => present.add(c));
        errors.open(parse.summary.columns, parse.summary.headers);
        const refused: RefusedRow[] = [];
        const valid: Array<{ record: RosterRecord; row: RosterRow }> = [];
        for (const record of records) {
          const result = validator.validate(record);
          if (result.ok) valid.push({ record, row: result.row });
          else refused.push({ record, ...result });
        }
        // Refused rows are looked up too (units, code holders), so that each reports all its problems at once.
        const resolved = await resolver.resolve(valid, refused);
        for (const { record, problems } of resolved.invalid) report.reject(record, problems); // in file order
        // Queued: PostgreSQL writes this batch while the next one is parsed and looked up.
        await writes.add(async () => {
          await this.repo.stageChanges(m, resolved.existing, present);
          if (batch.mode === 'commit') await this.people.createMany(m, newPeople(resolved.fresh, today), quiet);
        });
        report.valid += resolved.fresh.length + resolved.existing.length;
        [existing, created] = [existing + resolved.existing.length, created + resolved.fresh.length];
        if (batch.mode === 'commit') for (const r of resolved.fresh) freshIds.push(r.personId);
        read += records.length;
        await ctx.reportProgress(Math.floor(Math.min(80, input.fraction(batch.kind, read) * 80) / 5) * 5); // per 5%
      }
      await writes.drain();
    } catch (e) {
      await writes.drain().catch(() => undefined); // the rollback must not overtake queued statements
      throw e;
    }
    return { parse, report, present, existing, created, freshIds };
  }
}

/**
 * Writes run one after the other in the background (a pg client runs one query at a time) while the caller goes
 * on parsing and looking up the next batch. The first failure is kept and rethrown: later statements then fail only
 * because the transaction is aborted, which would hide the cause.
 */
class QueuedWrites {
  private tail: Promise<void> = Promise.resolve();
  private readonly queued: Array<Promise<void>> = [];
  private error: Error | null = null;

  /** Queues a batch's writes; waits first while `maxQueued` batches are still waiting (bounded memory). */
  async add(write: () => Promise<void>, maxQueued = 2): Promise<void> {
    while (this.queued.length >= maxQueued) await this.queued.shift();
    if (this.error) throw this.error;
    this.tail = this.tail.then(async () => {
      if (this.error) return;
      try {
        await write();
      } catch (e) {
        this.error = e instanceof Error ? e : new Error(String(e));
      }
    });
    this.queued.push(this.tail);
  }

  async drain(): Promise<void> {
    await this.tail;
    this.queued.length = 0;
    if (this.error) throw this.error;
  }
}

// The roster listeners hear of the new and the changed people once, at the end of the import.
const quiet = { notify: false };

/** New people of the file, from the row's date (or today). */
function newPeople(rows: StagedRow[], today: string): NewPerson[] {
  return rows.map(({ personId, statusFrom, rowNumber: _row, ...r }) => ({
    ...r,
    id: personId,
    joinedOn: statusFrom ?? today,
  }));
}

/** The uploader as the audit log records them (the job runs without a request). */
function uploader(batch: ImportBatchRow): Actor {
  return {
    accountId: batch.uploadedBy,
    grants: [{ permission: batch.uploadedAs as Permission, scopeUnitId: batch.scopeUnitId }],
    via: 'api',
  };
}

/**
 * The stored upload as the job reads it, streamed (a CSV is never held whole; an XLSX is, within the XLSX
 * guard's limits, as its central directory is at its end), with how far the reading has got, for progress.
 */
class StoredInput {
  readonly stream: Readable;
  private bytesRead = 0;

  constructor(
    source: Readable,
    private readonly size: number,
  ) {
    const counter = new Transform({
      transform: (chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void => {
        this.bytesRead += chunk.length;
        done(null, chunk);
      },
    });
    source.once('error', (e) => counter.destroy(e));
    counter.once('close', () => source.destroy());
    this.stream = source.pipe(counter);
  }

  /** The share of the file read: CSV bytes; XLSX (read whole first) by ~40 compressed bytes per row. */
  fraction(kind: 'csv' | 'xlsx', rowsRead: number): number {
    if (kind === 'xlsx') return rowsRead / Math.max(1, this.size / 40);
    return this.bytesRead / Math.max(1, this.size);
  }
}
