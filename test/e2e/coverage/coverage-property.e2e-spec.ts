import fc from 'fast-check';
import { Actor, DomainError } from '@app/common';
import { CoverageRecount, CoverageService, CoverageUpkeep } from '@app/coverage';
import { HeadcountsService, PeopleService, UnitHistoryService, UnitResponse, UnitType } from '@app/org';
import {
  countingCourse,
  revokeCertificate,
  writeCertificate,
  writeCountingSession,
  writeExternalRecord,
} from '../../factories/coverage';
import { systemActor } from '../../factories/identity';
import { coverageCaughtUp } from '../../factories/route-tables/coverage';
import { createTestApp, TestApp } from '../../setup/test-app';

/*
 * The property of issue 11: random trees, rosters, declarations, moves, merges, certificates (of a counting course
 * and of a session that counts for HR officials only), approved records of training done elsewhere (for some
 * roles), revocations and expiries; after the rollups catch up (the fold of the change log, and month-end snapshots), the served figures of
 * every unit × role × day tried equal the brute-force recount from the base tables (CoverageRecount), including
 * days before a move; and a full rebuild serves the same.
 */

jest.setTimeout(600_000);

const DAYS = ['2023-06-30', '2024-02-29', '2024-09-15', '2025-01-31', '2025-07-01', '2025-12-31', '2026-03-10'];
const ROLES = ['HR_OFFICIAL', 'SOCIO_POLITICAL_KEY'] as const;

const day = fc.constantFrom(...DAYS);
const personArb = fc.record({
  unit: fc.nat({ max: 2 }),
  roles: fc.subarray([...ROLES], { minLength: 1 }),
  joined: fc.constantFrom(...DAYS.slice(0, 4)),
  active: fc.boolean(),
});
const actionArb = fc.oneof(
  fc.record({
    kind: fc.constant('cert' as const),
    person: fc.nat({ max: 7 }),
    on: day,
    expiresAfterDays: fc.option(fc.integer({ min: 30, max: 700 }), { nil: undefined }),
    revokeOn: fc.option(day, { nil: undefined }),
  }),
  fc.record({
    kind: fc.constant('session' as const),
    person: fc.nat({ max: 7 }),
    on: day,
    expiresAfterDays: fc.option(fc.integer({ min: 30, max: 700 }), { nil: undefined }),
    revokeOn: fc.option(day, { nil: undefined }),
  }),
  fc.record({
    kind: fc.constant('external' as const),
    person: fc.nat({ max: 7 }),
    on: day,
    roles: fc.subarray([...ROLES], { minLength: 1 }),
    expiresAfterDays: fc.option(fc.integer({ min: 30, max: 700 }), { nil: undefined }),
    revokeOn: fc.option(day, { nil: undefined }),
  }),
  fc.record({ kind: fc.constant('move' as const), person: fc.nat({ max: 7 }), unit: fc.nat({ max: 2 }), on: day }),
  fc.record({
    kind: fc.constant('status' as const),
    person: fc.nat({ max: 7 }),
    status: fc.constantFrom('on_leave' as const, 'left' as const, 'active' as const),
    on: day,
  }),
  fc.record({
    kind: fc.constant('declare' as const),
    unit: fc.nat({ max: 2 }),
    role: fc.constantFrom(...ROLES),
    year: fc.constantFrom(2024, 2025, 2026),
    headcount: fc.nat({ max: 6 }),
  }),
  fc.record({ kind: fc.constant('unitMove' as const), unit: fc.nat({ max: 2 }), on: day }),
  fc.record({ kind: fc.constant('merge' as const), unit: fc.nat({ max: 2 }), into: fc.nat({ max: 2 }), on: day }),
);
type Action = typeof actionArb extends fc.Arbitrary<infer A> ? A : never;

const plusDays = (d: string, n: number): string => {
  const x = new Date(`${d}T00:00:00Z`);
  x.setUTCDate(x.getUTCDate() + n);
  return x.toISOString().slice(0, 10);
};
const dateOf = (a: Action): string => (a.kind === 'declare' ? `${a.year}-01-01` : a.on);

describe('coverage: served figures equal the brute-force recount (property)', () => {
  let t: TestApp;
  let admin: Actor;
  let courseId: string;
  let authorityId: string;
  let roleIds: Record<(typeof ROLES)[number], string>;
  let run = 0;
  /** Per kind of change, how many the roster accepted over all runs (the property must exercise each). */
  const applied: Record<string, number> = {};

  beforeAll(async () => {
    t = await createTestApp();
    admin = await systemActor(t.app);
    const authority = await t.given.unit({ type: UnitType.Province, name: 'Tỉnh Cấp Chứng Chỉ' });
    authorityId = authority.id;
    courseId = await countingCourse(t, authority);
    roleIds = {
      HR_OFFICIAL: await t.given.roleId('HR_OFFICIAL'),
      SOCIO_POLITICAL_KEY: await t.given.roleId('SOCIO_POLITICAL_KEY'),
    };
    await t.app.get(CoverageUpkeep).run();
  });
  afterAll(() => t.close());

  async function mismatches(units: UnitResponse[], days: string[]): Promise<unknown[]> {
    const coverage = t.app.get(CoverageService);
    const recount = t.app.get(CoverageRecount);
    const out: unknown[] = [];
    for (const unit of units) {
      for (const on of days) {
        const served = await coverage.unitCoverage(admin, { unitId: unit.id, date: on });
        for (const role of [...ROLES, null]) {
          const row = role ? served.rows.find((r) => r.roleId === roleIds[role]) : served.allRoles;
          const got = { headcount: row?.headcount, trained: row?.trained, declaredNotNamed: row?.declaredNotNamed };
          const { headcount, trained, declaredNotNamed } = await recount.count(unit.id, role && roleIds[role], on);
          const want = { headcount, trained, declaredNotNamed };
          if (JSON.stringify(got) !== JSON.stringify(want)) {
            out.push({ unit: unit.name, on, role, source: served.source, got, want });
          }
        }
      }
    }
    return out;
  }

  it('holds for random worlds and histories', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 2, max: 3 }),
        fc.array(personArb, { minLength: 2, maxLength: 8 }),
        fc.array(actionArb, { minLength: 3, maxLength: 14 }),
        async (communes, peopleSpec, actions) => {
          run++;
          const P = await t.given.unit({ type: UnitType.Province, name: `Tỉnh Thử ${run}` });
          const R = await t.given.unit({ type: UnitType.Province, name: `Tỉnh Nhận ${run}` });
          const C: UnitResponse[] = [];
          for (let i = 0; i < communes; i++) C.push(await t.given.unit({ parent: P, name: `Xã ${run}.${i}` }));
          const people = t.app.get(PeopleService);
          const ids: string[] = [];
          for (const [i, p] of peopleSpec.entries()) {
            const created = await people.create(admin, {
              fullName: `Người Thử ${run}.${i}`,
              unitId: C[p.unit % communes].id,
              roleIds: p.roles.map((r) => roleIds[r]),
              status: p.active ? 'active' : 'on_leave',
              effectiveFrom: p.joined,
            });
            ids.push(created.id);
          }
          const sessionId = await writeCountingSession(t, P.id, [roleIds.HR_OFFICIAL]);
          const sorted = [...actions].sort((a, b) => dateOf(a).localeCompare(dateOf(b)));
          for (const a of sorted) {
            try {
              await apply(a, { C, R, ids, communes, sessionId });
              applied[a.kind] = (applied[a.kind] ?? 0) + 1;
            } catch (e) {
              if (!(e instanceof DomainError)) throw e; // a change the roster refuses (e.g. dated too early)
            }
          }
          await coverageCaughtUp(t, { snapshots: true });
          const units = [P, R, ...C];
          const days = [...DAYS, t.clock.today()];
          expect(await mismatches(units, days)).toEqual([]);
          await t.app.get(CoverageUpkeep).rebuild();
          expect(await mismatches(units, [t.clock.today(), DAYS[4]])).toEqual([]);
        },
      ),
      { numRuns: Number(process.env.COVERAGE_PROPERTY_RUNS ?? 8), seed: 11, endOnFailure: true },
    );
    expect(Object.keys(applied).sort()).toEqual([
      'cert',
      'declare',
      'external',
      'merge',
      'move',
      'session',
      'status',
      'unitMove',
    ]);
  });

  async function apply(
    a: Action,
    w: { C: UnitResponse[]; R: UnitResponse; ids: string[]; communes: number; sessionId: string },
  ): Promise<void> {
    const person = (n: number) => w.ids[n % w.ids.length];
    const unit = (n: number) => w.C[n % w.communes];
    switch (a.kind) {
      case 'cert': {
        const id = await writeCertificate(t, {
          personId: person(a.person),
          courseId,
          authorityUnitId: authorityId,
          issuedOn: a.on,
          expiresOn: a.expiresAfterDays ? plusDays(a.on, a.expiresAfterDays) : null,
        });
        if (a.revokeOn) await revokeCertificate(t, id, a.revokeOn);
        return;
      }
      case 'session': {
        const id = await writeCertificate(t, {
          personId: person(a.person),
          courseId: null,
          sessionId: w.sessionId,
          authorityUnitId: authorityId,
          issuedOn: a.on,
          expiresOn: a.expiresAfterDays ? plusDays(a.on, a.expiresAfterDays) : null,
        });
        if (a.revokeOn) await revokeCertificate(t, id, a.revokeOn);
        return;
      }
      case 'external':
        await writeExternalRecord(t, {
          personId: person(a.person),
          roleIds: a.roles.map((r) => roleIds[r]),
          approvedOn: a.on,
          expiresOn: a.expiresAfterDays ? plusDays(a.on, a.expiresAfterDays) : null,
          revokedOn: a.revokeOn ?? null,
        });
        return;
      case 'move':
        await t.app.get(PeopleService).move(admin, person(a.person), { unitId: unit(a.unit).id, effectiveFrom: a.on });
        return;
      case 'status':
        await t.app.get(PeopleService).changeStatus(admin, person(a.person), { status: a.status, effectiveFrom: a.on });
        return;
      case 'declare':
        await t.app.get(HeadcountsService).declare(admin, unit(a.unit).id, a.year, {
          items: [{ roleId: roleIds[a.role], headcount: a.headcount }],
        });
        return;
      case 'unitMove':
        await t.app.get(UnitHistoryService).move(admin, unit(a.unit).id, { parentId: w.R.id, effectiveFrom: a.on });
        return;
      case 'merge':
        if (a.unit % w.communes === a.into % w.communes) return;
        await t.app.get(UnitHistoryService).merge(admin, {
          sourceIds: [unit(a.unit).id],
          targetId: unit(a.into).id,
          effectiveFrom: a.on,
        });
        return;
    }
  }
});
