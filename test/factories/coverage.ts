import { randomBytes, randomUUID } from 'node:crypto';
import { TargetsService } from '@app/coverage';
import { RosterChangeLog } from '@app/org';
import type { TestApp } from '../setup/test-app';
import { createPublishedCourse } from './courses';
import { systemActor } from './identity';

/** The target roles of the plans, as the migration seeds their targets. */
export const TARGET_ROLE_CODES = ['HR_OFFICIAL', 'ICT_MANAGER', 'PRESS_FOREIGN_INFO', 'SOCIO_POLITICAL_KEY'] as const;

/**
 * A published course that counts for every seeded target (through TargetsService, as an admin would set it), owned
 * by `owner`, which becomes an issuing authority so that certificates of the course can be written.
 */
export async function countingCourse(t: TestApp, owner: { id: string }): Promise<string> {
  const course = await createPublishedCourse(t.db, { ownerUnit: owner });
  const prefix = `T${randomBytes(3).toString('hex').toUpperCase()}`.slice(0, 8);
  await t.db.query(
    `INSERT INTO certificate_authority (unit_id, serial_prefix, name, place_name, signatory_title, signatory_name, updated_at)
     VALUES ($1, $2, 'SỞ KIỂM THỬ', 'Kiểm Thử', 'GIÁM ĐỐC', 'Trần Văn Bình', now()) ON CONFLICT DO NOTHING`,
    [owner.id, prefix],
  );
  const targets = t.app.get(TargetsService);
  const actor = await systemActor(t.app);
  for (const target of await targets.list(actor)) {
    if (target.scopeUnitId) continue;
    await targets.put(actor, target.roleId, {
      percent: target.percent,
      deadline: target.deadline,
      milestones: target.milestones,
      courseIds: [...target.courseIds, course.id],
    });
  }
  return course.id;
}

export interface CertificateSpec {
  personId: string;
  courseId: string;
  authorityUnitId: string;
  issuedOn: string;
  expiresOn?: string | null;
}

/**
 * A certificate row as the issuer writes it, with its change-log row, in one transaction (the issuer needs a
 * completed enrolment; the property test needs certificates dated in the past, which no flow issues).
 */
export async function writeCertificate(t: TestApp, c: CertificateSpec): Promise<string> {
  const id = randomUUID();
  await t.db.transaction(async (m) => {
    await m.query(
      `INSERT INTO certificate (id, source_key, kind, serial, code, person_id, course_id, authority_unit_id,
                                completed_on, issued_on, expires_on, issued_at, snapshot)
       VALUES ($1, $2, 'course', $3, $4, $5, $6, $7, $8::date, $8::date, $9::date, now(), '{}')`,
      [
        id,
        `test:${id}`,
        `T-${id.slice(0, 18)}`,
        randomBytes(14).toString('hex').toUpperCase().slice(0, 28),
        c.personId,
        c.courseId,
        c.authorityUnitId,
        c.issuedOn,
        c.expiresOn ?? null,
      ],
    );
    await RosterChangeLog.append(m, [
      { kind: 'certificate_issued', effectiveFrom: c.issuedOn, personId: c.personId, payload: { certificateId: id } },
    ]);
  });
  return id;
}

/** Revokes a certificate from a day on, with its change-log row (as CertificatesService.revoke writes them). */
export async function revokeCertificate(t: TestApp, id: string, on: string): Promise<void> {
  await t.db.transaction(async (m) => {
    const [rows] = await m.query<[Array<{ personId: string }>, number]>(
      `UPDATE certificate SET revoked_at = now(), revoked_on = $2::date, revoke_reason = 'kiểm thử'
        WHERE id = $1 RETURNING person_id AS "personId"`,
      [id, on],
    );
    await RosterChangeLog.append(m, [
      { kind: 'certificate_revoked', effectiveFrom: on, personId: rows[0].personId, payload: { certificateId: id } },
    ]);
  });
}
