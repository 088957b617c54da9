import { EntityManager } from 'typeorm';
import { RosterRecord } from '../import/parse-roster';
import { RoleCatalogue } from '../import/role-catalogue';
import { ROSTER_COLUMNS } from '../import/roster-columns';
import { RosterRow } from '../import/validate-row';
import { RosterImportRepository, StagedRow, UnitInfo } from './roster-import.repository';
import { ImportProblem } from './roster-import.types';
import { timeOrderedUuid } from './time-ordered-uuid';

/** A row the file checks refused, with the unit and employee code it names when those cells were fine. */
export interface RefusedRow {
  record: RosterRecord;
  problems: ImportProblem[];
  unitCode: string | null;
  employeeCode: string | null;
}

export interface ResolvedBatch {
  /** Rows of people not yet on the roster, with fresh (time-ordered) ids. */
  fresh: StagedRow[];
  /** Rows of people already on the roster, with their ids. */
  existing: StagedRow[];
  /** Every refused row of the batch (file and database problems together, in column order), in file order. */
  invalid: Array<{ record: RosterRecord; problems: ImportProblem[] }>;
}

const problem = (
  row: number,
  field: ImportProblem['field'],
  code: ImportProblem['code'],
  reason: string,
  reasonVi: string,
): ImportProblem => ({ row, field, code, reason, reasonVi });

/** A row on its way through the lookups: the file's problems, then the database's. */
interface Candidate {
  record: RosterRecord;
  row: RosterRow | null;
  problems: ImportProblem[];
  unitCode: string | null;
  employeeCode: string | null;
  unit: UnitInfo | null;
}

/**
 * Turns rows into staged rows: unit codes (in the uploader's subtree, else "no unit has code" as for an unknown one;
 * active) become ids, in bulk per batch (units are cached across batches), role codes become ids (the catalogue),
 * and each employee code is looked up in its province. A code held by a person outside the subtree is refused: the
 * import must not pull people in from elsewhere.
 *
 * Rows the file checks refused go through the same lookups for the cells that were fine (a bad e-mail AND an unknown
 * unit are reported together), and are never staged.
 */
export class RowResolver {
  private readonly units = new Map<string, UnitInfo | null>();

  constructor(
    private readonly reader: EntityManager,
    private readonly repo: RosterImportRepository,
    private readonly scopeUnitId: string,
    private readonly roles: RoleCatalogue,
  ) {}

  async resolve(
    rows: Array<{ record: RosterRecord; row: RosterRow }>,
    refused: readonly RefusedRow[] = [],
  ): Promise<ResolvedBatch> {
    const candidates: Candidate[] = [
      ...rows.map(({ record, row }) => ({
        record,
        row,
        problems: [],
        unitCode: row.unitCode,
        employeeCode: row.employeeCode,
        unit: null,
      })),
      ...refused.map((r) => ({ ...r, problems: [...r.problems], row: null, unit: null })),
    ];
    await this.loadUnits(candidates.flatMap((c) => (c.unitCode === null ? [] : [c.unitCode])));
    for (const c of candidates) if (c.unitCode !== null) c.unit = this.unit(c);
    const holders = await this.codeHolders(candidates.filter((c) => c.unit !== null && c.employeeCode !== null));

    const result: ResolvedBatch = { fresh: [], existing: [], invalid: [] };
    for (const c of candidates) {
      if (c.row === null || c.problems.length > 0 || !c.unit) {
        result.invalid.push({ record: c.record, problems: sortByColumn(c.problems) });
        continue;
      }
      const { unitCode: _code, roles, ...values } = c.row;
      const staged: StagedRow = {
        ...values,
        rowNumber: c.record.rowNumber,
        personId: holders.get(c) ?? timeOrderedUuid(),
        provinceId: c.unit.provinceId,
        unitId: c.unit.id,
        roleIds: roles.map((code) => this.roles.idOf(code)!), // validateRow took codes of the catalogue only
      };
      (holders.has(c) ? result.existing : result.fresh).push(staged);
    }
    result.invalid.sort((a, b) => a.record.rowNumber - b.record.rowNumber);
    return result;
  }

  /** The people in scope who hold the candidates' employee codes already; a holder elsewhere is a problem. */
  private async codeHolders(candidates: Candidate[]): Promise<Map<Candidate, string>> {
    const keys = candidates.map((c) => ({ provinceId: c.unit!.provinceId, employeeCode: c.employeeCode! }));
    const found = await this.repo.codeHolders(this.reader, keys, this.scopeUnitId);
    const holders = new Map<Candidate, string>();
    for (const h of found) {
      const c = candidates[h.index];
      if (h.inScope) {
        holders.set(c, h.personId);
        continue;
      }
      c.problems.push(
        problem(
          c.record.rowNumber,
          'employee_code',
          'code_out_of_scope',
          `${c.employeeCode} already belongs to a person outside your scope`,
          `mã cán bộ ${c.employeeCode} đã thuộc về một người ngoài phạm vi bạn quản lý`,
        ),
      );
    }
    return holders;
  }

  private async loadUnits(codes: string[]): Promise<void> {
    const missing = [...new Set(codes)].filter((c) => !this.units.has(c));
    if (missing.length === 0) return;
    const found = await this.repo.unitsByCode(this.reader, missing, this.scopeUnitId);
    for (const code of missing) this.units.set(code, found.get(code) ?? null);
  }

  /** A unit outside the uploader's subtree answers exactly as a code that does not exist (no existence leak). */
  private unit(c: Candidate): UnitInfo | null {
    const code = c.unitCode!;
    const unit = this.units.get(code) ?? null;
    const rowNumber = c.record.rowNumber;
    if (!unit || !unit.inScope) {
      c.problems.push(
        problem(rowNumber, 'unit_code', 'unknown_unit', `no unit has code ${code}`, `không có đơn vị mã ${code}`),
      );
    } else if (!unit.active) {
      c.problems.push(
        problem(rowNumber, 'unit_code', 'unit_closed', `unit ${code} is closed`, `đơn vị ${code} đã ngừng hoạt động`),
      );
    } else {
      return unit;
    }
    return null;
  }
}

const COLUMN_ORDER = new Map(ROSTER_COLUMNS.map((c, i) => [c.key, i]));
/** Stable: problems of one column keep their order (a duplicate code before the code's other problems). */
const sortByColumn = (problems: ImportProblem[]): ImportProblem[] =>
  problems.sort((a, b) => (COLUMN_ORDER.get(a.field!) ?? -1) - (COLUMN_ORDER.get(b.field!) ?? -1));
