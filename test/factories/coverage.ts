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
  /** A course certificate's course, or (with `sessionId`) null. */
  courseId: string | null;
  /** A session certificate's session (kind 'session'). */
  sessionId?: string;
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
                                completed_on, issued_on, expires_on, issued_at, snapshot, session_id)
       VALUES ($1, $2, CASE WHEN $10::uuid IS NULL THEN 'course' ELSE 'session' END, $3, $4, $5, $6, $7, $8::date,
               $8::date, $9::date, now(), '{}', $10)`,
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
        c.sessionId ?? null,
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

/**
 * Certificates of `courseId` for every `every`-th person holding a target role (in id order), every `every·9`-th of
 * them already expired and every `every·7`-th revoked on 2025-09-01: a mix of valid, expired and revoked records.
 */
export async function certifyEveryNth(
  t: TestApp,
  c: { courseId: string; authorityUnitId: string; every: number },
): Promise<void> {
  const people = await t.db.query<Array<{ id: string }>>(
    `SELECT DISTINCT r.person_id AS id FROM person_role r JOIN role ro ON ro.id = r.role_id
      WHERE ro.code = ANY($1::text[]) ORDER BY 1`,
    [TARGET_ROLE_CODES],
  );
  for (const [i, p] of people.entries()) {
    if (i % c.every !== 0) continue;
    const expired = i % (c.every * 9) === 0;
    const id = await writeCertificate(t, {
      personId: p.id,
      courseId: c.courseId,
      authorityUnitId: c.authorityUnitId,
      issuedOn: expired ? '2024-01-10' : '2025-03-01',
      expiresOn: expired ? '2025-01-10' : null,
    });
    if (i % (c.every * 7) === 0) await revokeCertificate(t, id, '2025-09-01');
  }
}

/**
 * A session of `unitId` held on 2 January 2023 that counts for `roleIds` (SQL: the property test needs session
 * certificates dated in the past, which attendance taken through the API cannot give).
 */
export async function writeCountingSession(t: TestApp, unitId: string, roleIds: string[]): Promise<string> {
  const [{ id }] = await t.db.query<Array<{ id: string }>>(
    `INSERT INTO training_session (title, kind, organiser_unit_id, starts_at, ends_at, place, created_at, updated_at)
     VALUES ('Tập huấn thử', 'training', $1, '2023-01-02T01:00:00Z', '2023-01-02T03:00:00Z', 'Hội trường', now(), now())
     RETURNING id`,
    [unitId],
  );
  await t.db.query(`INSERT INTO training_session_counting_role (session_id, role_id) SELECT $1, unnest($2::uuid[])`, [
    id,
    roleIds,
  ]);
  return id;
}

export interface ExternalRecordSpec {
  personId: string;
  roleIds: string[];
  approvedOn: string;
  expiresOn?: string | null;
  revokedOn?: string | null;
}

/**
 * An approved record of training done elsewhere (revoked when `revokedOn`), with its roles and the change-log rows
 * the approval and the revocation write, in one transaction (SQL: approvals are dated the day they are made, and the
 * property test needs them in the past).
 */
export async function writeExternalRecord(t: TestApp, r: ExternalRecordSpec): Promise<string> {
  const id = randomUUID();
  await t.db.transaction(async (m) => {
    await m.query(
      `INSERT INTO external_training (id, person_id, organiser, title, started_on, ended_on, hours, evidence_key,
                                      evidence_type, evidence_name, submitted_by, submitted_at, status, decided_at,
                                      reason, approved_on, expires_on, revoked_on)
       VALUES ($1, $2, 'Bộ Ngoại giao', 'Hội thảo thử', $3::date - 2, $3::date - 1, 8, 'test/evidence.pdf',
               'application/pdf', 'evidence.pdf', $2, now(), CASE WHEN $5::date IS NULL THEN 'approved' ELSE 'revoked' END,
               now(), CASE WHEN $5::date IS NULL THEN NULL ELSE 'kiểm thử' END, $3::date, $4::date, $5::date)`,
      [id, r.personId, r.approvedOn, r.expiresOn ?? null, r.revokedOn ?? null],
    );
    await m.query(`INSERT INTO external_training_role (record_id, role_id) SELECT $1, unnest($2::uuid[])`, [
      id,
      r.roleIds,
    ]);
    const change = (kind: 'training_approved' | 'training_revoked', on: string) =>
      r.roleIds.map((roleId) => ({ kind, effectiveFrom: on, personId: r.personId, roleId, payload: { recordId: id } }));
    await RosterChangeLog.append(m, [
      ...change('training_approved', r.approvedOn),
      ...(r.revokedOn ? change('training_revoked', r.revokedOn) : []),
    ]);
  });
  return id;
}
