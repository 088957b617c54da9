import type { EntityManager } from 'typeorm';
import { RosterChangeLog } from '../changes/roster-change-log';
import { pgArray } from '../seed/bulk-load';
import { timeOrderedUuid } from './import-jobs/time-ordered-uuid';

/** A person to put on the roster (import row, registration, the API's create); ids are made when missing. */
export interface NewPerson {
  id?: string;
  provinceId: string | null;
  employeeCode?: string | null;
  fullName: string;
  gender?: string | null;
  birthDate?: string | null;
  email?: string | null;
  phone?: string | null;
  positionTitle?: string | null;
  /** Null for a public learner registered without a commune: no membership period then. */
  unitId: string | null;
  roleIds: readonly string[];
  status: string;
  /** yyyy-mm-dd: the day the person joins; every first period starts then. */
  joinedOn: string;
  accountId?: string | null;
}

/**
 * People to write, one array per column (row i of every array is one person). Besides their current state, rows
 * may carry earlier history (the seed's generated roster): a first unit `fromUnit` left on `movedOn`, and a status
 * other than active since `statusFrom` (after `joinedOn`; active before). Roles: `roleRow` (0-based row) and
 * `roleId`, one entry per role of a person.
 */
export interface PeopleColumns {
  id: string[];
  provinceUnitId: Array<string | null>;
  employeeCode: Array<string | null>;
  fullName: string[];
  gender: Array<string | null>;
  birthDate: Array<string | null>;
  email: Array<string | null>;
  phone: Array<string | null>;
  positionTitle: Array<string | null>;
  unitId: Array<string | null>;
  status: string[];
  joinedOn: string[];
  statusFrom: string[];
  accountId: Array<string | null>;
  fromUnit: Array<string | null>;
  movedOn: Array<string | null>;
  roleRow: number[];
  roleId: string[];
}

/** The columns of `people`, with fresh time-ordered ids where none is given (they are written back). */
export function peopleColumns(people: NewPerson[]): PeopleColumns {
  const col = <T>(f: (p: NewPerson) => T): T[] => people.map(f);
  for (const p of people) p.id ??= timeOrderedUuid();
  return {
    id: col((p) => p.id!),
    provinceUnitId: col((p) => p.provinceId),
    employeeCode: col((p) => p.employeeCode ?? null),
    fullName: col((p) => p.fullName),
    gender: col((p) => p.gender ?? null),
    birthDate: col((p) => p.birthDate ?? null),
    email: col((p) => p.email ?? null),
    phone: col((p) => p.phone ?? null),
    positionTitle: col((p) => p.positionTitle ?? null),
    unitId: col((p) => p.unitId),
    status: col((p) => p.status),
    joinedOn: col((p) => p.joinedOn),
    statusFrom: col((p) => p.joinedOn),
    accountId: col((p) => p.accountId ?? null),
    fromUnit: col(() => null),
    movedOn: col(() => null),
    roleRow: people.flatMap((p, i) => [...new Set(p.roleIds)].map(() => i + 1)),
    roleId: people.flatMap((p) => [...new Set(p.roleIds)]),
  };
}

// One statement: the people, their membership, role and status periods, and their rows in the roster change log
// (foreign keys are checked at its end). `n` numbers the rows so that the flattened roles find their person.
const PEOPLE_SQL = `WITH x AS (
    SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::date[], $7::text[],
                         $8::text[], $9::text[], $10::uuid[], $11::text[], $12::date[], $13::date[], $14::uuid[],
                         $15::uuid[], $16::date[]) WITH ORDINALITY
      AS x(id, province_unit_id, employee_code, full_name, gender, birth_date, email, phone, position_title, unit_id,
           status, joined_on, status_from, account_id, from_unit, moved_on, n)
  ), rr AS (
    SELECT * FROM unnest($17::int[], $18::uuid[]) AS rr(n, role_id)
  ), p AS (
    INSERT INTO person (id, province_unit_id, employee_code, full_name, gender, birth_date, email, phone,
                        position_title, unit_id, status, status_from, account_id)
    SELECT id, province_unit_id, employee_code, full_name, gender, birth_date, email, phone,
           position_title, unit_id, status, status_from, account_id FROM x
  ), m AS (
    INSERT INTO person_membership (person_id, unit_id, valid_from, valid_to)
    SELECT id, from_unit, joined_on, moved_on FROM x WHERE moved_on IS NOT NULL
    UNION ALL SELECT id, unit_id, coalesce(moved_on, joined_on), NULL FROM x WHERE unit_id IS NOT NULL
  ), r AS (
    INSERT INTO person_role (person_id, role_id, valid_from)
    SELECT x.id, rr.role_id, x.joined_on FROM rr JOIN x USING (n)
  ), s AS (
    INSERT INTO person_status_period (person_id, status, valid_from, valid_to)
    SELECT id, CASE WHEN status_from > joined_on THEN 'active' ELSE status END, joined_on,
           CASE WHEN status_from > joined_on THEN status_from END FROM x
    UNION ALL SELECT id, status, status_from, NULL FROM x WHERE status_from > joined_on
  ), roles AS (
    SELECT n, jsonb_agg(role_id) AS ids FROM rr GROUP BY n
  )
  ${RosterChangeLog.insertSelected(`SELECT 'person_joined', x.joined_on, x.id, coalesce(x.from_unit, x.unit_id),
           NULL::uuid, NULL::uuid, jsonb_build_object('roleIds', coalesce(roles.ids, '[]'),
             'status', CASE WHEN x.status_from > x.joined_on THEN 'active' ELSE x.status END)
      FROM x LEFT JOIN roles USING (n)
    UNION ALL SELECT 'person_moved', moved_on, id, unit_id, from_unit, NULL, '{}' FROM x WHERE moved_on IS NOT NULL
    UNION ALL SELECT CASE WHEN status = 'left' THEN 'person_left' ELSE 'person_status' END, status_from, id, unit_id,
           NULL, NULL, jsonb_build_object('status', status) FROM x WHERE status_from > joined_on`)}`;

/**
 * The one place people are created (org owns person and its period tables): PeopleService.createMany for the
 * API, the roster import and public registration, and the seed for its generated roster. Set-based: one
 * statement per call however many people, their change-log rows (RosterChangeLog) included.
 */
export const PersonWriter = {
  /** Sets the person's account when they have none yet (uq_person_account_id keeps it one-to-one). */
  async linkAccount(m: Pick<EntityManager, 'query'>, personId: string, accountId: string): Promise<boolean> {
    const rows = await m.query<unknown[]>(
      `UPDATE person SET account_id = $2, updated_at = now() WHERE id = $1 AND account_id IS NULL RETURNING id`,
      [personId, accountId],
    );
    return rows.length > 0;
  },

  async insert(m: Pick<EntityManager, 'query'>, c: PeopleColumns): Promise<void> {
    if (c.id.length === 0) return;
    await m.query(PEOPLE_SQL, [
      ...[
        c.id,
        c.provinceUnitId,
        c.employeeCode,
        c.fullName,
        c.gender,
        c.birthDate,
        c.email,
        c.phone,
        c.positionTitle,
        c.unitId,
        c.status,
        c.joinedOn,
        c.statusFrom,
        c.accountId,
        c.fromUnit,
        c.movedOn,
        c.roleRow,
        c.roleId,
      ].map(pgArray),
    ]);
  },
};
