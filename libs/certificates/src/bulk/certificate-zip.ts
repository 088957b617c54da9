import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { IsIn, IsOptional, IsUUID, Matches } from 'class-validator';
import { ZipFile } from 'yazl';
import { ExportAuditService } from '@app/audit';
import { Actor, Clock, ForbiddenError, NotFoundError } from '@app/common';
import {
  JobContext,
  JobDispatcher,
  JobHandler,
  JobResponse,
  JobsQueryService,
  JobStatus,
  RegisterJobHandler,
  validatePayloadWith,
} from '@app/jobs';
import { firstScopeFor, OrgUnitsService, Policy } from '@app/org';
import { ObjectStream, StorageService } from '@app/storage';
import { CERTIFICATE_STATUSES, CertificateFiltersDto } from '../certificates/dto/certificate.dto';
import { CertificatePdfs } from '../issuing/certificate-pdfs';
import { vietnamDay } from '../issuing/certificate-snapshot';
import { CertificateRepository, CertificateRow } from '../issuing/certificate.repository';

export const CERTIFICATE_ZIP_JOB = 'certificates.zip';
/** How long a ZIP may be downloaded after it is made. */
export const ZIP_LINK_HOURS = 24;
const MAX_ZIP_BYTES = 4 * 1024 * 1024 * 1024;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** What a ZIP holds: the certificates of a subtree (the unit checked when asked), with the list's filters. */
export class CertificateZipPayload {
  @IsUUID('all', { message: 'scopeUnitId must be a UUID' })
  scopeUnitId!: string;

  @IsOptional()
  @IsUUID('all', { message: 'courseId must be a UUID' })
  courseId?: string;

  @IsOptional()
  @IsIn(CERTIFICATE_STATUSES)
  status?: (typeof CERTIFICATE_STATUSES)[number];

  @IsOptional()
  @Matches(DAY)
  from?: string;

  @IsOptional()
  @Matches(DAY)
  to?: string;
}

export interface CertificateZipStatus {
  jobId: string;
  status: JobResponse['status'];
  progress: number;
  count: number | null;
  /** When the download link stops working (ZIP_LINK_HOURS after the ZIP was made), or null while it is made. */
  expiresAt: string | null;
  downloadUrl: string | null;
}

/**
 * The bulk download: an organiser asks for the PDFs of their subtree's certificates (course, status, issue dates)
 * as one ZIP; a job (`certificates.zip`, with progress) draws any PDF still missing and streams them into a ZIP in
 * storage; the link works for ZIP_LINK_HOURS, for callers who may read certificates over that unit, and every
 * download is audited as an export.
 */
@Injectable()
export class CertificateZips {
  constructor(
    private readonly jobs: JobDispatcher,
    private readonly jobsQuery: JobsQueryService,
    private readonly units: OrgUnitsService,
    private readonly storage: StorageService,
    private readonly exportAudit: ExportAuditService,
    private readonly clock: Clock,
  ) {}

  async request(actor: Actor, q: CertificateFiltersDto): Promise<CertificateZipStatus> {
    const scopeUnitId = q.unitId ?? firstScopeFor(actor, Policy.CertificateRead);
    if (!scopeUnitId) throw new ForbiddenError('only administrators, organisers and agencies download certificates');
    await this.units.getVisibleUnit(actor, scopeUnitId);
    if (!(await this.units.canActOn(actor, scopeUnitId, Policy.CertificateRead))) {
      throw new ForbiddenError('the unit is outside your subtree');
    }
    const payload: CertificateZipPayload = {
      scopeUnitId,
      courseId: q.courseId,
      status: q.status,
      from: q.from,
      to: q.to,
    };
    const job = await this.jobs.dispatch(CERTIFICATE_ZIP_JOB, `certificate-zip:${randomUUID()}`, clean(payload), {
      unitId: scopeUnitId,
    });
    return this.toStatus(job);
  }

  async status(actor: Actor, jobId: string): Promise<CertificateZipStatus> {
    return this.toStatus(await this.visibleJob(actor, jobId));
  }

  /** The ZIP, audited as an export before the first byte; 404 once the link has expired. */
  async download(actor: Actor, jobId: string): Promise<ObjectStream & { stream: Readable }> {
    const job = await this.visibleJob(actor, jobId);
    const s = this.toStatus(job);
    const result = job.result as { key?: string; count?: number } | null;
    if (!s.downloadUrl || !result?.key) throw new NotFoundError(`certificate ZIP ${jobId} is not ready or has expired`);
    const opened = await this.storage.getStream(result.key);
    const payload = job.unitId;
    const stream = await this.exportAudit.auditThenStream(
      {
        action: 'certificates.zip.download',
        scopeUnitId: payload!,
        filters: { jobId },
        columns: ['pdf'],
        includeContact: false,
      },
      { actor },
      () => opened.stream as AsyncIterable<Buffer>,
    );
    return { ...opened, stream: Readable.from(stream) };
  }

  private async visibleJob(actor: Actor, jobId: string): Promise<JobResponse & { unitId: string | null }> {
    const job = await this.jobsQuery.getOwnKind(CERTIFICATE_ZIP_JOB, jobId).catch(() => null);
    if (!job || !job.unitId || !(await this.units.canActOn(actor, job.unitId, Policy.CertificateRead))) {
      throw new NotFoundError(`certificate ZIP ${jobId} not found`);
    }
    return job;
  }

  private toStatus(job: JobResponse): CertificateZipStatus {
    const result = job.result as { count?: number } | null;
    const expires = job.finishedAt ? new Date(Date.parse(job.finishedAt) + ZIP_LINK_HOURS * 3_600_000) : null;
    const live = job.status === JobStatus.Succeeded && expires !== null && expires > this.clock.now();
    return {
      jobId: job.id,
      status: job.status,
      progress: job.progress,
      count: result?.count ?? null,
      expiresAt: job.status === JobStatus.Succeeded ? (expires?.toISOString() ?? null) : null,
      downloadUrl: live ? `/api/v1/certificate-zips/${job.id}/download` : null,
    };
  }
}

const clean = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

/** `certificates.zip`: draws missing PDFs and writes the ZIP to storage; idempotent (a rerun writes the same key). */
@RegisterJobHandler()
@Injectable()
export class CertificateZipJob implements JobHandler<CertificateZipPayload, { key: string; count: number }> {
  readonly name = CERTIFICATE_ZIP_JOB;
  readonly maxAttempts = 3;
  readonly validate = validatePayloadWith(CertificateZipPayload);

  constructor(
    private readonly repo: CertificateRepository,
    private readonly pdfs: CertificatePdfs,
    private readonly storage: StorageService,
    private readonly clock: Clock,
  ) {}

  async handle(p: CertificateZipPayload, ctx: JobContext): Promise<{ key: string; count: number }> {
    const rows: CertificateRow[] = [];
    const today = vietnamDay(this.clock.now());
    for await (const c of this.repo.all({ ...p, scopes: [p.scopeUnitId], today })) rows.push(c);
    const zip = new ZipFile();
    const keys: string[] = [];
    for (const [i, c] of rows.entries()) {
      keys.push(await this.pdfs.ensure(c.id));
      await ctx.reportProgress(Math.floor((80 * (i + 1)) / Math.max(rows.length, 1)));
    }
    rows.forEach((c, i) =>
      zip.addReadStreamLazy(`${c.serial}.pdf`, { compress: false, mtime: c.issuedAt }, (cb) => {
        this.storage.getStream(keys[i]).then(
          (o) => cb(null, o.stream),
          (e: unknown) => cb(e, undefined as unknown as NodeJS.ReadableStream),
        );
      }),
    );
    zip.end();
    const key = `exports/certificates/${ctx.jobRunId}.zip`;
    await this.storage.put(key, Readable.from(zip.outputStream as Readable), {
      contentType: 'application/zip',
      maxBytes: MAX_ZIP_BYTES,
    });
    return { key, count: rows.length };
  }
}
