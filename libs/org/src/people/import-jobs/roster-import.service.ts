import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import {
  Actor,
  AppConfig,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  Permission,
  ValidationError,
} from '@app/common';
import { firstScopeFor, Policy } from '../../access/policy';
import { JobDispatcher } from '@app/jobs';
import { decodeCsvBuffer, detectRosterFileKind, RosterFileKind, SNIFF_BYTES } from '../import/decode';
import { parseRoster } from '../import/parse-roster';
import { OrgUnitsService } from '../../units/org-units.service';
import { UploadRosterQueryDto } from './dto/roster-import.dto';
import { ImportBatchRepository, ImportBatchRow } from './import-batch.repository';
import { importDir } from './roster-import.runner';
import {
  ImportBatchResponse,
  MAX_ROSTER_UPLOAD_BYTES,
  ROSTER_IMPORT_JOB,
  rosterImportKey,
  RosterUploadTooLargeError,
  sanitiseFileName,
} from './roster-import.types';

/** What the HTTP layer hands over: the bytes and the name the browser gave. */
export interface RosterUpload {
  buffer: Buffer;
  originalname?: string;
}

/** Roster uploads: checks the file at once (size, kind, encoding, header), stores it and starts the import job. */
@Injectable()
export class RosterImportService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly batches: ImportBatchRepository,
    private readonly units: OrgUnitsService,
    private readonly jobs: JobDispatcher,
    private readonly config: AppConfig,
  ) {}

  async upload(
    actor: Actor,
    file: RosterUpload | undefined,
    query: UploadRosterQueryDto,
  ): Promise<ImportBatchResponse> {
    if (!file?.buffer) {
      throw new ValidationError('file: attach the roster as the multipart field "file"', [
        { field: 'file', reason: 'is required' },
      ]);
    }
    if (file.buffer.length > MAX_ROSTER_UPLOAD_BYTES) throw new RosterUploadTooLargeError();
    const { scopeUnitId, permission } = await this.scopeFor(actor, query.unitId);
    const kind = await preflight(file.buffer);
    const id = randomUUID();
    const filePath = `${importDir(id)}/upload.${kind}`;
    const dir = join(this.config.storageDir, importDir(id));
    await mkdir(dir, { recursive: true });
    try {
      await writeFile(join(this.config.storageDir, filePath), file.buffer);
      await this.db.transaction(async (m) => {
        const fileName = sanitiseFileName(file.originalname, `roster.${kind}`);
        const b = { id, uploadedBy: actor.accountId, uploadedAs: permission, scopeUnitId, fileName, filePath, kind };
        await this.batches.insert(m, { ...b, mode: query.mode, fileSize: file.buffer.length });
        const job = await this.jobs.dispatch(
          ROSTER_IMPORT_JOB,
          rosterImportKey(id),
          { batchId: id },
          { manager: m, unitId: scopeUnitId },
        );
        await this.batches.setJob(m, id, job.id);
      });
    } catch (e) {
      await rm(dir, { recursive: true, force: true });
      throw e;
    }
    return this.get(actor, id);
  }

  /** "Confirm" after a dry run: imports the same stored file for real, as a new batch. */
  async commitDryRun(actor: Actor, id: string): Promise<ImportBatchResponse> {
    const batch = await this.visible(actor, id);
    if (batch.mode !== 'dry_run' || batch.status !== 'done') {
      throw new ConflictError(`import ${id} is not a finished dry run`);
    }
    const buffer = await readFile(join(this.config.storageDir, batch.filePath));
    return this.upload(actor, { buffer, originalname: batch.fileName }, { mode: 'commit', unitId: batch.scopeUnitId });
  }

  async get(actor: Actor, id: string): Promise<ImportBatchResponse> {
    return toResponse(await this.visible(actor, id));
  }

  /** The invalid rows with their reasons (CSV in the import format plus an errors column). */
  async errorsFile(actor: Actor, id: string): Promise<{ stream: Readable; fileName: string }> {
    const batch = await this.visible(actor, id);
    if (!batch.errorFilePath) throw new NotFoundError(`the report of import ${id} is not ready yet`);
    const stem = batch.fileName.replace(/\.(csv|xlsx)$/i, '');
    return {
      stream: createReadStream(join(this.config.storageDir, batch.errorFilePath)),
      fileName: `${stem}-loi.csv`,
    };
  }

  /** A batch whose scope unit the actor manages; 404 otherwise, so ids of other subtrees don't leak. */
  private async visible(actor: Actor, id: string): Promise<ImportBatchRow> {
    const batch = await this.batches.findById(id);
    if (!batch || !(await this.units.canActOn(actor, batch.scopeUnitId, Policy.RosterWrite))) {
      throw new NotFoundError(`import ${id} not found`);
    }
    return batch;
  }

  private async scopeFor(actor: Actor, unitId?: string): Promise<{ scopeUnitId: string; permission: Permission }> {
    const scopeUnitId = unitId ?? firstScopeFor(actor, Policy.RosterWrite);
    if (!scopeUnitId) throw new ForbiddenError('only administrators and organisers import rosters');
    await this.units.getVisibleUnit(actor, scopeUnitId);
    // The job acts as the strongest grant the uploader holds over the unit (admin before organiser).
    const permission = await this.units.permissionOver(actor, scopeUnitId, Policy.RosterWrite);
    if (permission) return { scopeUnitId, permission };
    throw new ForbiddenError('the unit is outside the subtree you manage');
  }
}

/**
 * What can be told at once: the kind (415), the encoding of a CSV (415 naming it) and the header row (400).
 * Row problems are the job's.
 */
async function preflight(buffer: Buffer): Promise<RosterFileKind> {
  const kind = detectRosterFileKind(buffer.subarray(0, SNIFF_BYTES));
  if (kind === 'csv') decodeCsvBuffer(buffer);
  const batches = parseRoster(buffer, kind).batches();
  await batches.next(); // reads up to the first ~1,000 rows: enough to find and check the header
  await batches.return(undefined);
  return kind;
}

function toResponse(b: ImportBatchRow): ImportBatchResponse {
  return {
    id: b.id,
    fileName: b.fileName,
    kind: b.kind,
    mode: b.mode,
    status: b.status,
    scopeUnitId: b.scopeUnitId,
    counts: b.counts,
    problems: b.problems,
    problemCount: b.problemCount,
    notices: b.notices,
    progress: b.progress,
    error: b.errorMessage ? { message: b.errorMessage, details: b.errorDetails } : null,
    errorsUrl: b.errorFilePath ? `/api/v1/roster-imports/${b.id}/errors.csv` : null,
    createdAt: new Date(b.createdAt).toISOString(),
    finishedAt: b.finishedAt ? new Date(b.finishedAt).toISOString() : null,
  };
}
