import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { RosterColumnKey } from '../import/roster-columns';
import { RosterProblem } from '../import/roster-problems';
import { errorReportCsv, InvalidRosterRow } from '../import/roster-writer';
import { ImportProblem } from './roster-import.types';

/**
 * The invalid rows of an import, written to disk while the file is read (errorReportCsv through a small queue),
 * so that memory stays bounded however many rows fail.
 */
export class InvalidRowsFile {
  private queue: InvalidRosterRow[] = [];
  private wake: (() => void) | null = null;
  private ended = false;
  private written: Promise<void> | null = null;

  constructor(private readonly path: string) {}

  /** Starts the file once the upload's columns are known (the report mirrors them). */
  open(columns: readonly RosterColumnKey[]): void {
    if (this.written) return;
    const rows = this.rows();
    this.written = mkdir(dirname(this.path), { recursive: true }).then(() =>
      pipeline(errorReportCsv(rows, columns), createWriteStream(this.path)),
    );
    this.written.catch(() => undefined); // reported by close(); an aborted import does not wait for it
  }

  add(rowNumber: number, values: InvalidRosterRow['values'], problems: ImportProblem[]): void {
    // Only field, reason and reasonVi are written: the extra codes of ImportProblem do not matter here.
    this.queue.push({ rowNumber, values, problems: problems as RosterProblem[] });
    this.notify();
  }

  async close(columns: readonly RosterColumnKey[]): Promise<void> {
    this.open(columns);
    this.ended = true;
    this.notify();
    await this.written;
  }

  /** The import failed: stop writing (the next attempt rewrites the file). */
  abort(): void {
    this.queue = [];
    this.ended = true;
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
      if (this.ended && this.queue.length === 0) return;
      if (this.queue.length === 0) await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }
}
