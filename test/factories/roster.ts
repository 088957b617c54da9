import type { INestApplicationContext } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { Permission } from '@app/common';
import { PeopleService, PersonResponse } from '@app/org';
import { createAccount, GivenAccount, systemActor } from './identity';

export interface PersonOptions {
  unit: { id: string };
  /** Role codes from the catalogue, e.g. ['HR_OFFICIAL'] (default: PUBLIC_LEARNER). */
  roles?: string[];
  fullName?: string;
  email?: string;
}

/** The id of a role of the seeded catalogue by its code. */
export async function roleId(db: DataSource, code: string): Promise<string> {
  const rows = await db.query<Array<{ id: string }>>(`SELECT id FROM role WHERE code = $1`, [code]);
  if (!rows[0]) throw new Error(`no role ${code}`);
  return rows[0].id;
}

/** A person on the roster of a unit, through PeopleService. */
export async function createPerson(
  app: INestApplicationContext,
  db: DataSource,
  suffix: string,
  o: PersonOptions,
): Promise<PersonResponse> {
  const roleIds = await Promise.all((o.roles ?? ['PUBLIC_LEARNER']).map((code) => roleId(db, code)));
  return app.get(PeopleService).create(await systemActor(app), {
    fullName: o.fullName ?? `Nguyễn Văn ${suffix}`,
    employeeCode: suffix,
    unitId: o.unit.id,
    roleIds,
    email: o.email,
  });
}

export interface GivenLearner extends GivenAccount {
  person: PersonResponse;
}

/**
 * A person on the roster with a learner account linked to them (as an activated invitation leaves it):
 * what a learner of a unit looks like. The account's learner grant is scoped to the person's unit.
 */
export async function createLearner(
  app: INestApplicationContext,
  db: DataSource,
  suffix: string,
  o: PersonOptions,
): Promise<GivenLearner> {
  const person = await createPerson(app, db, suffix, o);
  const account = await createAccount(app, `l${suffix}`, {
    permission: Permission.Learner,
    scopeUnit: o.unit,
    email: o.email,
  });
  await db.query(`UPDATE person SET account_id = $1 WHERE id = $2`, [account.id, person.id]);
  return { ...account, person };
}

/**
 * People on the roster of the subtree of a unit as of a day, read from the history (the tree of that day and the
 * memberships open on it): each person once.
 */
export async function peopleAsOf(db: DataSource, rootId: string, day: string): Promise<number> {
  const [{ n }] = await db.query<Array<{ n: number }>>(
    `WITH RECURSIVE v AS (
       SELECT unit_id, parent_id FROM org_unit_version
        WHERE valid_from <= $2::date AND (valid_to IS NULL OR valid_to > $2::date)
     ), tr AS (SELECT unit_id FROM v WHERE unit_id = $1 UNION ALL SELECT v.unit_id FROM v JOIN tr ON v.parent_id = tr.unit_id)
     SELECT count(DISTINCT m.person_id)::int AS n FROM person_membership m JOIN tr ON tr.unit_id = m.unit_id
      WHERE m.valid_from <= $2::date AND (m.valid_to IS NULL OR m.valid_to > $2::date)`,
    [rootId, day],
  );
  return n;
}
