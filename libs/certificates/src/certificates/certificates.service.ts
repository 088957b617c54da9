import { Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import { ExportAuditService } from '@app/audit';
import {
  Actor,
  AppConfig,
  Clock,
  ConflictError,
  csvStream,
  ForbiddenError,
  neutraliseFormula,
  NotFoundError,
} from '@app/common';
import { UnitOfWork } from '@app/jobs';
import { admits, firstScopeFor, OrgUnitsService, Policy, RosterChangeLog, scopesFor } from '@app/org';
import { ObjectStream, StorageService } from '@app/storage';
import { formatVerificationCode, newVerificationCode } from '../codes/verification-code';
import { changes, formatSerial } from '../issuing/certificate-issuer';
import { CertificatePdfs, verifyUrl } from '../issuing/certificate-pdfs';
import { statusOn, vietnamDay } from '../issuing/certificate-snapshot';
import { CertificateRepository, CertificateRow } from '../issuing/certificate.repository';
import { AuthorityRepository } from '../authorities/authority.repository';
import {
  CertificateListResponse,
  CertificateResponse,
  ListCertificatesQueryDto,
  ReissueCertificateDto,
  RevokeCertificateDto,
} from './dto/certificate.dto';

/** The CSV list's columns: [key, header]. */
const CSV_COLUMNS: ReadonlyArray<readonly [string, string]> = [
  ['serial', 'Số hiệu / Serial'],
  ['code', 'Mã xác minh / Verification code'],
  ['personName', 'Họ và tên / Name'],
  ['unitName', 'Đơn vị / Unit'],
  ['courseCode', 'Mã khoá học / Course code'],
  ['title', 'Khoá học / Course'],
  ['versionNo', 'Phiên bản / Version'],
  ['issuedOn', 'Ngày cấp / Issued'],
  ['expiresOn', 'Hết hạn từ / Expires'],
  ['status', 'Trạng thái / Status'],
  ['revokedOn', 'Ngày thu hồi / Revoked'],
];

/**
 * Certificates as people see them: the learner's own, the organisers' list of their subtrees (by the person's
 * current unit), a certificate's PDF, revocation and re-issue. A certificate outside the caller's reach is 404,
 * like one that does not exist.
 */
@Injectable()
export class CertificatesService {
  constructor(
    private readonly repo: CertificateRepository,
    private readonly authorities: AuthorityRepository,
    private readonly pdfs: CertificatePdfs,
    private readonly storage: StorageService,
    private readonly units: OrgUnitsService,
    private readonly work: UnitOfWork,
    private readonly exportAudit: ExportAuditService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  today(): string {
    return vietnamDay(this.clock.now());
  }

  async list(actor: Actor, q: ListCertificatesQueryDto): Promise<CertificateListResponse> {
    const scopes = scopesFor(actor, Policy.CertificateRead);
    if (q.unitId) await this.units.getVisibleUnit(actor, q.unitId);
    const { items, total } = await this.repo.list({ ...q, scopes, today: this.today() });
    return { total, items: items.map((c) => this.toResponse(c)) };
  }

  /**
   * The list as CSV (UTF-8 with BOM, formulas neutralised): the same filters and scope as `list`, all pages, with the
   * serial and verification code and no contact details. Audited before the first byte (ExportAuditService).
   */
  async exportCsv(actor: Actor, q: ListCertificatesQueryDto): Promise<Readable> {
    const scopeUnitId = q.unitId ?? firstScopeFor(actor, Policy.CertificateRead);
    if (!scopeUnitId) throw new ForbiddenError('only administrators, organisers and agencies list certificates');
    if (q.unitId) await this.units.getVisibleUnit(actor, q.unitId);
    const filters = { unitId: q.unitId, courseId: q.courseId, status: q.status, from: q.from, to: q.to, q: q.q };
    const rows = await this.exportAudit.auditThenStream(
      {
        action: 'certificates.export',
        scopeUnitId,
        filters,
        columns: CSV_COLUMNS.map((c) => c[0]),
        includeContact: false,
      },
      { actor },
      () => this.repo.all({ ...q, scopes: scopesFor(actor, Policy.CertificateRead), today: this.today() }),
    );
    const today = this.today();
    return csvStream(
      (async function* () {
        yield CSV_COLUMNS.map((c) => c[1]);
        for await (const c of rows) {
          const cells = [
            c.serial,
            formatVerificationCode(c.code),
            c.snapshot.personName,
            c.snapshot.unitName ?? '',
            c.snapshot.courseCode,
            c.snapshot.title,
            String(c.snapshot.versionNo),
            c.issuedOn,
            c.expiresOn ?? '',
            statusOn(c, today),
            c.revokedOn ?? '',
          ];
          yield cells.map(neutraliseFormula);
        }
      })(),
    );
  }

  /** The caller's own certificates (none when the account is not linked to a person on the roster). */
  async mine(actor: Actor): Promise<CertificateResponse[]> {
    const personId = await this.repo.personOfAccount(actor.accountId);
    return personId ? (await this.repo.mine(personId)).map((c) => this.toResponse(c)) : [];
  }

  async get(actor: Actor, id: string): Promise<CertificateResponse> {
    return this.toResponse(await this.visible(actor, id, Policy.CertificateRead));
  }

  /** The PDF (drawn now if the job has not drawn it yet). A revoked certificate's PDF still downloads. */
  async pdf(actor: Actor, id: string): Promise<ObjectStream & { filename: string }> {
    const c = await this.visible(actor, id, Policy.CertificateRead);
    const key = await this.pdfs.ensure(c.id);
    return { ...(await this.storage.getStream(key)), filename: `${c.serial}.pdf` };
  }

  async revoke(actor: Actor, id: string, dto: RevokeCertificateDto): Promise<CertificateResponse> {
    await this.visible(actor, id, Policy.CertificateManage);
    const audit = (serial: string) => ({
      action: 'certificate.revoke',
      entity: 'certificate',
      entityId: id,
      details: { serial },
    });
    await this.work.run(actor, { audit }, async ({ manager: m, now: at }) => {
      const c = (await this.repo.find(id, m, true))!;
      if (c.revokedAt) throw new ConflictError(`certificate ${c.serial} is already revoked`);
      await this.repo.revoke(m, id, { accountId: actor.accountId, reason: dto.reason, at, on: vietnamDay(at) });
      await RosterChangeLog.append(m, changes('certificate_revoked', vietnamDay(at), [c], [c.id]));
      return c.serial;
    });
    return this.get(actor, id);
  }

  /**
   * A new certificate for the same training with the person's name, unit and roles as the roster has them now
   * (a corrected name); the old one is revoked and points to it. The new one keeps the completion date, score and
   * expiry of the old, and takes the next serial of its authority. Its PDF is drawn before answering.
   */
  async reissue(actor: Actor, id: string, dto: ReissueCertificateDto): Promise<CertificateResponse> {
    await this.visible(actor, id, Policy.CertificateManage);
    const audit = (r: { id: string; serial: string; oldSerial: string }) => ({
      action: 'certificate.reissue',
      entity: 'certificate',
      entityId: r.id,
      details: { replaces: id, serial: r.serial, oldSerial: r.oldSerial },
    });
    const created = await this.work.run(actor, { audit }, async ({ manager: m, now: at }) => {
      const old = (await this.repo.find(id, m, true))!;
      if (old.revokedAt) throw new ConflictError(`certificate ${old.serial} is revoked: re-issue its replacement`);
      const today = vietnamDay(at);
      const year = Number(today.slice(0, 4));
      const person = await this.repo.personNow(m, old.personId, today);
      const authority = await this.authorities.find(old.authorityUnitId, m);
      if (!person || !authority) throw new NotFoundError(`certificate ${id} not found`);
      await this.repo.lockSerials(m, [authority.unitId], year);
      const no = await this.repo.takeSerials(m, authority.unitId, year, 1);
      const row = {
        sourceKey: `reissue:${old.id}`,
        serial: formatSerial(authority.serialPrefix, year, no),
        code: newVerificationCode(),
        personId: old.personId,
        courseId: old.courseId!,
        versionId: old.versionId!,
        enrolmentId: old.enrolmentId,
        authorityUnitId: old.authorityUnitId,
        completedOn: old.completedOn,
        issuedOn: today,
        validityMonths: null,
        expiresOn: old.expiresOn,
        replacesId: old.id,
        snapshot: { ...old.snapshot, ...person },
      };
      const [newId] = await this.repo.insert(m, [row], at);
      await this.repo.revoke(m, old.id, {
        accountId: actor.accountId,
        reason: dto.reason,
        at,
        on: today,
        replacedById: newId,
      });
      await RosterChangeLog.append(m, [
        ...changes('certificate_revoked', today, [old], [old.id]),
        ...changes('certificate_issued', today, [row], [newId]),
      ]);
      return { id: newId, serial: row.serial, oldSerial: old.serial };
    });
    await this.pdfs.ensure(created.id);
    return this.get(actor, created.id);
  }

  /** True when the caller may revoke or re-issue the certificate (no error either way). */
  async canManage(actor: Actor, id: string): Promise<boolean> {
    return this.visible(actor, id, Policy.CertificateManage).then(
      () => true,
      () => false,
    );
  }

  /**
   * The certificate when the caller may see it under `policy`: its own person, or a person whose current unit lies
   * in the caller's scope. 404 otherwise (as for an unknown id).
   */
  private async visible(actor: Actor, id: string, policy: Policy): Promise<CertificateRow> {
    const c = await this.repo.find(id);
    if (c) {
      if (policy === Policy.CertificateRead && (await this.repo.personOfAccount(actor.accountId)) === c.personId) {
        return c;
      }
      if (admits(actor, policy) && c.personUnitId && (await this.units.canActOn(actor, c.personUnitId, policy))) {
        return c;
      }
    }
    throw new NotFoundError(`certificate ${id} not found`);
  }

  toResponse(c: CertificateRow): CertificateResponse {
    return {
      id: c.id,
      kind: c.kind,
      serial: c.serial,
      code: formatVerificationCode(c.code),
      verifyUrl: verifyUrl(this.config.publicUrl, c.code),
      personId: c.personId,
      personName: c.snapshot.personName,
      unitName: c.snapshot.unitName,
      roleNames: c.snapshot.roleNames,
      courseId: c.courseId,
      courseCode: c.snapshot.courseCode,
      title: c.snapshot.title,
      versionNo: c.snapshot.versionNo,
      scorePercent: c.snapshot.scorePercent,
      completedOn: c.completedOn,
      issuedOn: c.issuedOn,
      expiresOn: c.expiresOn,
      status: statusOn(c, this.today()),
      revokedOn: c.revokedOn,
      revokeReason: c.revokeReason,
      replacesId: c.replacesId,
      replacedById: c.replacedById,
      authorityName: c.snapshot.authority.name,
      pdfReady: c.pdfKey !== null,
    };
  }
}
