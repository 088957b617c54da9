import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { RosterChangeLog } from '@app/org';
import { changes, numberCertificates, UnnumberedCertificate } from './certificate-issuer';
import { vietnamDay } from './certificate-snapshot';
import { CertificateRepository } from './certificate.repository';

/** A person who attended a session enough for it to count: what their certificate certifies. */
export interface SessionAttendance {
  sessionId: string;
  personId: string;
  /** The session's title (printed). */
  title: string;
  /** The unit that organised it: its authority, or the nearest one above, issues the certificate. */
  organiserUnitId: string;
  /** The session's last day (Vietnam time, yyyy-mm-dd). */
  lastDay: string;
  /** Months the certificate stays valid; null: no expiry. */
  validityMonths: number | null;
}

/**
 * The source key of a session certificate: one family per session and person. The first is the key itself; one issued
 * again after the earlier was withdrawn (attendance corrected back) is `<key>:<n>`, the n-th of the family.
 */
export const sessionSourceKey = (sessionId: string, personId: string): string => `attendance:${sessionId}:${personId}`;

/**
 * Certificates of kind 'session' (attendance at an in-person session), issued and withdrawn inside the caller's
 * transaction (the attendance change that earns or loses them), with the numbering, codes, snapshot and roster-change
 * rows of every certificate (CertificateIssuer). Training calls it; certificates never reads training's tables.
 */
@Injectable()
export class SessionCertificateIssuer {
  constructor(private readonly repo: CertificateRepository) {}

  /**
   * Issues the certificates these attendances earn and that are not in force (none issued, or the last one withdrawn
   * by a correction: then the next of the source-key family), in the transaction of `m`; returns the new ids. Attendances under no authority (no unit above the organiser has settings) get none.
   */
  async issueIn(m: EntityManager, at: Date, attendances: SessionAttendance[]): Promise<string[]> {
    if (attendances.length === 0) return [];
    const issuedOn = vietnamDay(at);
    const year = Number(issuedOn.slice(0, 4));
    const authorityOf = new Map<string, Awaited<ReturnType<CertificateRepository['nearestAuthority']>>>();
    for (const unitId of new Set(attendances.map((a) => a.organiserUnitId))) {
      authorityOf.set(unitId, await this.repo.nearestAuthority(m, unitId));
    }
    const authorities = [...new Set([...authorityOf.values()].flatMap((a) => (a ? [a.unitId] : [])))].sort();
    if (authorities.length === 0) return [];
    await this.repo.lockSerials(m, authorities, year);
    const families = await this.repo.sourceFamilies(
      m,
      attendances.map((a) => sessionSourceKey(a.sessionId, a.personId)),
    );
    const items: UnnumberedCertificate[] = [];
    for (const a of attendances) {
      const authority = authorityOf.get(a.organiserUnitId);
      const base = sessionSourceKey(a.sessionId, a.personId);
      const family = families.get(base) ?? { issued: 0, inForce: false };
      if (!authority || family.inForce) continue;
      const sourceKey = family.issued === 0 ? base : `${base}:${family.issued + 1}`;
      families.set(base, { issued: family.issued + 1, inForce: true });
      const person = await this.repo.personNow(m, a.personId, a.lastDay);
      if (!person) continue;
      items.push({
        sourceKey,
        serialPrefix: authority.serialPrefix,
        kind: 'session',
        sessionId: a.sessionId,
        personId: a.personId,
        courseId: null,
        versionId: null,
        enrolmentId: null,
        authorityUnitId: authority.unitId,
        completedOn: a.lastDay,
        issuedOn,
        validityMonths: a.validityMonths,
        snapshot: {
          ...person,
          title: a.title,
          courseCode: '',
          versionNo: 0,
          scorePercent: null,
          completedOn: a.lastDay,
          authority: authority.authority,
          sealKey: authority.sealKey,
        },
      });
    }
    if (items.length === 0) return [];
    const rows = await numberCertificates(this.repo, m, year, items);
    const ids = await this.repo.insert(m, rows, at);
    await RosterChangeLog.append(m, changes('certificate_issued', issuedOn, rows, ids));
    return ids;
  }

  /**
   * Revokes the session certificates of these (session, person) pairs that are not revoked yet (attendance
   * corrected: the person no longer meets the session's share), in the transaction of `m`; returns their ids.
   */
  async revokeIn(
    m: EntityManager,
    at: Date,
    by: { accountId: string | null; reason: string },
    pairs: Array<{ sessionId: string; personId: string }>,
  ): Promise<string[]> {
    if (pairs.length === 0) return [];
    const rows = await this.repo.unrevokedBySource(
      m,
      pairs.map((p) => sessionSourceKey(p.sessionId, p.personId)),
    );
    const on = vietnamDay(at);
    for (const row of rows) await this.repo.revoke(m, row.id, { ...by, at, on });
    const ids = rows.map((r) => r.id);
    await RosterChangeLog.append(m, changes('certificate_revoked', on, rows, ids));
    return ids;
  }
}
