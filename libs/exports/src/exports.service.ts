import { Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import { ExportAuditEntry, ExportAuditService } from '@app/audit';
import { vietnamDay } from '@app/certificates';
import { Actor, Clock, ForbiddenError, ValidationError } from '@app/common';
import { firstScopeFor, OrgUnitsService, Policy, scopesFor } from '@app/org';
import { ExportQueryDto } from './dto/export-query.dto';
import { ExportTooLargeError } from './export-errors';
import { ExportPlan, filtersFor, formatNamed, kindNamed } from './export-plan';
import { ExportRepository } from './export.repository';
import { BoundSql, columnsFor } from './kinds';
import { countedFeed, mapFeed, RowFeed } from './row-feed';
import { ExportRow } from './writers/cells';
import { writeCsv } from './writers/csv.writer';
import { writeXlsx, XLSX_MAX_ROWS } from './writers/xlsx.writer';

export const CONTENT_TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

/** A file ready to send: its stream, name and type. */
export interface ExportFile {
  stream: Readable;
  fileName: string;
  contentType: string;
}

/**
 * List exports: `people`, `certificates`, `exam-results` (EXPORT_KINDS) as CSV or XLSX, for administrators,
 * organisers and agencies over their subtrees. Checks the kind, the format, the filters and the subtree; reads the
 * rows through a cursor scoped in SQL to the caller's scopes and the asked subtree; audits before the first byte.
 */
@Injectable()
export class ExportsService {
  constructor(
    private readonly units: OrgUnitsService,
    private readonly repo: ExportRepository,
    private readonly exportAudit: ExportAuditService,
    private readonly clock: Clock,
  ) {}

  /** Resolves and checks an export: 400 for a bad kind, format or filter; 403 outside the caller's subtree. */
  async plan(actor: Actor, kindName: string, formatName: string, q: ExportQueryDto): Promise<ExportPlan> {
    const kind = kindNamed(kindName);
    const format = formatNamed(formatName);
    const filters = filtersFor(kind, q);
    const scopeUnitId = q.unitId ?? firstScopeFor(actor, kind.policy);
    const permission = scopeUnitId ? await this.units.permissionOver(actor, scopeUnitId, kind.policy) : null;
    if (!scopeUnitId || !permission) {
      throw new ForbiddenError(`the unit is outside the subtree whose ${kind.name} list you may export`);
    }
    const includeContact = q.includeContact === true;
    if (includeContact && !kind.columns.some((c) => c.contact)) {
      throw new ValidationError(`includeContact: the ${kind.name} list has no contact details`, [
        { field: 'includeContact', reason: `the ${kind.name} list has no contact details` },
      ]);
    }
    if (includeContact && !(await this.units.canActOn(actor, scopeUnitId, Policy.ContactRead))) {
      throw new ForbiddenError('contact details are exported only by administrators and organisers of the unit');
    }
    return {
      kind,
      format,
      lang: q.lang ?? 'vi',
      scopeUnitId,
      permission,
      filters: { unitId: scopeUnitId, ...filters },
      columns: columnsFor(kind, includeContact),
      includeContact,
      purpose: q.purpose ?? null,
    };
  }

  /** The plan's SQL, kept inside `scopes` (the caller's, or a background export's checked unit). */
  sql(plan: ExportPlan, scopes: string[]): BoundSql {
    const f = plan.filters;
    return plan.kind.sql({
      scopes,
      unitId: plan.scopeUnitId,
      roleId: f.roleId,
      courseId: f.courseId,
      from: f.from,
      to: f.to,
      status: f.status,
      date: f.date ?? vietnamDay(this.clock.now()),
      dated: f.date !== undefined,
      includeContact: plan.includeContact,
    });
  }

  /** XLSX stops at XLSX_MAX_ROWS: counted first (cheap), and refused with a pointer to CSV or a background export. */
  async assertFits(plan: ExportPlan, sql: BoundSql): Promise<number | null> {
    if (plan.format !== 'xlsx') return null;
    const rows = await this.repo.count(sql);
    if (rows > XLSX_MAX_ROWS) {
      throw new ExportTooLargeError(
        `the ${plan.kind.name} list has ${rows} rows, more than the ${XLSX_MAX_ROWS} an XLSX file holds: ` +
          `ask for the CSV (GET /api/v1/exports/${plan.kind.name}.csv with the same filters)`,
        { rows, maxRows: XLSX_MAX_ROWS, csv: `/api/v1/exports/${plan.kind.name}.csv` },
      );
    }
    return rows;
  }

  /**
   * Streams an export to the caller: audited before the first byte (ExportAuditService), the rows handed from the
   * cursor to the writer as they arrive (RowFeed), their count recorded in the `.end` entry when they end.
   */
  async download(actor: Actor, kindName: string, formatName: string, q: ExportQueryDto): Promise<ExportFile> {
    const plan = await this.plan(actor, kindName, formatName, q);
    const sql = this.sql(plan, scopesFor(actor, plan.kind.policy));
    await this.assertFits(plan, sql);
    const ended = await this.exportAudit.auditBeforeStream(this.auditEntry(plan), { actor });
    const rows = countedFeed(() => this.repo.feed<ExportRow>(sql), ended);
    return { stream: this.write(plan, rows), fileName: fileNameOf(plan), contentType: CONTENT_TYPES[plan.format] };
  }

  /** What the audit log says about an export of this plan. */
  auditEntry(plan: ExportPlan): ExportAuditEntry {
    return {
      action: `exports.${plan.kind.name}`,
      scopeUnitId: plan.scopeUnitId,
      filters: { ...plan.filters, format: plan.format, lang: plan.lang },
      columns: plan.columns.map((c) => c.key),
      includeContact: plan.includeContact,
      purpose: plan.purpose,
    };
  }

  /** The rows written in the plan's format. */
  write(plan: ExportPlan, rows: RowFeed<ExportRow>): Readable {
    const { kind, lang } = plan;
    const mapped = kind.mapRow ? mapFeed(rows, (r) => kind.mapRow!(r, lang)) : rows;
    if (plan.format === 'csv') return writeCsv(mapped, plan.columns, lang);
    const summary = kind.summary && { sheetName: kind.summary.sheetName[lang], columns: kind.summary.columns };
    return writeXlsx(mapped, plan.columns, lang, kind.fileName[lang], summary);
  }

  /** The rows of a plan read through the cursor (a background export's job). */
  feed(sql: BoundSql): RowFeed<ExportRow> {
    return this.repo.feed<ExportRow>(sql);
  }

  count(sql: BoundSql): Promise<number> {
    return this.repo.count(sql);
  }
}

export const fileNameOf = (plan: Pick<ExportPlan, 'kind' | 'lang' | 'format'>): string =>
  `${plan.kind.fileName[plan.lang]}.${plan.format}`;
