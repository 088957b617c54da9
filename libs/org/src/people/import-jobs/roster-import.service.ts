import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { Actor, ConflictError, ForbiddenError, NotFoundError, Permission, ValidationError } from '@app/common';
import { firstScopeFor, Policy } from '../../access/policy';
import { UnitOfWork } from '@app/jobs';
import { PayloadTooLargeError, peekStream, StorageService } from '@app/storage';
import { decodeCsvChunks, detectRosterFileKind, RosterFileKind, SNIFF_BYTES } from '../import/decode';
import { parseRoster } from '../import/parse-roster';
import { withColumn } from '../import/roster-problems';
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

/** What the HTTP layer hands over: the file's bytes, still unread, and the name the browser gave. */
export interface RosterUpload {
  stream: Readable;
  originalName?: string;
}

const CONTENT_TYPES: Record<RosterFileKind, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/**
 * Roster uploads: streams the file into storage (StorageService, `imports/<batch id>/upload.<kind>`), checks it at
 * once (size, kind, encoding, header) and starts the import job, which reads the stored file.
 */
@Injectable()
export class RosterImportService {
  constructor(
    private readonly work: UnitOfWork,
    private readonly batches: ImportBatchRepository,
    private readonly units: OrgUnitsService,
    private readonly storage: StorageService,
  ) {}

  async upload(
    actor: Actor,
    file: RosterUpload | undefined,
    query: UploadRosterQueryDto,
  ): Promise<ImportBatchResponse> {
    if (!file?.stream) {
      throw new ValidationError('file: attach the roster as the multipart field "file"', [
        { field: 'file', reason: 'is required' },
      ]);
    }
    const peeked = await peekStream(file.stream, SNIFF_BYTES);
    const id = randomUUID();
    let written: string | null = null; // the stored upload, removed if the upload is refused
    let accepted: ImportBatchRow | null = null;
    try {
      const { scopeUnitId, permission } = await this.scopeFor(actor, query.unitId);
      const kind = detectRosterFileKind(peeked.head);
      const key = `${importDir(id)}/upload.${kind}`;
      written = key;
      const stored = await this.storage
        .put(key, peeked.body, { contentType: CONTENT_TYPES[kind], maxBytes: MAX_ROSTER_UPLOAD_BYTES })
        .catch((e: unknown) => {
          throw e instanceof PayloadTooLargeError ? new RosterUploadTooLargeError() : e;
        });
      await this.preflight(key, kind);
      await this.work.run(actor, async (tx) => {
        const fileName = sanitiseFileName(file.originalName, `roster.${kind}`);
        const b = {
          id,
          uploadedBy: actor.accountId,
          uploadedAs: permission,
          scopeUnitId,
          fileName,
          filePath: key,
          kind,
        };
        await this.batches.insert(tx.manager, { ...b, mode: query.mode, fileSize: stored.size });
        const job = await tx.dispatch(ROSTER_IMPORT_JOB, rosterImportKey(id), { batchId: id }, { unitId: scopeUnitId });
        await this.batches.setJob(tx.manager, id, job.id);
        // The 202 describes the batch as accepted ("queued"): read before commit, so the in-process job that may
        // start the moment the transaction ends can't make the answer say "running" one time in a hundred.
        accepted = await this.batches.findById(id, tx.manager);
      });
    } catch (e) {
      peeked.discard();
      if (written) await this.storage.delete(written).catch(() => undefined);
      throw e;
    }
    if (!accepted) throw new Error(`import ${id} was not written`);
    return toResponse(accepted);
  }

  /** "Confirm" after a dry run: imports the same stored file for real, as a new batch. */
  async commitDryRun(actor: Actor, id: string): Promise<ImportBatchResponse> {
    const batch = await this.visible(actor, id);
    if (batch.mode !== 'dry_run' || batch.status !== 'done') {
      throw new ConflictError(`import ${id} is not a finished dry run`);
    }
    const { stream } = await this.storage.getStream(batch.filePath);
    return this.upload(actor, { stream, originalName: batch.fileName }, { mode: 'commit', unitId: batch.scopeUnitId });
  }

  async get(actor: Actor, id: string): Promise<ImportBatchResponse> {
    return toResponse(await this.visible(actor, id));
  }

  /** The invalid rows with their reasons (CSV in the import format plus an errors column). */
  async errorsFile(actor: Actor, id: string): Promise<{ stream: Readable; fileName: string }> {
    const batch = await this.visible(actor, id);
    if (!batch.errorFilePath) throw new NotFoundError(`the report of import ${id} is not ready yet`);
    const stem = batch.fileName.replace(/\.(csv|xlsx)$/i, '');
    const { stream } = await this.storage.getStream(batch.errorFilePath);
    return { stream, fileName: `${stem}-loi.csv` };
  }

  /** A batch whose scope unit the actor manages; 404 otherwise, so ids of other subtrees don't leak. */
  private async visible(actor: Actor, id: string): Promise<ImportBatchRow> {
    const batch = await this.batches.findById(id);
    if (!batch || !(await this.units.canActOn(actor, batch.scopeUnitId, Policy.RosterWrite))) {
      throw new NotFoundError(`import ${id} not found`);
    }
    return batch;
  }

  /**
   * What can be told at once, read from the stored file: the encoding of a whole CSV (415 naming it), and the header
   * row (400); an XLSX file also passes the bounded XLSX checks here. Row problems are the job's.
   */
  private async preflight(key: string, kind: RosterFileKind): Promise<void> {
    if (kind === 'csv') {
      for await (const text of decodeCsvChunks((await this.storage.getStream(key)).stream)) void text;
    }
    const batches = parseRoster((await this.storage.getStream(key)).stream, kind).batches();
    await batches.next(); // reads up to the first ~1,000 rows: enough to find and check the header
    await batches.return(undefined);
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

function toResponse(b: ImportBatchRow): ImportBatchResponse {
  return {
    id: b.id,
    fileName: b.fileName,
    kind: b.kind,
    mode: b.mode,
    status: b.status,
    scopeUnitId: b.scopeUnitId,
    counts: b.counts,
    problems: b.problems.map((p) => withColumn(p, {})), // reports stored before `column` existed: Vietnamese headers
    problemCount: b.problemCount,
    notices: b.notices,
    progress: b.progress,
    error: b.errorMessage ? { message: b.errorMessage, details: b.errorDetails } : null,
    errorsUrl: b.errorFilePath ? `/api/v1/roster-imports/${b.id}/errors.csv` : null,
    createdAt: new Date(b.createdAt).toISOString(),
    finishedAt: b.finishedAt ? new Date(b.finishedAt).toISOString() : null,
  };
}
