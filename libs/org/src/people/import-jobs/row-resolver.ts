import { EntityManager } from 'typeorm';
import { RosterRecord } from '../import/parse-roster';
import { RosterRow } from '../import/validate-row';
import { RosterImportRepository, StagedRow, UnitInfo } from './roster-import.repository';
import { ImportProblem } from './roster-import.types';
import { timeOrderedUuid } from './time-ordered-uuid';

export interface ResolvedBatch {
  /** Rows of people not yet on the roster, with fresh (time-ordered) ids. */
  fresh: StagedRow[];
  /** Rows of people already on the roster, with their ids. */
  existing: StagedRow[];
  /** Rows that passed the file checks but fail against the database, with why. */
  invalid: Array<{ record: RosterRecord; problems: ImportProblem[] }>;
}

const problem = (
  row: number,
  field: ImportProblem['field'],
  code: ImportProblem['code'],
  reason: string,
  reasonVi: string,
): ImportProblem => ({ row, field, code, reason, reasonVi });

/**
 * Turns valid rows into staged rows: unit codes (in the uploader's subtree, else "no unit has code" as for an unknown
 * one; active) and role codes (active roles) become ids, in bulk per batch (units are cached across batches), and
 * each employee code is looked up in its province. A code held by a person outside the subtree is refused: the
 * import must not pull people in from elsewhere.
 */
export class RowResolver {
  private readonly units = new Map<string, UnitInfo | null>();

  constructor(
    private readonly reader: EntityManager,
    private readonly repo: RosterImportRepository,
    private readonly scopeUnitId: string,
    private readonly roles: ReadonlyMap<string, string>,
  ) {}

  async resolve(rows: Array<{ record: RosterRecord; row: RosterRow }>): Promise<ResolvedBatch> {
    await this.loadUnits(rows.map((r) => r.row.unitCode));
    const staged: Array<{ record: RosterRecord; row: StagedRow }> = [];
    const invalid: ResolvedBatch['invalid'] = [];
    for (const { record, row } of rows) {
      const problems: ImportProblem[] = [];
      const unit = this.unitProblem(record.rowNumber, row.unitCode, problems);
      const roleIds = this.roleIds(record.rowNumber, row.roles, problems);
      if (!unit || !roleIds) {
        invalid.push({ record, problems });
        continue;
      }
      const { unitCode: _code, roles: _roles, ...values } = row;
      staged.push({
        record,
        row: {
          ...values,
          rowNumber: record.rowNumber,
          personId: '',
          provinceId: unit.provinceId,
          unitId: unit.id,
          roleIds,
        },
      });
    }
    const holders = await this.repo.codeHolders(
      this.reader,
      staged.map((s) => s.row),
      this.scopeUnitId,
    );
    const held = new Map(holders.map((h) => [h.index, h]));
    const result: ResolvedBatch = { fresh: [], existing: [], invalid };
    staged.forEach(({ record, row }, i) => {
      const holder = held.get(i);
      if (!holder) {
        result.fresh.push({ ...row, personId: timeOrderedUuid() });
      } else if (holder.inScope) {
        result.existing.push({ ...row, personId: holder.personId });
      } else {
        invalid.push({
          record,
          problems: [
            problem(
              row.rowNumber,
              'employee_code',
              'code_out_of_scope',
              `${row.employeeCode} already belongs to a person outside your scope`,
              `mã cán bộ ${row.employeeCode} đã thuộc về một người ngoài phạm vi bạn quản lý`,
            ),
          ],
        });
      }
    });
    return result;
  }

  private async loadUnits(codes: string[]): Promise<void> {
    const missing = [...new Set(codes)].filter((c) => !this.units.has(c));
    if (missing.length === 0) return;
    const found = await this.repo.unitsByCode(this.reader, missing, this.scopeUnitId);
    for (const code of missing) this.units.set(code, found.get(code) ?? null);
  }

  /** A unit outside the uploader's subtree answers exactly as a code that does not exist (no existence leak). */
  private unitProblem(rowNumber: number, code: string, problems: ImportProblem[]): UnitInfo | null {
    const unit = this.units.get(code) ?? null;
    if (!unit || !unit.inScope) {
      problems.push(
        problem(rowNumber, 'unit_code', 'unknown_unit', `no unit has code ${code}`, `không có đơn vị mã ${code}`),
      );
    } else if (!unit.active) {
      problems.push(
        problem(rowNumber, 'unit_code', 'unit_closed', `unit ${code} is closed`, `đơn vị ${code} đã ngừng hoạt động`),
      );
    } else {
      return unit;
    }
    return null;
  }

  private roleIds(rowNumber: number, codes: string[], problems: ImportProblem[]): string[] | null {
    const ids: string[] = [];
    const unknown: string[] = [];
    for (const code of codes) {
      const id = this.roles.get(code);
      if (id) ids.push(id);
      else unknown.push(code);
    }
    if (unknown.length === 0) return ids;
    const list = unknown.join(', ');
    problems.push(
      problem(
        rowNumber,
        'roles',
        'unknown_role',
        `unknown or retired role code: ${list}`,
        `mã vai trò không tồn tại hoặc đã ngừng dùng: ${list}`,
      ),
    );
    return null;
  }
}
