import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { AuditService } from '@app/audit';
import { Actor, NotFoundError } from '@app/common';
import { JobResponse, JobsQueryService, JobStatus, UnitOfWork } from '@app/jobs';
import { scopesFor } from '@app/org';
import { StorageService } from '@app/storage';
import { CreateExportJobDto } from '../dto/export-query.dto';
import { ExportLinkGoneError } from '../export-errors';
import { CONTENT_TYPES, ExportFile, ExportsService, fileNameOf } from '../exports.service';
import { kindNamed } from '../export-plan';
import { ExportRequestRepository, ExportRequestRow } from './export-request.repository';

export const EXPORT_FILE_JOB = 'exports.file';
/** The download link works this long after it is first shown, and once. */
export const EXPORT_LINK_MINUTES = 15;
/** Files are deleted this long after they are made (ExportCleanupJob). */
export const EXPORT_FILE_HOURS = 24;

export const exportJobKey = (requestId: string): string => `export:${requestId}`;

/** A background export as its owner sees it. */
export interface ExportJobResponse {
  id: string;
  kind: string;
  format: 'csv' | 'xlsx';
  filters: Record<string, string>;
  includeContact: boolean;
  status: JobStatus;
  progress: number;
  rowCount: number | null;
  createdAt: string;
  finishedAt: string | null;
  /** 'pending' while the file is made; then 'ready' (link shown, valid), 'expired', 'used' or 'deleted'. */
  link: 'pending' | 'ready' | 'expired' | 'used' | 'deleted' | 'failed';
  /** Shown once the file is ready: works once, until expiresAt (EXPORT_LINK_MINUTES after it was first shown). */
  downloadUrl: string | null;
  expiresAt: string | null;
}

/**
 * Background exports: a request is checked as a streamed export is (kind, format, filters, subtree, contact data with
 * a purpose, XLSX cap), stored, and made by the `exports.file` job (ExportFileJob); its owner polls it, gets a link
 * that works once within EXPORT_LINK_MINUTES of being shown, and the file is deleted after EXPORT_FILE_HOURS.
 */
@Injectable()
export class ExportJobsService {
  constructor(
    private readonly exportsService: ExportsService,
    private readonly requests: ExportRequestRepository,
    private readonly work: UnitOfWork,
    private readonly jobsQuery: JobsQueryService,
    private readonly storage: StorageService,
    private readonly audit: AuditService,
  ) {}

  async request(actor: Actor, dto: CreateExportJobDto): Promise<ExportJobResponse> {
    const plan = await this.exportsService.plan(actor, dto.kind, dto.format, dto);
    await this.exportsService.assertFits(plan, this.exportsService.sql(plan, scopesFor(actor, plan.kind.policy)));
    const id = await this.work.run(actor, async (tx) => {
      const requestId = await this.requests.insert(
        tx.manager,
        {
          accountId: actor.accountId,
          permission: plan.permission,
          scopeUnitId: plan.scopeUnitId,
          kind: plan.kind.name,
          format: plan.format,
          lang: plan.lang,
          filters: plan.filters,
          includeContact: plan.includeContact,
          purpose: plan.purpose,
        },
        tx.now,
      );
      const job = await tx.dispatch(
        EXPORT_FILE_JOB,
        exportJobKey(requestId),
        { requestId },
        { unitId: plan.scopeUnitId },
      );
      await this.requests.setJob(tx.manager, requestId, job.id);
      return requestId;
    });
    return this.status(actor, id);
  }

  /** The owner's export (404 for anyone else); shows the download link the first time the file is ready. */
  async status(actor: Actor, id: string): Promise<ExportJobResponse> {
    let row = await this.own(actor, id);
    const job = row.jobRunId ? await this.jobsQuery.getOwnKind(EXPORT_FILE_JOB, row.jobRunId) : null;
    if (row.fileKey && !row.linkShownAt && !row.deletedAt) {
      await this.requests.showLink(row.id, randomBytes(24).toString('base64url'), this.work.now());
      row = (await this.requests.find(row.id))!;
    }
    return this.toResponse(row, job);
  }

  /** The owner's exports, newest first (the "my exports" page); links are shown as status shows them. */
  async mine(actor: Actor): Promise<ExportJobResponse[]> {
    const rows = await this.requests.listFor(actor.accountId, 50);
    return Promise.all(rows.map((r) => this.status(actor, r.id)));
  }

  /** The file, once, with the link's token, within EXPORT_LINK_MINUTES of its showing: else 410. Audited. */
  async download(actor: Actor, id: string, token: string): Promise<ExportFile> {
    const row = await this.own(actor, id);
    const ok = await this.requests.claimDownload(
      id,
      actor.accountId,
      token,
      this.work.now(),
      EXPORT_LINK_MINUTES * 60_000,
    );
    if (!ok || !row.fileKey) {
      throw new ExportLinkGoneError(
        'this download link has expired or was used already: ask for the export again (links work once, for ' +
          `${EXPORT_LINK_MINUTES} minutes after they are shown)`,
      );
    }
    const opened = await this.storage.getStream(row.fileKey);
    await this.audit.record(
      {
        action: 'exports.download',
        entity: 'org_unit',
        entityId: row.scopeUnitId,
        details: { exportRequestId: row.id, kind: row.kind, format: row.format, sha256: row.fileSha256 },
      },
      { actor },
    );
    const kind = kindNamed(row.kind);
    return {
      stream: opened.stream,
      fileName: fileNameOf({ kind, lang: row.lang, format: row.format }),
      contentType: CONTENT_TYPES[row.format],
    };
  }

  private async own(actor: Actor, id: string): Promise<ExportRequestRow> {
    const row = await this.requests.find(id);
    if (!row || row.accountId !== actor.accountId) throw new NotFoundError(`export ${id} not found`);
    return row;
  }

  private toResponse(row: ExportRequestRow, job: JobResponse | null): ExportJobResponse {
    const now = this.work.now().getTime();
    const expires = row.linkShownAt ? row.linkShownAt.getTime() + EXPORT_LINK_MINUTES * 60_000 : null;
    const link: ExportJobResponse['link'] = row.deletedAt
      ? 'deleted'
      : row.downloadedAt
        ? 'used'
        : !row.fileKey
          ? job?.status === JobStatus.Failed
            ? 'failed'
            : 'pending'
          : expires !== null && expires <= now
            ? 'expired'
            : 'ready';
    return {
      id: row.id,
      kind: row.kind,
      format: row.format,
      filters: row.filters,
      includeContact: row.includeContact,
      status: job?.status ?? JobStatus.Queued,
      progress: row.fileKey ? 100 : (job?.progress ?? 0),
      rowCount: row.rowCount,
      createdAt: row.createdAt.toISOString(),
      finishedAt: row.finishedAt?.toISOString() ?? null,
      link,
      downloadUrl:
        link === 'ready' && row.linkToken ? `/api/v1/export-jobs/${row.id}/download?token=${row.linkToken}` : null,
      expiresAt: link === 'ready' && expires !== null ? new Date(expires).toISOString() : null,
    };
  }
}
