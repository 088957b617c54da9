import { Injectable, Logger } from '@nestjs/common';
import { IsUUID } from 'class-validator';
import { ExportAuditService } from '@app/audit';
import { Permission } from '@app/common';
import {
  JobContext,
  JobHandler,
  PermanentJobError,
  RegisterJobHandler,
  UnitOfWork,
  validatePayloadWith,
} from '@app/jobs';
import { StorageService } from '@app/storage';
import { ExportPlan, kindNamed } from '../export-plan';
import { CONTENT_TYPES, ExportsService } from '../exports.service';
import { columnsFor } from '../kinds';
import { countedFeed } from '../row-feed';
import { EXPORT_FILE_JOB } from './export-jobs.service';
import { ExportRequestRepository, ExportRequestRow } from './export-request.repository';

/** Bytes per stored export file (a 1,000,000-row CSV is ~150 MB). */
const MAX_FILE_BYTES = 2 * 1024 * 1024 * 1024;
const PROGRESS_EVERY = 1_000;

export class ExportFilePayload {
  @IsUUID('all', { message: 'requestId must be a UUID' })
  requestId!: string;
}

/**
 * `exports.file`: writes a background export's file to storage (key `exports/<requestId>.<format>`, replaced
 * atomically, so a run killed half-way and retried leaves one file), then records it and its one audit entry
 * (with the row count and the SHA-256) in one transaction. A request whose file is recorded already is done.
 */
@RegisterJobHandler()
@Injectable()
export class ExportFileJob implements JobHandler<ExportFilePayload, { rowCount: number; sha256: string }> {
  readonly name = EXPORT_FILE_JOB;
  readonly maxAttempts = 3;
  readonly backoffMs = 1_000;
  readonly validate = validatePayloadWith(ExportFilePayload);
  private readonly logger = new Logger(ExportFileJob.name);

  constructor(
    private readonly requests: ExportRequestRepository,
    private readonly exportsService: ExportsService,
    private readonly storage: StorageService,
    private readonly exportAudit: ExportAuditService,
    private readonly work: UnitOfWork,
  ) {}

  async handle(p: ExportFilePayload, ctx: JobContext): Promise<{ rowCount: number; sha256: string }> {
    const row = await this.requests.find(p.requestId);
    if (!row) throw new PermanentJobError(`export request ${p.requestId} is gone`);
    if (row.fileKey) return { rowCount: row.rowCount ?? 0, sha256: row.fileSha256 ?? '' };
    const started = Date.now();
    const plan = planOf(row);
    // The unit was checked when the export was asked for; the job keeps to it.
    const sql = this.exportsService.sql(plan, [row.scopeUnitId]);
    const total = await this.exportsService.count(sql);
    let rowCount = 0;
    let reported = 0;
    // Counted as they pass; the progress is reported between two batches (the rows of a batch are written as they
    // arrive, without waiting), about every PROGRESS_EVERY rows.
    const counted = countedFeed(
      () => this.exportsService.feed(sql),
      async (n) => (rowCount = n),
      async (n) => {
        rowCount = n;
        if (n - reported >= PROGRESS_EVERY) {
          reported = n;
          await ctx.reportProgress(Math.min(99, (100 * n) / Math.max(total, 1)));
        }
      },
    );
    const key = `exports/${row.id}.${row.format}`;
    const stored = await this.storage.put(key, this.exportsService.write(plan, counted), {
      contentType: CONTENT_TYPES[row.format],
      maxBytes: MAX_FILE_BYTES,
    });
    const actor = {
      accountId: row.accountId,
      grants: [{ permission: row.permission as Permission, scopeUnitId: row.scopeUnitId }],
      via: 'api' as const,
    };
    await this.work.run(actor, async (tx) => {
      const file = { key, sha256: stored.sha256, size: stored.size, rowCount };
      if (!(await this.requests.recordFile(tx.manager, row.id, file, tx.now))) return;
      await this.exportAudit.recordStored(
        { ...this.exportsService.auditEntry(plan), action: `exports.file.${plan.kind.name}` },
        { actor },
        { rowCount, sha256: stored.sha256, size: stored.size, exportRequestId: row.id },
        tx.manager,
      );
    });
    this.logger.log({ requestId: row.id, rowCount, ms: Date.now() - started }, 'export file written');
    return { rowCount, sha256: stored.sha256 };
  }
}

/** The plan of a stored request (checked when it was asked for). */
function planOf(row: ExportRequestRow): ExportPlan {
  const kind = kindNamed(row.kind);
  return {
    kind,
    format: row.format,
    lang: row.lang,
    scopeUnitId: row.scopeUnitId,
    permission: row.permission as Permission,
    filters: row.filters,
    columns: columnsFor(kind, row.includeContact),
    includeContact: row.includeContact,
    purpose: row.purpose,
  };
}
