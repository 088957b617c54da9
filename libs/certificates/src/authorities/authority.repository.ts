import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

export interface AuthorityRow {
  unitId: string;
  serialPrefix: string;
  parentName: string | null;
  name: string;
  placeName: string;
  signatoryTitle: string;
  signatoryName: string;
  sealKey: string | null;
}

export interface CourseCertificateRow {
  courseId: string;
  authorityUnitId: string;
  validityMonths: number | null;
  enabled: boolean;
}

const AUTHORITY = `unit_id AS "unitId", serial_prefix AS "serialPrefix", parent_name AS "parentName", name,
  place_name AS "placeName", signatory_title AS "signatoryTitle", signatory_name AS "signatoryName", seal_key AS "sealKey"`;
const COURSE = `course_id AS "courseId", authority_unit_id AS "authorityUnitId", validity_months AS "validityMonths", enabled`;

/** Issuing authorities' settings and which courses issue certificates through which authority. */
@Injectable()
export class AuthorityRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async find(unitId: string, m: EntityManager = this.db.manager): Promise<AuthorityRow | null> {
    const rows = await m.query<AuthorityRow[]>(`SELECT ${AUTHORITY} FROM certificate_authority WHERE unit_id = $1`, [
      unitId,
    ]);
    return rows[0] ?? null;
  }

  async prefixTaken(m: EntityManager, prefix: string, unitId: string): Promise<boolean> {
    const rows = await m.query<unknown[]>(
      `SELECT 1 FROM certificate_authority WHERE serial_prefix = $1 AND unit_id <> $2`,
      [prefix, unitId],
    );
    return rows.length > 0;
  }

  async upsert(m: EntityManager, a: Omit<AuthorityRow, 'sealKey'>, by: string | null, at: Date): Promise<AuthorityRow> {
    const rows = await m.query<AuthorityRow[]>(
      `INSERT INTO certificate_authority (unit_id, serial_prefix, parent_name, name, place_name, signatory_title,
                                          signatory_name, updated_by, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (unit_id) DO UPDATE SET serial_prefix = EXCLUDED.serial_prefix, parent_name = EXCLUDED.parent_name,
         name = EXCLUDED.name, place_name = EXCLUDED.place_name, signatory_title = EXCLUDED.signatory_title,
         signatory_name = EXCLUDED.signatory_name, updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at
       RETURNING ${AUTHORITY}`,
      [a.unitId, a.serialPrefix, a.parentName, a.name, a.placeName, a.signatoryTitle, a.signatoryName, by, at],
    );
    return rows[0];
  }

  async setSeal(m: EntityManager, unitId: string, key: string | null): Promise<void> {
    await m.query(`UPDATE certificate_authority SET seal_key = $2 WHERE unit_id = $1`, [unitId, key]);
  }

  async findCourse(courseId: string, m: EntityManager = this.db.manager): Promise<CourseCertificateRow | null> {
    const rows = await m.query<CourseCertificateRow[]>(
      `SELECT ${COURSE} FROM course_certificate WHERE course_id = $1`,
      [courseId],
    );
    return rows[0] ?? null;
  }

  async upsertCourse(
    m: EntityManager,
    c: CourseCertificateRow,
    by: string | null,
    at: Date,
  ): Promise<CourseCertificateRow> {
    const rows = await m.query<CourseCertificateRow[]>(
      `INSERT INTO course_certificate (course_id, authority_unit_id, validity_months, enabled, updated_by, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (course_id) DO UPDATE SET authority_unit_id = EXCLUDED.authority_unit_id,
         validity_months = EXCLUDED.validity_months, enabled = EXCLUDED.enabled,
         updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at
       RETURNING ${COURSE}`,
      [c.courseId, c.authorityUnitId, c.validityMonths, c.enabled, by, at],
    );
    return rows[0];
  }
}
