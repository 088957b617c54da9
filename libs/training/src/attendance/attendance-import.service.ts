import { Injectable } from '@nestjs/common';
import { Actor, DomainError, readXlsxSheetRows, searchKey, splitCsvText, ValidationError } from '@app/common';
import { UnitOfWork } from '@app/jobs';
import { detectRosterFileKind, Policy, scopesFor } from '@app/org';
import { AttendanceStatus } from '../sessions/dto/session.dto';
import { SessionsService } from '../sessions/sessions.service';
import { AttendanceFileError, AttendanceLine, readAttendanceRows } from './attendance-file';
import { AttendanceRepository } from './attendance.repository';
import { AttendanceService } from './attendance.service';

/** An attendance file: at most 5 MB and 5,000 rows. */
export const MAX_ATTENDANCE_FILE_BYTES = 5 * 1024 * 1024;
const MAX_ROWS = 5_000;

/** One row of the import's report. */
export interface AttendanceImportRow {
  row: number;
  ok: boolean;
  personId: string | null;
  fullName: string | null;
  status: AttendanceStatus | null;
  share: number | null;
  reason: string | null;
}

export interface AttendanceImportReport {
  dryRun: boolean;
  valid: number;
  invalid: number;
  /** Records written or changed (0 on a dry run). */
  recorded: number;
  rows: AttendanceImportRow[];
}

/** The file could not be read as an attendance sheet (header, CSV syntax, not UTF-8). 400. */
export class AttendanceFileUnreadableError extends DomainError {
  readonly code = 'ATTENDANCE_FILE_UNREADABLE';
  readonly status = 400;
}

/**
 * Attendance from a CSV or XLSX file (the records of a session already held, or a sheet typed up after the day):
 * a dry run answers the row report and writes nothing; a commit writes every row in one transaction through
 * AttendanceService (the same rules as the door, import window) when no row is refused, else 400 with the report.
 */
@Injectable()
export class AttendanceImportService {
  constructor(
    private readonly work: UnitOfWork,
    private readonly sessions: SessionsService,
    private readonly repo: AttendanceRepository,
    private readonly attendance: AttendanceService,
  ) {}

  async import(actor: Actor, sessionId: string, read: (() => Promise<Buffer>) | null, dryRun: boolean) {
    const session = await this.sessions.manageable(actor, sessionId);
    if (!read) {
      throw new ValidationError('file: send the file in the field "file"', [{ field: 'file', reason: 'missing' }]);
    }
    const lines = this.lines(...(await this.rowsOf(await read())));
    const people = await this.repo.importable(
      sessionId,
      this.work.today(),
      session.organiserUnitId,
      scopesFor(actor, Policy.TrainingManage),
    );
    const rows = this.resolve(lines, people);
    const invalid = rows.filter((r) => !r.ok).length;
    const report = { dryRun, valid: rows.length - invalid, invalid, recorded: 0, rows };
    if (dryRun) return report;
    if (invalid > 0) throw new ValidationError(`${invalid} rows refused: nothing was imported`, report);
    const entries = rows.map((r) => ({ personId: r.personId!, status: r.status!, share: r.share ?? undefined }));
    return { ...report, recorded: await this.attendance.record(actor, sessionId, entries, 'import') };
  }

  private lines(rows: string[][], firstRow: number): AttendanceLine[] {
    try {
      return readAttendanceRows(rows, firstRow);
    } catch (e) {
      if (!(e instanceof AttendanceFileError)) throw e;
      throw new AttendanceFileUnreadableError(`file: ${e.message}`, [{ field: 'file', reason: e.message }]);
    }
  }

  private async rowsOf(buffer: Buffer): Promise<[string[][], number]> {
    const kind = detectRosterFileKind(buffer.subarray(0, 4096));
    try {
      if (kind === 'csv') {
        const text = new TextDecoder('utf-8', { fatal: true }).decode(buffer).replace(/^\uFEFF/, '');
        return [splitCsvText(text, MAX_ROWS + 1), 1];
      }
      const rows: string[][] = [];
      for await (const batch of readXlsxSheetRows(buffer, { maxRows: MAX_ROWS + 1 })) {
        for (const row of batch) {
          while (rows.length < row.rowNumber - 1) rows.push([]);
          rows[row.rowNumber - 1] = row.cells;
        }
      }
      const header = rows.findIndex((r) => r.some((c) => c.trim() !== ''));
      return header < 0 ? [[], 1] : [rows.slice(header), header + 1];
    } catch (e) {
      if (e instanceof DomainError) throw e;
      throw new AttendanceFileUnreadableError(`file: ${(e as Error).message}`, [
        { field: 'file', reason: 'unreadable' },
      ]);
    }
  }

  private resolve(
    lines: AttendanceLine[],
    people: Array<{ personId: string; fullName: string; employeeCode: string | null; nameKey: string }>,
  ): AttendanceImportRow[] {
    const byCode = new Map(people.filter((p) => p.employeeCode).map((p) => [p.employeeCode!.toUpperCase(), p]));
    const byName = new Map<string, typeof people>();
    for (const p of people) byName.set(p.nameKey, [...(byName.get(p.nameKey) ?? []), p]);
    const seen = new Set<string>();
    return lines.map((line) => {
      const base = { row: line.row, personId: null, fullName: line.name, status: null, share: null };
      if (!line.ok) return { ...base, ok: false, reason: line.reason };
      let person: (typeof people)[number] | undefined;
      if (line.code) {
        person = byCode.get(line.code.toUpperCase());
        if (person && line.name && searchKey(line.name) !== person.nameKey) {
          return {
            ...base,
            ok: false,
            reason: `the name does not match employee code ${line.code} (${person.fullName})`,
          };
        }
      } else {
        const named = byName.get(searchKey(line.name!)) ?? [];
        if (named.length > 1) {
          return { ...base, ok: false, reason: 'several people have this name: give the employee code' };
        }
        person = named[0];
      }
      if (!person) {
        return { ...base, ok: false, reason: 'not invited, and not on the roster of the organising unit you manage' };
      }
      if (seen.has(person.personId)) return { ...base, ok: false, reason: 'the same person on two rows' };
      seen.add(person.personId);
      return {
        row: line.row,
        ok: true,
        personId: person.personId,
        fullName: person.fullName,
        status: line.status,
        share: line.share,
        reason: null,
      };
    });
  }
}
