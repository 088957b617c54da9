import { StorageService } from '@app/storage';
import { RosterColumnKey } from '../import/roster-columns';
import { RosterProblem } from '../import/roster-problems';
import { errorReportCsv, InvalidRosterRow } from '../import/roster-writer';
import { ImportProblem } from './roster-import.types';

/** The report holds at most the upload's rows plus a reason column: far below this. */
const MAX_REPORT_BYTES = 512 * 2 ** 20;

/** Thrown into the report's stream by abort(), so the storage drops the partial file. */
class ImportAborted extends Error {}

/**
 * The invalid rows of an import, streamed into storage (StorageService) while the file is read (errorReportCsv
 * through a small queue), so that memory stays bounded however many rows fail. The stored object appears only once
 * complete (put is atomic); an aborted import leaves none.
 */
export class InvalidRowsFile {
  private queue: InvalidRosterRow[] = [];
  private wake: (() => void) | null = null;
  private ended = false;
  private aborted = false;
  private written: Promise<unknown> | null = null;

  constructor(
    private readonly storage: StorageService,
    private readonly key: string,
  ) {}

  /** Starts the file once the upload's columns and headers are known (the report mirrors them). */
  open(columns: readonly RosterColumnKey[], headers: Partial<Record<RosterColumnKey, string>>): void {
    if (this.written) return;
    const csv = errorReportCsv(this.rows(), columns, headers);
    this.written = this.storage.put(this.key, csv, {
      contentType: 'text/csv; charset=utf-8',
      maxBytes: MAX_REPORT_BYTES,
    });
    this.written.catch(() => undefined); // reported by close(); an aborted import does not wait for it
  }

  add(rowNumber: number, values: InvalidRosterRow['values'], problems: ImportProblem[]): void {
    // Only field, reason and reasonVi are written: the extra codes of ImportProblem do not matter here.
    this.queue.push({ rowNumber, values, problems: problems as RosterProblem[] });
    this.notify();
  }

  async close(columns: readonly RosterColumnKey[], headers: Partial<Record<RosterColumnKey, string>>): Promise<void> {
    this.open(columns, headers);
    this.ended = true;
    this.notify();
    await this.written;
  }

  /** The import failed: stop writing, nothing stored (the next attempt writes the file again). */
  abort(): void {
    this.queue = [];
    this.ended = true;
    this.aborted = true;
    this.notify();
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  private async *rows(): AsyncGenerator<InvalidRosterRow> {
    for (;;) {
      const items = this.queue;
      this.queue = [];
      yield* items;
      if (this.aborted) throw new ImportAborted('the import was aborted');
      if (this.ended && this.queue.length === 0) return;
      if (this.queue.length === 0) await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }
}
