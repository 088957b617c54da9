import type { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@app/audit';
import { Actor, ConflictError, Permission, ValidationError } from '@app/common';
import { RosterHooks } from '../people/roster-hooks';
import { RestructureEngine, RestructureReport } from '../units/restructure/restructure.engine';
import { RestructureRepository } from '../units/restructure/restructure.repository';
import { UnitHistoryRepository } from '../units/unit-history.repository';
import { ROOT_UNIT_CODE } from '../units/unit-type';
import { setAsideConstraints } from './bulk-load';
import { planHeadcounts } from './headcount-plan';
import { PeopleGenerator } from './people-plan';
import { SEED_PROFILES, SeedSize } from './seed-size';
import { SEED_ROLE_CODES } from './unit-catalogue';
import { insertHeadcounts, insertPeople, insertUnits } from './seed-writer';
import { planUnits, SeedPlan } from './unit-plan';

export interface SeedOptions {
  size: SeedSize;
  /** PRNG seed: the same size and seed give the same rows, ids included. Default 1. */
  seed?: number;
  /** yyyy-mm-dd: the year of the declared headcounts, and the latest day a status change may fall on. */
  today: string;
  /**
   * Runs inside the load's transaction after the roster is written (libs/demo adds its accounts there), so that an
   * abort or a failure leaves nothing behind. Not called when the dataset was already there.
   */
  inTransaction?: (m: EntityManager, plan: SeedPlan) => Promise<void>;
  /** Rows per INSERT (default 10,000). */
  chunkSize?: number;
  /** Called after each chunk of people is written. */
  onProgress?: (peopleWritten: number, peopleTotal: number) => void;
  /** Checked between steps: once aborted, the next step throws its reason and the whole load rolls back. */
  signal?: AbortSignal;
}

export interface SeedReport {
  /** 'exists': the dataset was already there; nothing was written. */
  outcome: 'created' | 'exists';
  size: SeedSize;
  seed: number;
  provinceIds: string[];
  units: number;
  people: number;
  headcounts: number;
  ms: number;
  /** Milliseconds per step: units, people, indexes (large sizes), reform (a `reform` map), headcounts. */
  phases: Record<string, number>;
  /** What the reform of a `reform` map did (the demo's 1 July 2025), else null. */
  reform: RestructureReport | null;
}

// Two seeders (the CLI and the API's first start) never write at once.
const SEED_LOCK = 'moc:seed';

/**
 * Loads a generated dataset in one transaction: the unit tree (with versions and closure rows), the roster
 * (people with membership, role and status periods, through PersonWriter) and declared headcounts. Accounts are
 * identity's: libs/demo adds the demo's through `inTransaction`.
 * Seeding a dataset that is already there does nothing ('exists'); a province code held by other data is a
 * ConflictError.
 */
export async function seedRoster(db: DataSource, options: SeedOptions): Promise<SeedReport> {
  const started = Date.now();
  const seed = options.seed ?? 1;
  checkOptions(seed, options);
  options.signal?.throwIfAborted();
  const plan = planUnits(options.size, seed);
  const report: SeedReport = {
    outcome: 'exists',
    size: options.size,
    seed,
    provinceIds: plan.provinces.map((p) => plan.units[p.unit].id),
    units: plan.units.length,
    people: plan.people,
    headcounts: 0,
    ms: 0,
    phases: {},
    reform: null,
  };
  const q = db.createQueryRunner();
  await q.connect();
  try {
    await q.startTransaction();
    await q.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [SEED_LOCK]);
    // Bulk-load settings for this transaction only; durability is unchanged once it commits.
    await q.query(`SET LOCAL synchronous_commit = off`);
    // Each chunk is one big statement: JIT would compile it anew every time (~0.25 s each) for nothing.
    await q.query(`SET LOCAL jit = off`);
    if (await alreadySeeded(q.manager, plan)) {
      await q.commitTransaction();
      return { ...report, ms: Date.now() - started };
    }
    await write(q.manager, plan, options, report);
    options.signal?.throwIfAborted(); // aborted means nothing stays
    await q.commitTransaction();
    if (options.size !== 'demo') {
      // Fresh statistics for the tables just filled: until autovacuum gets to them (minutes at this size), the
      // planner would take the subtree of the country for a couple of thousand units and choose plans to match.
      await q.query(`ANALYZE org_unit, org_unit_closure, org_unit_version, person, person_membership, person_role,
                             person_status_period, unit_headcount`);
    }
    return { ...report, outcome: 'created', ms: Date.now() - started };
  } catch (e) {
    if (q.isTransactionActive) await q.rollbackTransaction();
    throw e;
  } finally {
    await q.release();
  }
}

function checkOptions(seed: number, options: SeedOptions): void {
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new ValidationError('seed must be an integer from 0 to 4294967295', [{ field: 'seed', reason: 'invalid' }]);
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(options.today)) {
    throw new ValidationError('today must be yyyy-mm-dd', [{ field: 'today', reason: 'invalid' }]);
  }
}

/** The country unit's id and the target roles' ids (in catalogue order), which the migrations seed. */
async function references(q: EntityManager): Promise<{ countryId: string; roleIds: Map<string, string> }> {
  const [country] = await q.query<Array<{ id: string }>>(`SELECT id FROM org_unit WHERE code = $1`, [ROOT_UNIT_CODE]);
  if (!country) throw new ConflictError(`the country unit ${ROOT_UNIT_CODE} is missing: run the migrations first`);
  const roles = await q.query<Array<{ id: string; code: string }>>(
    `SELECT id, code FROM role WHERE code = ANY($1::text[]) ORDER BY sort_order, code`,
    [SEED_ROLE_CODES],
  );
  const roleIds = new Map(roles.map((r) => [r.code, r.id]));
  const missing = SEED_ROLE_CODES.filter((c) => !roleIds.has(c));
  if (missing.length) throw new ConflictError(`role(s) ${missing.join(', ')} missing: run the migrations first`);
  return { countryId: country.id, roleIds };
}

/** True when every province of the plan is there with the plan's id; a code taken by other data conflicts. */
async function alreadySeeded(q: EntityManager, plan: SeedPlan): Promise<boolean> {
  const codes = plan.provinces.map((p) => p.spec.code);
  const found = await q.query<Array<{ id: string; code: string }>>(
    `SELECT id, code FROM org_unit WHERE code = ANY($1::text[])`,
    [codes],
  );
  if (found.length === 0) return false;
  const ours = new Set(plan.provinces.map((p) => plan.units[p.unit].id));
  const foreign = found.filter((f) => !ours.has(f.id)).map((f) => f.code);
  if (foreign.length === 0 && found.length === codes.length) return true;
  throw new ConflictError(
    foreign.length
      ? `province code(s) ${foreign.join(', ')} already belong to other data: seed into an empty database`
      : `the ${plan.size} dataset (seed ${plan.seed}) is only partly there: seed into an empty database`,
  );
}

async function write(q: EntityManager, plan: SeedPlan, options: SeedOptions, report: SeedReport): Promise<void> {
  const chunk = options.chunkSize ?? 10_000;
  const { countryId, roleIds } = await references(q);
  let lap = Date.now();
  const phase = (name: string): void => {
    report.phases[name] = Date.now() - lap;
    lap = Date.now();
    options.signal?.throwIfAborted();
  };
  // Large sizes: indexes and foreign keys are rebuilt once at the end (see setAsideConstraints).
  const restore = SEED_PROFILES[plan.size].bulk ? await setAsideConstraints(q) : null;
  await insertUnits(q, plan, countryId, chunk);
  phase('units');

  const people = new PeopleGenerator(plan, roleIds, options.today);
  let written = 0;
  await insertPeople(q, people.chunks(chunk), [...roleIds.values()], plan.start, (rows) => {
    written += rows;
    options.onProgress?.(written, plan.people);
    options.signal?.throwIfAborted();
  });

  phase('people');
  if (restore) {
    await restore();
    phase('indexes');
  }

  let named = people.named;
  if (plan.reform) {
    report.reform = await applyReform(q, plan, countryId);
    named = namedAfterReform(plan, people.named, people.roleCodes.length);
    phase('reform');
  }

  const headcounts = planHeadcounts(plan, named, people.roleCodes, roleIds, options.today);
  await insertHeadcounts(q, headcounts, chunk);
  phase('headcounts');
  report.headcounts = headcounts.current.unit.length;

  if (options.inTransaction) {
    await options.inTransaction(q, plan);
    phase('after');
  }
  const details = { size: plan.size, seed: plan.seed, units: plan.units.length, people: plan.people };
  const entry = { action: 'seed.load', entity: 'org_unit', entityId: report.provinceIds[0], details };
  await new AuditService(q.connection).record(entry, {}, q);
}

/**
 * The reform of a `reform` map (the demo's 1 July 2025), through the restructuring engine in the load's
 * transaction, as an administrator of the country: the old units merge or divide into the new ones (the people of a
 * divided commune go to its first named unit, the review rule), so that the tree as of a day before it shows the
 * old map and its people. Nothing listens to the roster yet (a first load), so no hooks are registered.
 */
async function applyReform(q: EntityManager, plan: SeedPlan, countryId: string): Promise<RestructureReport> {
  const db = q.connection;
  const engine = new RestructureEngine(new RestructureRepository(db), new UnitHistoryRepository(db), new RosterHooks());
  const actor: Actor = {
    accountId: SEED_ACTOR,
    grants: [{ permission: Permission.Admin, scopeUnitId: countryId }],
    via: 'api',
  };
  return engine.applyIn(q, actor, plan.reform!.rows, 'first_for_review');
}

/** Who the seed's reform is recorded as (no account: the seed runs before anyone signs in). */
const SEED_ACTOR = '00000000-0000-0000-0000-000000000000';

/** The named people per (unit, role) after the reform: an old unit's go to its successor (for the headcounts). */
function namedAfterReform(plan: SeedPlan, named: Uint32Array, roles: number): Uint32Array {
  const after = named.slice();
  for (const [from, to] of plan.reform!.successor) {
    for (let r = 0; r < roles; r++) {
      after[to * roles + r] += after[from * roles + r];
      after[from * roles + r] = 0;
    }
  }
  return after;
}
