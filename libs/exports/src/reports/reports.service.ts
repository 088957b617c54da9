import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { vietnamDay } from '@app/certificates';
import { Actor, ConflictError, ForbiddenError, NotFoundError, Permission, ValidationError } from '@app/common';
import { CoverageService, CoverageRow } from '@app/coverage';
import { Tx, UnitOfWork } from '@app/jobs';
import { firstScopeFor, OrgUnitsService, Policy, scopesFor } from '@app/org';
import { StorageService } from '@app/storage';
import {
  CreateReportDto,
  ReportDetailResponse,
  ReportListItem,
  ReportReceiverResponse,
  ReportResponse,
  ReportSubmissionResponse,
} from './dto/report.dto';
import { ReportCoverageRow, ReportFigures, ReportUnit } from './report-figures';
import { checkReportPeriod, placeOf, REPORT_FORMATS, ReportFormat, reportTitle } from './report-kinds';
import { renderReportPdf } from './report-pdf';
import { renderReportXlsx } from './report-xlsx';
import { ReportRepository, ReportRow, SubmissionRow } from './report.repository';

export const REPORT_CONTENT_TYPES: Readonly<Record<ReportFormat, string>> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
};

/** A report's file: the frozen one of its latest submission (with its SHA-256), or a draft's preview. */
export interface ReportFile {
  stream: Readable;
  fileName: string;
  contentType: string;
  sha256: string;
  frozen: boolean;
}

const sha256 = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex');
const MAX_FILE_BYTES = 50 * 1024 * 1024;
const DEFAULT_SIGNATORY = 'THỦ TRƯỞNG ĐƠN VỊ';

const unitOf = (u: { id: string; code: string; name: string }): ReportUnit => ({
  id: u.id,
  code: u.code,
  name: u.name,
});

const rowOf = (r: CoverageRow): ReportCoverageRow => ({
  roleId: r.roleId,
  roleCode: r.roleCode,
  roleName: r.roleName,
  headcount: r.headcount,
  declaredNotNamed: r.declaredNotNamed,
  trained: r.trained,
  coverage: r.coverage,
  targetPercent: r.targetPercent,
  gap: r.gap,
  deadline: r.deadline,
});

const refused = (what: string): ForbiddenError =>
  new ForbiddenError(`${what}: only the receiving unit's organisers, agencies and administrators decide on a report`);

/**
 * Statutory reports (issue 12 item 3): a unit's yearly report and 3-year interim and 5-year final reviews of its
 * subtree for a period. A draft's figures are computed when read; submitting freezes them (the JSON text, the XLSX and
 * the PDF, stored with their SHA-256 and never regenerated) and sends the report to the receiving unit (the parent,
 * or the one an admin set), whose readers accept it or return it with a comment; a returned report may be submitted
 * again. Admins, organisers and agencies of the unit create and submit; every write is audited.
 */
@Injectable()
export class ReportsService {
  constructor(
    private readonly work: UnitOfWork,
    private readonly repo: ReportRepository,
    private readonly units: OrgUnitsService,
    private readonly coverage: CoverageService,
    private readonly storage: StorageService,
  ) {}

  async create(actor: Actor, dto: CreateReportDto): Promise<ReportResponse> {
    const unitId = dto.unitId ?? firstScopeFor(actor, Policy.RosterRead);
    if (!unitId || !(await this.units.canActOn(actor, unitId, Policy.RosterRead))) {
      throw new ForbiddenError('unitId: you may write reports only for units of your subtree');
    }
    const kind = checkReportPeriod(dto.kind, dto.periodFrom, dto.periodTo, this.work.today());
    const unit = (await this.repo.units([unitId])).get(unitId);
    if (!unit) throw new NotFoundError(`unit ${unitId} not found`);
    const audit = (r: ReportRow) => ({
      action: 'report.create',
      entity: 'statutory_report',
      entityId: r.id,
      details: { unitId, kind, periodFrom: r.periodFrom, periodTo: r.periodTo, number: r.number },
    });
    const row = await this.work.run(actor, { audit }, async (tx) => {
      const year = Number(tx.today.slice(0, 4));
      const number = dto.number ?? `${(await this.repo.countInYear(tx.manager, unitId, year)) + 1}/BC-${unit.code}`;
      const inserted = await this.repo.insert(
        tx.manager,
        {
          unitId,
          kind,
          periodFrom: dto.periodFrom,
          periodTo: dto.periodTo,
          number,
          placeName: dto.placeName ?? placeOf(unit.name),
          signatoryTitle: dto.signatoryTitle ?? DEFAULT_SIGNATORY,
          signatoryName: dto.signatoryName ?? '',
          createdBy: actor.accountId,
        },
        tx.now,
      );
      if (!inserted) {
        throw new ConflictError(`number: the unit already has a report numbered ${number}`, [
          { field: 'number', reason: 'already used by another report of the unit' },
        ]);
      }
      return inserted;
    });
    return this.response(actor, row, []);
  }

  /** The caller's units' reports and those received by units of the caller's subtrees, newest first. */
  async list(actor: Actor, limit = 200): Promise<ReportListItem[]> {
    const scopes = scopesFor(actor, Policy.RosterRead);
    if (scopes.length === 0) return [];
    const rows = await this.repo.list(scopes, limit);
    const names = await this.repo.units([...new Set(rows.map((r) => r.unitId))]);
    return rows.map((r) => ({
      id: r.id,
      unit: unitOf(names.get(r.unitId) ?? { id: r.unitId, code: '', name: '' }),
      kind: r.kind,
      title: reportTitle(r.kind, r.periodTo),
      periodFrom: r.periodFrom,
      periodTo: r.periodTo,
      number: r.number,
      status: r.status,
      own: r.own,
      received: r.received,
    }));
  }

  async get(actor: Actor, id: string): Promise<ReportDetailResponse> {
    const { report, submissions } = await this.visible(actor, id);
    const latest = submissions.at(-1);
    const figures =
      report.status === 'draft' || !latest
        ? await this.figuresOf(actor, report, vietnamDay(this.work.now()))
        : (JSON.parse(latest.figuresJson) as ReportFigures);
    return {
      ...(await this.response(actor, report, submissions)),
      frozen: !!latest && report.status !== 'draft',
      figures,
    };
  }

  /** The XLSX or PDF: the latest submission's stored file, byte for byte; a draft's is rendered now (a preview). */
  async file(actor: Actor, id: string, format: string): Promise<ReportFile> {
    if (!(REPORT_FORMATS as readonly string[]).includes(format)) {
      throw new ValidationError(`format: must be one of ${REPORT_FORMATS.join(', ')}`, [
        { field: 'format', reason: `must be one of ${REPORT_FORMATS.join(', ')}` },
      ]);
    }
    const f = format as ReportFormat;
    const { report, submissions } = await this.visible(actor, id);
    const latest = submissions.at(-1);
    const base = `bao-cao-${report.number.replace(/[^A-Za-z0-9-]+/g, '-')}`;
    if (report.status !== 'draft' && latest) {
      const key = f === 'pdf' ? latest.pdfKey : latest.xlsxKey;
      const { stream } = await this.storage.getStream(key);
      return {
        stream,
        fileName: `${base}.${f}`,
        contentType: REPORT_CONTENT_TYPES[f],
        sha256: f === 'pdf' ? latest.pdfSha256 : latest.xlsxSha256,
        frozen: true,
      };
    }
    const figures = await this.figuresOf(actor, report, vietnamDay(this.work.now()));
    const data = f === 'pdf' ? await renderReportPdf(figures) : await renderReportXlsx(figures);
    return {
      stream: Readable.from([data]),
      fileName: `${base}-du-thao.${f}`,
      contentType: REPORT_CONTENT_TYPES[f],
      sha256: sha256(data),
      frozen: false,
    };
  }

  /**
   * Freezes the report and sends it up: 409 unless it is a draft or was returned (so a double submit gives one
   * submission), 403 outside the caller's subtree, 400 when the unit has nowhere to report to.
   */
  async submit(actor: Actor, id: string): Promise<ReportDetailResponse> {
    const report = await this.repo.find(id);
    if (!report || !(await this.units.canActOn(actor, report.unitId, Policy.RosterRead))) {
      if (report && (await this.canReceive(actor, report.id))) {
        throw new ForbiddenError('only the reporting unit submits its report');
      }
      throw new NotFoundError(`report ${id} not found`);
    }
    await this.work.run(actor, async (tx) => {
      const locked = await this.repo.find(id, tx.manager, true);
      if (!locked) throw new NotFoundError(`report ${id} not found`);
      if (locked.status === 'submitted' || locked.status === 'accepted') {
        throw new ConflictError(`the report was submitted already (status ${locked.status})`, {
          status: locked.status,
        });
      }
      const receiver = await this.repo.receiverOf(locked.unitId, tx.manager);
      if (!receiver) {
        throw new ValidationError('unitId: the unit has no receiving unit to submit to', [
          { field: 'unitId', reason: 'the unit has no receiving unit (the country reports to nobody)' },
        ]);
      }
      await this.freeze(tx, locked, receiver.id);
    });
    return this.get(actor, id);
  }

  private async freeze(tx: Tx, report: ReportRow, receiverUnitId: string): Promise<SubmissionRow> {
    const previous = await this.repo.submissions(report.id, tx.manager);
    const seq = previous.length + 1;
    const figures = await this.figuresOf(tx.actor, report, vietnamDay(tx.now), receiverUnitId);
    const json = JSON.stringify(figures);
    const [xlsx, pdf] = [await renderReportXlsx(figures), await renderReportPdf(figures)];
    // Keys are new for each submission: a stored file is never replaced.
    const prefix = `reports/${report.id}/${seq}`;
    const storedXlsx = await this.storage.put(`${prefix}/bao-cao.xlsx`, xlsx, {
      contentType: REPORT_CONTENT_TYPES.xlsx,
      maxBytes: MAX_FILE_BYTES,
    });
    const storedPdf = await this.storage.put(`${prefix}/bao-cao.pdf`, pdf, {
      contentType: REPORT_CONTENT_TYPES.pdf,
      maxBytes: MAX_FILE_BYTES,
    });
    const submission = await this.repo.insertSubmission(tx.manager, {
      reportId: report.id,
      seq,
      receiverUnitId,
      figuresJson: json,
      figuresSha256: sha256(json),
      xlsxKey: storedXlsx.key,
      xlsxSha256: storedXlsx.sha256,
      xlsxSize: storedXlsx.size,
      pdfKey: storedPdf.key,
      pdfSha256: storedPdf.sha256,
      pdfSize: storedPdf.size,
      submittedBy: tx.actor.accountId,
      submittedAt: tx.now,
    });
    await this.repo.setStatus(tx.manager, report.id, 'submitted', tx.now);
    await tx.audit({
      action: 'report.submit',
      entity: 'statutory_report',
      entityId: report.id,
      details: {
        unitId: report.unitId,
        seq,
        receiverUnitId,
        figuresSha256: submission.figuresSha256,
        xlsxSha256: submission.xlsxSha256,
        pdfSha256: submission.pdfSha256,
      },
    });
    return submission;
  }

  accept(actor: Actor, id: string): Promise<ReportDetailResponse> {
    return this.decide(actor, id, 'accepted', null);
  }

  return(actor: Actor, id: string, comment: string): Promise<ReportDetailResponse> {
    return this.decide(actor, id, 'returned', comment);
  }

  /**
   * Accepts or returns the latest submission: 403 unless the caller reads the subtree of the unit it was sent to
   * (whatever else they may see), 409 unless it is waiting for a decision.
   */
  private async decide(
    actor: Actor,
    id: string,
    decision: 'accepted' | 'returned',
    comment: string | null,
  ): Promise<ReportDetailResponse> {
    const verb = decision === 'accepted' ? 'accept' : 'return';
    await this.work.run(actor, async (tx) => {
      const report = await this.repo.find(id, tx.manager, true);
      const latest = report ? (await this.repo.submissions(id, tx.manager)).at(-1) : undefined;
      if (!report || !latest || !(await this.units.canActOn(actor, latest.receiverUnitId, Policy.RosterRead))) {
        throw refused(verb);
      }
      if (report.status !== 'submitted' || latest.decision !== null) {
        throw new ConflictError(`the report is not waiting for a decision (status ${report.status})`, {
          status: report.status,
        });
      }
      await this.repo.decide(tx.manager, latest.id, decision, actor.accountId, tx.now, comment);
      await this.repo.setStatus(tx.manager, id, decision, tx.now);
      await tx.audit({
        action: `report.${verb}`,
        entity: 'statutory_report',
        entityId: id,
        details: { seq: latest.seq, receiverUnitId: latest.receiverUnitId, commentLength: comment?.length ?? 0 },
      });
    });
    return this.get(actor, id);
  }

  /** Where the unit's reports go. Readers of the unit's subtree. */
  async receiver(actor: Actor, unitId: string): Promise<ReportReceiverResponse> {
    const unit = await this.units.getVisibleUnit(actor, unitId);
    const receiver = await this.repo.receiverOf(unitId);
    const r = receiver ? (await this.repo.units([receiver.id])).get(receiver.id) : undefined;
    return { unit: unitOf(unit), receiver: r ? unitOf(r) : null, configured: receiver?.configured ?? false };
  }

  /**
   * Sets where a unit's reports go (null: back to the parent). Administrators over the unit only; the receiver must
   * be a unit they see, outside the unit's own subtree.
   */
  async setReceiver(actor: Actor, unitId: string, receiverUnitId: string | null): Promise<ReportReceiverResponse> {
    if ((await this.units.permissionOver(actor, unitId, Policy.RosterRead)) !== Permission.Admin) {
      throw new ForbiddenError('only an administrator over the unit sets where its reports go');
    }
    if (receiverUnitId !== null) {
      try {
        await this.units.getVisibleUnit(actor, receiverUnitId);
      } catch (e) {
        if (!(e instanceof NotFoundError)) throw e;
        throw new ValidationError('receiverUnitId: no such unit in your subtree', [
          { field: 'receiverUnitId', reason: 'no such unit in your subtree' },
        ]);
      }
      if (await this.units.isWithin(unitId, receiverUnitId)) {
        throw new ValidationError('receiverUnitId: must lie outside the unit and its subtree', [
          { field: 'receiverUnitId', reason: 'must lie outside the unit and its subtree' },
        ]);
      }
    }
    await this.work.run(
      actor,
      { audit: { action: 'report.receiver', entity: 'org_unit', entityId: unitId, details: { receiverUnitId } } },
      (tx) => this.repo.setReceiver(tx.manager, unitId, receiverUnitId, actor.accountId, tx.now),
    );
    return this.receiver(actor, unitId);
  }

  /**
   * The figures of a report computed now, as of its period's last day; `date` is the day the document is dated.
   * Reads coverage as `actor` (who may read the unit: checked by the callers).
   */
  async figuresOf(actor: Actor, report: ReportRow, date: string, receiverUnitId?: string): Promise<ReportFigures> {
    const { unitId, periodFrom: from, periodTo: to } = report;
    const receiverId = receiverUnitId ?? (await this.repo.receiverOf(unitId))?.id ?? null;
    const dashboard = await this.coverage.unitCoverage(actor, { unitId, date: to });
    const unit = (await this.repo.units([unitId])).get(unitId)!;
    const around = await this.repo.units([unit.parentId, receiverId].filter((x): x is string => !!x));
    const roles = dashboard.rows;
    const [courses, sessions, exams, certificates, counted] = await Promise.all([
      this.repo.courses(unitId, from, to),
      this.repo.sessions(unitId, from, to),
      this.repo.exams(unitId, from, to),
      this.repo.certificates(unitId, from, to),
      this.repo.headcounts(
        unitId,
        to,
        roles.map((r) => r.roleId),
      ),
    ]);
    // The heading names the level above the unit; the country is not written above a province.
    const above = unit.parentId ? around.get(unit.parentId) : undefined;
    const parent = above?.type === 'country' ? undefined : above;
    const receiver = receiverId ? around.get(receiverId) : undefined;
    return {
      version: 1,
      kind: report.kind,
      title: reportTitle(report.kind, to),
      periodFrom: from,
      periodTo: to,
      number: report.number,
      placeName: report.placeName,
      date,
      signatoryTitle: report.signatoryTitle,
      signatoryName: report.signatoryName,
      unit: unitOf(unit),
      parent: parent ? unitOf(parent) : null,
      receiver: receiver ? unitOf(receiver) : null,
      coverage: {
        date: dashboard.date,
        rows: roles.map(rowOf),
        allRoles: { ...dashboard.allRoles },
        children: dashboard.children.map((c) => ({
          unit: unitOf(c.unit),
          rows: c.rows.map(rowOf),
          allRoles: { ...c.allRoles },
        })),
      },
      courses,
      sessions,
      exams,
      certificates,
      headcounts: roles.map((r) => {
        const h = counted.find((x) => x.roleId === r.roleId);
        return {
          roleId: r.roleId,
          roleCode: r.roleCode,
          roleName: r.roleName,
          declared: h?.declared ?? null,
          unitsDeclaring: h?.unitsDeclaring ?? 0,
          named: h?.named ?? 0,
          declaredNotNamed: r.declaredNotNamed,
        };
      }),
    };
  }

  /** The report if the caller reads its unit's subtree, or the unit its latest submission went to; else 404. */
  private async visible(actor: Actor, id: string): Promise<{ report: ReportRow; submissions: SubmissionRow[] }> {
    const report = await this.repo.find(id);
    if (report) {
      const submissions = await this.repo.submissions(id);
      const latest = submissions.at(-1);
      if (
        (await this.units.canActOn(actor, report.unitId, Policy.RosterRead)) ||
        (latest && (await this.units.canActOn(actor, latest.receiverUnitId, Policy.RosterRead)))
      ) {
        return { report, submissions };
      }
    }
    throw new NotFoundError(`report ${id} not found`);
  }

  private async canReceive(actor: Actor, id: string): Promise<boolean> {
    const latest = (await this.repo.submissions(id)).at(-1);
    return !!latest && (await this.units.canActOn(actor, latest.receiverUnitId, Policy.RosterRead));
  }

  private async response(actor: Actor, report: ReportRow, submissions: SubmissionRow[]): Promise<ReportResponse> {
    const latest = submissions.at(-1);
    const receiverId =
      report.status === 'draft' || !latest
        ? ((await this.repo.receiverOf(report.unitId))?.id ?? null)
        : latest.receiverUnitId;
    const names = await this.repo.units(
      [report.unitId, receiverId, ...submissions.map((s) => s.receiverUnitId)].filter((x): x is string => !!x),
    );
    const name = (uid: string): ReportUnit => unitOf(names.get(uid) ?? { id: uid, code: '', name: '' });
    const own = await this.units.canActOn(actor, report.unitId, Policy.RosterRead);
    const receives =
      !!latest &&
      report.status === 'submitted' &&
      (await this.units.canActOn(actor, latest.receiverUnitId, Policy.RosterRead));
    const subs: ReportSubmissionResponse[] = submissions.map((s) => ({
      seq: s.seq,
      receiver: name(s.receiverUnitId),
      submittedAt: new Date(s.submittedAt).toISOString(),
      figuresSha256: s.figuresSha256,
      xlsxSha256: s.xlsxSha256,
      pdfSha256: s.pdfSha256,
      decision: s.decision,
      decidedAt: s.decidedAt ? new Date(s.decidedAt).toISOString() : null,
      comment: s.comment,
    }));
    return {
      id: report.id,
      unit: name(report.unitId),
      kind: report.kind,
      title: reportTitle(report.kind, report.periodTo),
      periodFrom: report.periodFrom,
      periodTo: report.periodTo,
      number: report.number,
      placeName: report.placeName,
      signatoryTitle: report.signatoryTitle,
      signatoryName: report.signatoryName,
      status: report.status,
      receiver: receiverId ? name(receiverId) : null,
      submissions: subs,
      actions: {
        submit: own && (report.status === 'draft' || report.status === 'returned') && receiverId !== null,
        accept: receives,
        return: receives,
      },
    };
  }
}
