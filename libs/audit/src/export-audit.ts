import { Injectable, Logger } from '@nestjs/common';
import { registerDecorator, ValidationOptions } from 'class-validator';
import { EntityManager } from 'typeorm';
import { DomainError, nfc, ValidationError } from '@app/common';
import { AuditContext, AuditService } from './audit.service';

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** Bounds of the purpose stated for an export of contact details, in characters, after trimming. */
export const PURPOSE_MIN_LENGTH = 10;
export const PURPOSE_MAX_LENGTH = 500;

/**
 * Why a purpose is refused, or null when it is fine. It is stored in the audit log and read by people, so: one line
 * of printable text (no control, format, private-use, unassigned or lone surrogate character: `\p{C}`), with a
 * letter, 10–500 characters once trimmed. Expects the value after `toPurpose` (NFC, invisible characters removed).
 */
export function purposeProblem(value: unknown): string | null {
  if (typeof value !== 'string') return 'must be text';
  const bad = /\p{C}/u.exec(value);
  if (bad) {
    const code = bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    return `must be printable text on one line (contains U+${code})`;
  }
  const length = [...value].length;
  if (length < PURPOSE_MIN_LENGTH || length > PURPOSE_MAX_LENGTH) {
    return `must say why contact details are needed (${PURPOSE_MIN_LENGTH}–${PURPOSE_MAX_LENGTH} characters)`;
  }
  if (!/\p{L}/u.test(value)) return 'must say why contact details are needed in words';
  return null;
}

/** For @Transform on a purpose: NFC, zero-width and bidi characters removed, trimmed (control characters stay, to be refused). */
export const toPurpose = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? nfc(value) : value);

/** Validates a purpose with `purposeProblem` (use after @Transform(toPurpose)). */
export function IsExportPurpose(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isExportPurpose',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message: (args) => `${String(propertyName)} ${purposeProblem(args.value) ?? 'is not valid'}`,
        ...options,
      },
      validator: { validate: (v: unknown) => purposeProblem(v) === null },
    });
}

/** What an export's first audit entry records (DESIGN: who, scope, filters, columns; contact data and purpose). */
export interface ExportAuditEntry {
  /** e.g. 'roster.export'; the closing entry is `<action>.end`. */
  action: string;
  /** The subtree exported (also the entry's entity id, entity 'org_unit'). */
  scopeUnitId: string;
  filters: Record<string, unknown>;
  columns: readonly string[];
  /** E-mail and phone (contact details) are in the file. */
  includeContact: boolean;
  /** Required with contact details (see purposeProblem). */
  purpose?: string | null;
}

/** The audit entry of an export could not be written: the export is not sent (503, nothing streamed). */
export class ExportNotAuditedError extends DomainError {
  readonly code = 'EXPORT_NOT_AUDITED';
  readonly status = 503;
  constructor() {
    super(
      'Không ghi được nhật ký kiểm toán nên không xuất dữ liệu; hãy thử lại sau (the export could not be written to the audit log, so nothing was sent; try again later)',
    );
  }
}

/**
 * Audit, then stream: the one way an export leaves the server (docs/SECURITY.md). Every export, CSV or XLSX, API or
 * page, sends its rows through `auditThenStream`, and only the iterable it returns reaches the response.
 */
@Injectable()
export class ExportAuditService {
  private readonly logger = new Logger(ExportAuditService.name);

  constructor(private readonly audit: AuditService) {}

  /**
   * The one entry of an export written to a file (a background export): who, scope, filters, columns, contact and
   * purpose, with the row count and the file's SHA-256 and size. Pass the transaction that records the file, so
   * that the entry and the file's row are written together, once.
   */
  async recordStored(
    entry: ExportAuditEntry,
    ctx: AuditContext,
    file: { rowCount: number; sha256: string; size: number; exportRequestId?: string },
    manager?: EntityManager,
  ): Promise<string> {
    const purpose = this.checkPurpose(entry);
    return this.audit.record(
      {
        action: entry.action,
        entity: 'org_unit',
        entityId: entry.scopeUnitId,
        details: { ...this.details(entry, purpose), ...file },
      },
      ctx,
      manager,
    );
  }

  private checkPurpose(entry: ExportAuditEntry): string | null {
    const purpose = entry.purpose ?? null;
    if (entry.includeContact || purpose !== null) {
      const problem = purpose === null ? 'is required with contact details' : purposeProblem(purpose);
      if (problem) throw new ValidationError(`purpose: ${problem}`, [{ field: 'purpose', reason: problem }]);
    }
    return purpose;
  }

  private details(entry: ExportAuditEntry, purpose: string | null): Record<string, unknown> {
    return {
      scopeUnitId: entry.scopeUnitId,
      filters: entry.filters,
      columns: entry.columns,
      includeContact: entry.includeContact,
      ...(purpose !== null ? { purpose } : {}),
    };
  }

  /**
   * 1. checks the purpose (required with contact details; see purposeProblem): ValidationError naming `purpose`;
   * 2. writes the export's audit entry (who, scope unit, filters, columns, contact or not, purpose) and waits for it:
   *    if it cannot be written, ExportNotAuditedError (503) and `open` is never called, so no byte is sent;
   * 3. returns the rows of `open()` (called on the first read), counted as they pass; when they end, however they end,
   *    a second append-only entry `<action>.end` gives the row count, whether the stream completed and the first
   *    entry's id.
   * Call it, and await it, before the response starts: the status and headers are then not yet sent.
   */
  async auditThenStream<T>(
    entry: ExportAuditEntry,
    ctx: AuditContext,
    open: () => AsyncIterable<T>,
  ): Promise<AsyncIterable<T>> {
    const end = await this.auditBeforeStream(entry, ctx);
    return (async function* counted(): AsyncGenerator<T> {
      let rowCount = 0;
      let complete = false;
      try {
        for await (const row of open()) {
          rowCount++;
          yield row;
        }
        complete = true;
      } finally {
        await end(rowCount, complete);
      }
    })();
  }

  /**
   * Steps 1 and 2 of auditThenStream for a source that is not an async iterable (the list exports hand their rows
   * to the writer as the cursor delivers them, libs/exports RowFeed): checks the purpose, writes the export's entry
   * and waits for it (ExportNotAuditedError, 503, when it cannot be written: send nothing). Returns the recorder of
   * step 3, to call once when the rows end, however they end: it writes the `<action>.end` entry with the row count,
   * whether the stream completed and the first entry's id (a failure to write it is logged, not thrown).
   */
  async auditBeforeStream(
    entry: ExportAuditEntry,
    ctx: AuditContext,
  ): Promise<(rowCount: number, complete: boolean) => Promise<unknown>> {
    const details = this.details(entry, this.checkPurpose(entry));
    let auditId: string;
    try {
      auditId = await this.audit.record(
        { action: entry.action, entity: 'org_unit', entityId: entry.scopeUnitId, details },
        ctx,
      );
    } catch (err) {
      this.logger.error(
        { err: errorText(err), action: entry.action, scopeUnitId: entry.scopeUnitId },
        'export audit entry failed: export refused',
      );
      throw new ExportNotAuditedError();
    }
    return (rowCount, complete) =>
      this.audit
        .record(
          {
            action: `${entry.action}.end`,
            entity: 'org_unit',
            entityId: entry.scopeUnitId,
            details: { exportAuditId: auditId, rowCount, complete },
          },
          ctx,
        )
        // The rows are out already: a lost row count is logged, not turned into a broken download.
        .catch((err: unknown) => this.logger.error({ err: errorText(err), auditId }, 'export end entry failed'));
  }
}
