import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { UnitOfWork } from '@app/jobs';
import { RosterChange, RosterChangeLog } from '@app/org';
import { newVerificationCode } from '../codes/verification-code';
import { vietnamDay } from './certificate-snapshot';
import { CertificateRepository, DueCertificate, NewCertificate } from './certificate.repository';

/** `VL-2026-000123`: the authority's prefix, the year, a number counted per authority and year. */
export const formatSerial = (prefix: string, year: number, no: number): string =>
  `${prefix}-${year}-${String(no).padStart(6, '0')}`;

/** Enrolments are issued for in chunks of this many per transaction (the due sweep, the batch benchmark). */
export const ISSUE_CHUNK = 1_000;

/**
 * Issues certificates for completed enrolments, exactly once each: the serial rows of the authorities concerned
 * are locked first (per authority and year: numbers without gaps), then the enrolments still due are read
 * (completed, their course issues certificates, no certificate with their source key), and all of them are
 * inserted in one statement, with their roster-change rows (coverage folds them) and one audit entry, in one
 * UnitOfWork. Two
 * completions racing, or a job retried after a crash, find the certificate there and issue nothing; the unique
 * source key backs that up.
 */
@Injectable()
export class CertificateIssuer {
  constructor(
    private readonly repo: CertificateRepository,
    private readonly work: UnitOfWork,
  ) {}

  /** Issues what is due among these enrolments (at most ISSUE_CHUNK); returns the new certificates' ids. */
  issue(enrolmentIds: string[]): Promise<string[]> {
    if (enrolmentIds.length === 0) return Promise.resolve([]);
    const audit = (made: { ids: string[]; enrolmentIds: string[] }) =>
      made.ids.length === 0
        ? null
        : {
            action: 'certificate.issue',
            entity: 'certificate',
            entityId: made.ids.length === 1 ? made.ids[0] : undefined,
            details: { certificateIds: made.ids, enrolmentIds: made.enrolmentIds },
          };
    return this.work
      .run(null, { audit }, (tx) => this.issueIn(tx.manager, enrolmentIds, tx.now))
      .then((made) => made.ids);
  }

  /** Issues every certificate due on the platform, a chunk per transaction; returns how many were issued. */
  async issueAllDue(onChunk?: (issued: number) => Promise<void>): Promise<number> {
    let issued = 0;
    for (;;) {
      const ids = await this.repo.dueEnrolmentIds(ISSUE_CHUNK);
      if (ids.length === 0) return issued;
      const made = await this.issue(ids);
      issued += made.length;
      if (onChunk) await onChunk(issued);
      // Due rows that could not be issued now (an authority changed in between) are left for the next run.
      if (made.length === 0) return issued;
    }
  }

  private async issueIn(
    m: EntityManager,
    enrolmentIds: string[],
    at: Date,
  ): Promise<{ ids: string[]; enrolmentIds: string[] }> {
    const none = { ids: [], enrolmentIds: [] };
    const issuedOn = vietnamDay(at);
    const year = Number(issuedOn.slice(0, 4));
    const authorities = await this.repo.authoritiesDue(m, enrolmentIds);
    if (authorities.length === 0) return none;
    await this.repo.lockSerials(m, authorities, year);
    const locked = new Set(authorities);
    const due = (await this.repo.due(m, enrolmentIds)).filter((d) => locked.has(d.authorityUnitId));
    if (due.length === 0) return none;

    const rows = await numberCertificates(
      this.repo,
      m,
      year,
      due.map((d) => ({
        sourceKey: `enrolment:${d.enrolmentId}`,
        serialPrefix: d.serialPrefix,
        personId: d.personId,
        courseId: d.courseId,
        versionId: d.versionId,
        enrolmentId: d.enrolmentId,
        authorityUnitId: d.authorityUnitId,
        completedOn: d.snapshot.completedOn,
        issuedOn,
        validityMonths: d.validityMonths,
        snapshot: d.snapshot,
      })),
    );
    const ids = await this.repo.insert(m, rows, at);
    await RosterChangeLog.append(m, changes('certificate_issued', issuedOn, rows, ids));
    return { ids, enrolmentIds: rows.map((r) => r.enrolmentId!) };
  }
}

/** A certificate to issue, before its serial and verification code are chosen. */
export type UnnumberedCertificate = Omit<NewCertificate, 'serial' | 'code'> & { serialPrefix: string };

/**
 * Chooses the serials (per authority and year, from rows locked by lockSerials: numbers without gaps) and the
 * verification codes of certificates about to be inserted: the one numbering of every kind of certificate.
 */
export async function numberCertificates(
  repo: CertificateRepository,
  m: EntityManager,
  year: number,
  items: UnnumberedCertificate[],
): Promise<NewCertificate[]> {
  const rows: NewCertificate[] = [];
  for (const [authorityId, group] of groupBy(items, (d) => d.authorityUnitId)) {
    const first = await repo.takeSerials(m, authorityId, year, group.length);
    group.forEach(({ serialPrefix, ...d }, i) =>
      rows.push({ ...d, serial: formatSerial(serialPrefix, year, first + i), code: newVerificationCode() }),
    );
  }
  return rows;
}

function groupBy<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

/** The roster-change rows of issued or revoked certificates (ids only: person, certificate, course). */
export function changes(
  kind: 'certificate_issued' | 'certificate_revoked',
  effectiveFrom: string,
  rows: Array<{ personId: string; courseId: string | null }>,
  ids: string[],
): RosterChange[] {
  return rows.map((r, i) => ({
    kind,
    effectiveFrom,
    personId: r.personId,
    payload: { certificateId: ids[i], courseId: r.courseId },
  }));
}

export type { DueCertificate };
