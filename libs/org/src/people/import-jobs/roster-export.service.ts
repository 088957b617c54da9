import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { AuditService } from '@app/audit';
import { Actor, ForbiddenError, Permission } from '@app/common';
import { rosterCsvColumns, writeRosterCsv } from '../import/roster-writer';
import { RosterRow } from '../import/validate-row';
import { OrgUnitsService } from '../../units/org-units.service';
import { RosterExportQueryDto } from './dto/roster-import.dto';

const MANAGERS = [Permission.Admin, Permission.Organiser];
const FETCH_ROWS = 2_000;

// Scoped in SQL through org_unit_closure (pk_org_unit_closure), people by idx_person_unit_id. Contact columns are
// only read when asked for. $1 = the subtree's root unit, $2 = include contact details.
const ROSTER_SQL = `
  SELECT p.employee_code AS "employeeCode", p.full_name AS "fullName", u.code AS "unitCode",
         coalesce((SELECT string_agg(r.code, ';' ORDER BY r.sort_order, r.code)
                     FROM person_role pr JOIN role r ON r.id = pr.role_id
                    WHERE pr.person_id = p.id AND pr.valid_to IS NULL), '') AS roles,
         p.position_title AS "positionTitle", CASE WHEN $2 THEN p.email END AS email,
         CASE WHEN $2 THEN p.phone END AS phone, p.gender, to_char(p.birth_date, 'YYYY-MM-DD') AS "birthDate",
         p.status, to_char(p.status_from, 'YYYY-MM-DD') AS "statusFrom"
    FROM org_unit_closure c
    JOIN person p ON p.unit_id = c.descendant_id
    JOIN org_unit u ON u.id = p.unit_id
   WHERE c.ancestor_id = $1
   ORDER BY u.code, p.employee_code, p.id`;

interface ExportRow extends Omit<RosterRow, 'roles' | 'employeeCode'> {
  employeeCode: string | null;
  roles: string;
}

/** The roster of a subtree in the import format, so that exporting and importing again changes nothing. */
@Injectable()
export class RosterExportService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly units: OrgUnitsService,
    private readonly audit: AuditService,
  ) {}

  async exportCsv(actor: Actor, query: RosterExportQueryDto): Promise<Readable> {
    const unitId = query.unitId ?? actor.grants.find((g) => MANAGERS.includes(g.permission))?.scopeUnitId;
    if (!unitId) throw new ForbiddenError('only administrators and organisers export the roster');
    await this.units.getVisibleUnit(actor, unitId);
    if (!(await this.units.canActOn(actor, unitId, MANAGERS))) {
      throw new ForbiddenError('the unit is outside the subtree you manage');
    }
    const includeContact = query.includeContact === true;
    const audit = {
      action: 'roster.export',
      entity: 'org_unit',
      entityId: unitId,
      details: {
        filters: { unitId },
        columns: rosterCsvColumns({ includeContact }),
        purpose: includeContact ? query.purpose : undefined,
      },
    };
    const rows = this.rows(unitId, includeContact, (rowCount, complete) =>
      this.audit.record({ ...audit, details: { ...audit.details, rowCount, complete } }, { actor }),
    );
    return writeRosterCsv(rows, { includeContact });
  }

  /** Streams through a server-side cursor in one snapshot; `done` runs once, however the stream ends. */
  private async *rows(
    unitId: string,
    includeContact: boolean,
    done: (rowCount: number, complete: boolean) => Promise<void>,
  ): AsyncGenerator<RosterRow> {
    const runner = this.db.createQueryRunner();
    let count = 0;
    let complete = false;
    try {
      await runner.connect();
      await runner.startTransaction('REPEATABLE READ');
      await runner.query(`DECLARE roster_export NO SCROLL CURSOR FOR ${ROSTER_SQL}`, [unitId, includeContact]);
      for (;;) {
        const batch = (await runner.query(`FETCH ${FETCH_ROWS} FROM roster_export`, [])) as ExportRow[];
        for (const r of batch) {
          count++;
          yield toRosterRow(r);
        }
        if (batch.length < FETCH_ROWS) break;
      }
      complete = true;
    } finally {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      await runner.release();
      await done(count, complete);
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
