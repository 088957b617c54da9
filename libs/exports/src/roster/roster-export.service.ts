import { Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import { ExportAuditService } from '@app/audit';
import { Actor, ForbiddenError } from '@app/common';
import {
  firstScopeFor,
  inSubtree,
  OrgUnitsService,
  Policy,
  rosterCsvColumns,
  RosterRow,
  writeRosterCsv,
} from '@app/org';
import { RosterExportQueryDto } from '../dto/export-query.dto';
import { ExportRepository } from '../export.repository';

// Scoped in SQL through org_unit_closure (inSubtree), people by idx_person_unit_id. Contact columns are only read
// when asked for. $1 = the subtree's root unit, $2 = include contact details. The export is today's record of each
// person of the subtree (on leave and left included, with their status), so that a round trip changes nothing.
const ROSTER_SQL = `
  SELECT p.employee_code AS "employeeCode", p.full_name AS "fullName", u.code AS "unitCode",
         coalesce((SELECT string_agg(r.code, ';' ORDER BY r.sort_order, r.code)
                     FROM person_role pr JOIN role r ON r.id = pr.role_id
                    WHERE pr.person_id = p.id AND pr.valid_to IS NULL), '') AS roles,
         p.position_title AS "positionTitle", CASE WHEN $2 THEN p.email END AS email,
         CASE WHEN $2 THEN p.phone END AS phone, p.gender, to_char(p.birth_date, 'YYYY-MM-DD') AS "birthDate",
         p.status, to_char(p.status_from, 'YYYY-MM-DD') AS "statusFrom"
    FROM person p
    JOIN org_unit u ON u.id = p.unit_id
   WHERE ${inSubtree('$1', 'p.unit_id')}
   ORDER BY u.code, p.employee_code, p.id`;

interface ExportRow extends Omit<RosterRow, 'roles' | 'employeeCode'> {
  employeeCode: string | null;
  roles: string;
}

/**
 * The roster of a subtree in the import format, so that exporting and importing again changes nothing
 * (GET /api/v1/roster/export.csv): the same cursor and audit path as the list exports, org's roster CSV format.
 */
@Injectable()
export class RosterExportService {
  constructor(
    private readonly repo: ExportRepository,
    private readonly units: OrgUnitsService,
    private readonly exportAudit: ExportAuditService,
  ) {}

  /**
   * Audit, then stream (ExportAuditService): the audit entry is written before the first byte, and an export whose
   * entry cannot be written is not sent. The row count follows in a second entry when the stream ends.
   */
  async exportCsv(actor: Actor, query: RosterExportQueryDto): Promise<Readable> {
    const unitId = query.unitId ?? firstScopeFor(actor, Policy.RosterWrite);
    if (!unitId) throw new ForbiddenError('only administrators and organisers export the roster');
    await this.units.getVisibleUnit(actor, unitId);
    if (!(await this.units.canActOn(actor, unitId, Policy.RosterWrite))) {
      throw new ForbiddenError('the unit is outside the subtree you manage');
    }
    const includeContact = query.includeContact === true;
    const rows = await this.exportAudit.auditThenStream(
      {
        action: 'roster.export',
        scopeUnitId: unitId,
        filters: { unitId },
        columns: rosterCsvColumns({ includeContact }),
        includeContact,
        purpose: query.purpose,
      },
      { actor },
      () => this.rows(unitId, includeContact),
    );
    return writeRosterCsv(rows, { includeContact });
  }

  /** Streams through the export cursor (one snapshot, opened on the first read and closed however it ends). */
  private async *rows(unitId: string, includeContact: boolean): AsyncGenerator<RosterRow> {
    for await (const r of this.repo.rows<ExportRow>({ text: ROSTER_SQL, values: [unitId, includeContact] })) {
      yield toRosterRow(r);
    }
  }
}

function toRosterRow(r: ExportRow): RosterRow {
  return {
    ...r,
    employeeCode: r.employeeCode ?? '',
    roles: r.roles === '' ? [] : r.roles.split(';'),
  };
}
