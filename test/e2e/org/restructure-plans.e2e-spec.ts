import { Permission } from '@app/common';
import { InProcessJobExecutor } from '@app/jobs';
import {
  PLAN_COLUMNS,
  PlanRow,
  PreReformHistory,
  newUnitCode,
  oldUnitCode,
  ROSTER_COLUMNS,
  UnitResponse,
  UnitType,
} from '@app/org';
import { reformOfProvince } from '../../../libs/org/src/units/restructure/pre-reform-history';
import { officialUnits } from '../../../libs/org/src/units/restructure/pre-reform-history';
import { createPublishedCourse } from '../../factories/courses';
import { unique } from '../../factories/given';
import { peopleAsOf as peopleAsOfDay } from '../../factories/roster';
import { csvBuffer } from '../../fixtures/import/roster-files';
import { createTestApp, TestApp } from '../../setup/test-app';

jest.setTimeout(300_000);

const BEFORE = '2025-06-30';
const ON = '2025-07-01';
/** Lạng Sơn: one old province, about 200 old communes (four of them divided), 65 new ones. */
const PROVINCE = '20';

describe('restructuring plans (issue 13): the real reform of one province, and bad plans', () => {
  let t: TestApp;
  let admin: string;
  const waitJobs = () => t.app.get(InProcessJobExecutor).onIdle();
  const api = (token: string) => ({
    post: (url: string, body?: object) => t.http.post(url).auth(token, { type: 'bearer' }).send(body),
    get: (url: string) => t.http.get(url).auth(token, { type: 'bearer' }),
    upload: (url: string, file: Buffer, name = 'phuong-an.csv') =>
      t.http.post(url).auth(token, { type: 'bearer' }).attach('file', file, name),
  });
  const planCsv = (rows: PlanRow[]): Buffer =>
    csvBuffer([
      PLAN_COLUMNS.map((c) => c.headerVi),
      ...rows.map((r) => [
        r.effectiveFrom.split('-').reverse().join('/'),
        r.oldCode,
        r.newCode,
        r.newName ?? '',
        r.kind === 'full' ? 'toàn bộ' : 'một phần',
        r.newParentCode ?? '',
        r.people.join(';'),
      ]),
    ]);
  const row = (o: Partial<PlanRow> & Pick<PlanRow, 'oldCode' | 'newCode'>): PlanRow => ({
    row: 0,
    effectiveFrom: ON,
    newName: null,
    kind: 'full',
    newParentCode: null,
    people: [],
    ...o,
  });

  /** Units under `rootId` as of a day, from the history (code → name). */
  async function treeAsOf(rootId: string, day: string): Promise<Map<string, string>> {
    const res = await api(admin).get(`/api/v1/units/${rootId}/tree?asOf=${day}`).expect(200);
    return new Map((res.body as Array<{ code: string; name: string }>).map((u) => [u.code, u.name]));
  }
  const peopleAsOf = (rootId: string, day: string) => peopleAsOfDay(t.db, rootId, day);

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.given.tokenFor(await t.given.account({ permission: Permission.Admin }));
  });
  afterAll(() => t.close());

  it('applies the real reform of a province on 1 July 2025: old map before, new map after, people and figures follow', async () => {
    const reform = reformOfProvince(PROVINCE);
    // The old structure and a roster on it, built here.
    const [oldProvinceRow] = reform.oldProvinces;
    const oldProvince = await t.given.unit({
      code: oldUnitCode('province', oldProvinceRow.oldCode),
      name: oldProvinceRow.oldName,
      type: UnitType.Province,
    });
    const oldCommunes = new Map<string, UnitResponse>();
    for (const c of reform.oldCommunes) {
      if (oldCommunes.has(c.oldCode)) continue;
      oldCommunes.set(
        c.oldCode,
        await t.given.unit({ parent: oldProvince, code: oldUnitCode('commune', c.oldCode), name: c.oldName }),
      );
    }
    const roster: string[][] = [];
    const peopleOf = new Map<string, string[]>();
    for (const [code, unit] of oldCommunes) {
      const codes = [1, 2, 3].map((i) => `CB${code}-${i}`);
      peopleOf.set(unit.code, codes);
      for (const employee of codes) {
        roster.push(
          ROSTER_COLUMNS.map(
            (col) =>
              ({
                employee_code: employee,
                full_name: `Nguyễn Văn ${employee}`,
                unit_code: unit.code,
                roles: 'HR_OFFICIAL',
                status_from: '01/01/2024',
              })[col.key as string] ?? '',
          ),
        );
      }
    }
    const imported = await api(admin)
      .upload('/api/v1/roster-imports?mode=commit', csvBuffer([ROSTER_COLUMNS.map((c) => c.headerVi), ...roster]))
      .expect(202);
    await waitJobs();
    const batch = await api(admin).get(`/api/v1/roster-imports/${imported.body.id}`).expect(200);
    expect(batch.body.counts.created).toBe(roster.length);

    // A declared headcount for 2026 on every old commune, and an assignment and an organiser on the first one.
    const hr = await t.given.roleId('HR_OFFICIAL');
    const firstOld = [...oldCommunes.values()][0];
    await t.db.query(
      `INSERT INTO unit_headcount (unit_id, role_id, year, headcount) SELECT unnest($1::uuid[]), $2, 2026, 5`,
      [[...oldCommunes.values()].map((u) => u.id), hr],
    );
    const course = await createPublishedCourse(t.db, { ownerUnit: firstOld });
    const assignment = await api(admin)
      .post('/api/v1/assignments', { courseId: course.id, unitId: firstOld.id, roleIds: [hr], dueDate: '2027-12-31' })
      .expect(201);
    await waitJobs();
    const organiser = await t.given.account({ permission: Permission.Organiser, scopeUnit: firstOld });
    const membersBefore = await t.db.query(
      `SELECT person_id FROM assignment_member WHERE assignment_id = $1 ORDER BY 1`,
      [assignment.body.id],
    );
    expect(membersBefore).toHaveLength(3);

    // The plan, generated from the shipped mapping; partial communes list their people, but one is left out.
    const rows = reform.rows.map((r) => ({ ...r, people: [...r.people] }));
    const partialCodes = [...new Set(rows.filter((r) => r.kind === 'partial').map((r) => r.oldCode))];
    expect(partialCodes.length).toBeGreaterThan(0);
    for (const code of partialCodes) {
      const own = rows.filter((r) => r.oldCode === code);
      peopleOf.get(code)!.forEach((p, i) => own[i % own.length].people.push(p));
    }
    const leftOut = peopleOf.get(partialCodes[0])![0];
    const first = rows.find((r) => r.oldCode === partialCodes[0] && r.people.includes(leftOut))!;
    first.people = first.people.filter((p) => p !== leftOut);

    const dry = await api(admin).upload('/api/v1/restructure-plans', planCsv(rows)).expect(201);
    expect(dry.body).toMatchObject({ status: 'ready', effectiveFrom: ON });
    expect(dry.body.dryRun.problems).toEqual([]);
    expect(dry.body.dryRun.counts.unassigned).toBe(1);
    const partial = dry.body.dryRun.partials.find((p: { code: string }) => p.code === partialCodes[0]);
    expect(partial.unassigned).toEqual([{ employeeCode: leftOut, fullName: `Nguyễn Văn ${leftOut}` }]);
    const newUnits = dry.body.dryRun.newUnits as Array<{ code: string; people: number; sources: unknown[] }>;
    const officialCommunes = officialUnits().filter((u) => u.parentCode === PROVINCE);
    expect(newUnits).toHaveLength(officialCommunes.length + 1);
    // Nothing changed by the dry run.
    expect((await treeAsOf(oldProvince.id, ON)).size).toBe(oldCommunes.size + 1);

    // Unplaced people: the commit is refused until the review rule is chosen.
    const refused = await api(admin).post(`/api/v1/restructure-plans/${dry.body.id}/commit`, {}).expect(409);
    expect(refused.body.message).toContain('1 people');
    await api(admin)
      .post(`/api/v1/restructure-plans/${dry.body.id}/commit`, { partialRule: 'first_for_review' })
      .expect(202);
    await waitJobs();
    const done = await api(admin).get(`/api/v1/restructure-plans/${dry.body.id}`).expect(200);
    expect(done.body).toMatchObject({ status: 'done', error: null });
    expect(done.body.report).toMatchObject({ created: officialCommunes.length + 1, forReviewCount: 1 });
    expect(done.body.report.forReview).toEqual([
      expect.objectContaining({ employeeCode: leftOut, fromCode: partialCodes[0] }),
    ]);

    // The tree as of 30 June 2025 is the old structure; as of 1 July the new one.
    const root = (await t.db.query(`SELECT id FROM org_unit WHERE code = 'VN'`))[0].id;
    const [newProvince] = await t.db.query(`SELECT id, name FROM org_unit WHERE code = $1`, [newUnitCode(PROVINCE)]);
    const oldTree = await treeAsOf(oldProvince.id, BEFORE);
    expect(oldTree).toEqual(
      new Map([
        [oldProvince.code, oldProvinceRow.oldName],
        ...[...oldCommunes.values()].map((u) => [u.code, u.name] as [string, string]),
      ]),
    );
    expect((await treeAsOf(root, BEFORE)).has(newUnitCode(PROVINCE))).toBe(false);
    const newTree = await treeAsOf(newProvince.id, ON);
    expect(newTree).toEqual(
      new Map([
        [newUnitCode(PROVINCE), reform.province.name],
        ...officialCommunes.map((u) => [newUnitCode(u.code), u.name] as [string, string]),
      ]),
    );
    expect((await treeAsOf(root, ON)).has(oldProvince.code)).toBe(false);

    // Every person in exactly one unit on each date; the sums per province are equal.
    for (const day of [BEFORE, ON, '2026-01-01']) {
      const counts = await t.db.query(
        `SELECT p.id, count(m.id)::int AS n FROM person p
           LEFT JOIN person_membership m ON m.person_id = p.id AND m.valid_from <= $1::date
                                        AND (m.valid_to IS NULL OR m.valid_to > $1::date)
          WHERE p.employee_code LIKE 'CB%' GROUP BY p.id`,
        [day],
      );
      expect(counts).toHaveLength(roster.length);
      expect(counts.filter((c: { n: number }) => c.n !== 1)).toEqual([]);
    }
    expect(await peopleAsOf(oldProvince.id, BEFORE)).toBe(roster.length);
    expect(await peopleAsOf(newProvince.id, ON)).toBe(roster.length);
    expect(await peopleAsOf(oldProvince.id, ON)).toBe(0);

    // Headcount declarations followed (2026: the new communes declare what the old ones did, in total).
    const [declared] = await t.db.query(
      `SELECT sum(h.headcount)::int AS n FROM unit_headcount h JOIN org_unit u ON u.id = h.unit_id
        WHERE u.code = ANY($1::text[]) AND u.status = 'active' AND h.year = 2026`,
      [officialCommunes.map((u) => newUnitCode(u.code))],
    );
    expect(Math.abs(declared.n - 5 * oldCommunes.size)).toBeLessThanOrEqual(partialCodes.length);
    // The assignment, the course and the organiser's grant follow the first commune to its successor.
    const [successor] = await t.db.query(`SELECT successor_id AS id FROM org_unit WHERE id = $1`, [firstOld.id]);
    const target =
      successor.id ??
      (
        await t.db.query(`SELECT unit_id AS id FROM person WHERE employee_code = $1`, [
          `${peopleOf.get(firstOld.code)![0]}`,
        ])
      )[0].id;
    const [a] = await t.db.query(`SELECT unit_id FROM assignment WHERE id = $1`, [assignment.body.id]);
    expect(a.unit_id).toBe(target);
    const [c] = await t.db.query(`SELECT owner_unit_id FROM course WHERE id = $1`, [course.id]);
    expect(c.owner_unit_id).toBe(target);
    const grants = await t.db.query(`SELECT scope_unit_id FROM account_grant WHERE account_id = $1`, [organiser.id]);
    expect(grants).toEqual([{ scope_unit_id: target }]);
    const membersAfter = await t.db.query(
      `SELECT person_id FROM assignment_member WHERE assignment_id = $1 ORDER BY 1`,
      [assignment.body.id],
    );
    expect(membersAfter.map((m: { person_id: string }) => m.person_id)).toEqual(
      expect.arrayContaining(membersBefore.map((m: { person_id: string }) => m.person_id)),
    );
    // Figures before the plan do not change: the old commune as of 30 June still has its three people.
    expect(await peopleAsOf(firstOld.id, BEFORE)).toBe(3);
  });

  it('moves sub-units with a merged unit, lets a plan move a divided unit’s sub-units away, keeps the closure right', async () => {
    const province = await t.given.unit();
    const a = await t.given.unit({ parent: province });
    const a1 = await t.given.unit({ parent: a });
    const b = await t.given.unit({ parent: province });
    const c = await t.given.unit({ parent: province });
    const c1 = await t.given.unit({ parent: c });
    const [x, y, z] = [
      await t.given.person({ unit: a1 }),
      await t.given.person({ unit: c }),
      await t.given.person({ unit: c }),
    ];
    await t.db.query(`UPDATE person_membership SET valid_from = '2024-01-01' WHERE person_id = ANY($1::uuid[])`, [
      [x.id, y.id, z.id],
    ]);
    // An assignment to B: whoever lands in its subtree (x with A1, y divided from C) is enrolled by the commit.
    const learnerRole = await t.given.roleId('PUBLIC_LEARNER');
    const course = await createPublishedCourse(t.db, { ownerUnit: b });
    const assignment = await api(admin)
      .post('/api/v1/assignments', { courseId: course.id, unitId: b.id, roleIds: [learnerRole], dueDate: '2027-12-31' })
      .expect(201);
    await waitJobs();
    const enrolled = async () =>
      (await t.db.query(`SELECT person_id FROM assignment_member WHERE assignment_id = $1`, [assignment.body.id])).map(
        (r: { person_id: string }) => r.person_id,
      );
    expect(await enrolled()).toEqual([]);
    const d = unique('NEWD');
    const dry = await api(admin)
      .upload(
        '/api/v1/restructure-plans',
        planCsv([
          row({ oldCode: a.code, newCode: b.code }),
          row({ oldCode: c.code, newCode: b.code, kind: 'partial', people: [y.employeeCode!] }),
          row({ oldCode: c.code, newCode: d, newName: 'Xã Mới', kind: 'partial', people: [z.employeeCode!] }),
          row({ oldCode: c1.code, newCode: c1.code, newParentCode: d }),
        ]),
      )
      .expect(201);
    expect(dry.body.dryRun.problems).toEqual([]);
    await api(admin).post(`/api/v1/restructure-plans/${dry.body.id}/commit`, {}).expect(202);
    await waitJobs();
    const done = await api(admin).get(`/api/v1/restructure-plans/${dry.body.id}`).expect(200);
    expect(done.body).toMatchObject({
      status: 'done',
      report: { created: 1, merged: 1, split: 1, moved: 1, people: 2 },
    });

    const [newD] = await t.db.query(`SELECT id FROM org_unit WHERE code = $1`, [d]);
    const parents = async (day: string) =>
      new Map(
        (
          await t.db.query(
            `SELECT code, parent_id AS "parentId" FROM org_unit_version
              WHERE unit_id = ANY($1::uuid[]) AND valid_from <= $2::date AND (valid_to IS NULL OR valid_to > $2::date)`,
            [[a.id, a1.id, b.id, c.id, c1.id, newD.id], day],
          )
        ).map((r: { code: string; parentId: string }) => [r.code, r.parentId]),
      );
    expect(await parents(BEFORE)).toEqual(
      new Map([
        [a.code, province.id],
        [a1.code, a.id],
        [b.code, province.id],
        [c.code, province.id],
        [c1.code, c.id],
      ]),
    );
    expect(await parents(ON)).toEqual(
      new Map([
        [a1.code, b.id],
        [b.code, province.id],
        [c1.code, newD.id],
        [d, province.id],
      ]),
    );
    // x stays in A1 (it moved with its unit); y and z went where the plan said.
    const units = await t.db.query(
      `SELECT person_id AS id, unit_id AS "unitId" FROM person_membership WHERE person_id = ANY($1::uuid[]) AND valid_to IS NULL`,
      [[x.id, y.id, z.id]],
    );
    expect(new Map(units.map((u: { id: string; unitId: string }) => [u.id, u.unitId]))).toEqual(
      new Map([
        [x.id, a1.id],
        [y.id, b.id],
        [z.id, newD.id],
      ]),
    );
    expect((await enrolled()).sort()).toEqual([x.id, y.id].sort());
    // The closure table is exactly the one the parents give (whole tree).
    const [diff] = await t.db.query(
      `WITH RECURSIVE up AS (
         SELECT id AS descendant_id, id AS ancestor_id, 0 AS depth, parent_id FROM org_unit
         UNION ALL SELECT up.descendant_id, p.id, up.depth + 1, p.parent_id FROM up JOIN org_unit p ON p.id = up.parent_id
       ), want AS (SELECT ancestor_id, descendant_id, depth FROM up)
       SELECT (SELECT count(*) FROM (SELECT * FROM want EXCEPT SELECT ancestor_id, descendant_id, depth FROM org_unit_closure) m)::int AS missing,
              (SELECT count(*) FROM (SELECT ancestor_id, descendant_id, depth FROM org_unit_closure EXCEPT SELECT * FROM want) e)::int AS extra`,
    );
    expect(diff).toEqual({ missing: 0, extra: 0 });
    const [under] = await t.db.query(
      `SELECT count(*)::int AS n FROM org_unit_closure WHERE ancestor_id = $1 AND descendant_id = $2`,
      [b.id, a1.id],
    );
    expect(under.n).toBe(1);
  });

  describe('bad plans', () => {
    let province: UnitResponse;
    let a: UnitResponse;
    let b: UnitResponse;
    let other: UnitResponse;
    beforeAll(async () => {
      province = await t.given.unit();
      a = await t.given.unit({ parent: province });
      b = await t.given.unit({ parent: province });
      other = await t.given.unit();
    });
    const upload = (token: string, rows: PlanRow[]) => api(token).upload('/api/v1/restructure-plans', planCsv(rows));
    const problems = (body: { dryRun: { problems: Array<{ row: number; code: string }> } }) =>
      body.dryRun.problems.map((p) => [p.row, p.code]);

    it('a unit outside the uploader’s subtree is a row error, and nothing is applied', async () => {
      const organiser = await t.given.tokenFor(
        await t.given.account({ permission: Permission.Organiser, scopeUnit: province }),
      );
      const outside = await t.given.unit({ parent: other });
      const res = await upload(organiser, [
        row({ oldCode: a.code, newCode: unique('NEW'), newName: 'Xã Mới' }),
        row({ oldCode: outside.code, newCode: unique('NEW'), newName: 'Xã Khác' }),
      ]).expect(201);
      expect(res.body.status).toBe('invalid');
      expect(problems(res.body)).toEqual([[3, 'old_unit_outside']]);
      await api(organiser).post(`/api/v1/restructure-plans/${res.body.id}/commit`, {}).expect(409);
      const [unit] = await t.db.query(`SELECT status FROM org_unit WHERE id = $1`, [a.id]);
      expect(unit.status).toBe('active');
      // and a neighbour cannot see the plan
      const neighbour = await t.given.tokenFor(
        await t.given.account({ permission: Permission.Organiser, scopeUnit: other }),
      );
      await api(neighbour).get(`/api/v1/restructure-plans/${res.body.id}`).expect(404);
      const list = await api(neighbour).get('/api/v1/restructure-plans').expect(200);
      expect(list.body.map((p: { id: string }) => p.id)).not.toContain(res.body.id);
    });

    it('a date before a unit’s current state is refused (400)', async () => {
      const u = await t.given.unit({ parent: province });
      await api(admin)
        .post(`/api/v1/units/${u.id}/rename`, { name: 'Xã Đổi', effectiveFrom: '2025-08-01' })
        .expect(200);
      const res = await upload(admin, [row({ oldCode: u.code, newCode: unique('NEW'), newName: 'Xã Mới' })]).expect(
        400,
      );
      expect(res.body.details).toEqual([{ field: 'effective_date', reason: `before 2025-08-01 (unit ${u.code})` }]);
    });

    it('an old unit in full into two new units is a row error', async () => {
      const res = await upload(admin, [
        row({ oldCode: a.code, newCode: unique('N1'), newName: 'Xã Một' }),
        row({ oldCode: a.code, newCode: unique('N2'), newName: 'Xã Hai' }),
      ]).expect(201);
      expect(problems(res.body)).toEqual([[3, 'full_into_two']]);
    });

    it('a cycle (A into B, B into A) is an error', async () => {
      const res = await upload(admin, [
        row({ oldCode: a.code, newCode: b.code }),
        row({ oldCode: b.code, newCode: a.code }),
      ]).expect(201);
      expect(res.body.status).toBe('invalid');
      expect(problems(res.body).map(([, code]) => code)).toEqual(['cycle', 'cycle']);
    });

    it('refuses a file without the required columns (400 naming them)', async () => {
      const res = await api(admin)
        .upload('/api/v1/restructure-plans', csvBuffer([['Mã đơn vị cũ'], ['X']]))
        .expect(400);
      expect(res.body.message).toContain('Ngày hiệu lực');
      await api(admin)
        .get('/api/v1/restructure-plans/template.csv')
        .expect(200)
        .expect('Content-Type', /text\/csv/);
    });
  });

  it('loads the history of a province before the reform (item 2): the tree as of 2024 shows the old units', async () => {
    const history = t.app.get(PreReformHistory);
    const result = await history.loadPreReformHistory('11');
    expect(result.alreadyLoaded).toBe(false);
    const reform = reformOfProvince('11');
    const [oldProvince] = await t.db.query(`SELECT id FROM org_unit WHERE code = $1`, [
      oldUnitCode('province', reform.oldProvinces[0].oldCode),
    ]);
    const old2024 = await treeAsOf(oldProvince.id, '2024-06-01');
    expect(old2024.size).toBe(1 + new Set(reform.oldCommunes.map((c) => c.oldCode)).size);
    const [newProvince] = await t.db.query(`SELECT id, admin_code FROM org_unit WHERE code = $1`, [newUnitCode('11')]);
    expect(newProvince.admin_code).toBe('11');
    expect((await treeAsOf(newProvince.id, ON)).size).toBe(
      1 + officialUnits().filter((u) => u.parentCode === '11').length,
    );
    // The old units carry the seed's codes (shared functions) and their old official codes, closed on the date.
    const firstOld = reform.oldCommunes[0];
    const [oldCommune] = await t.db.query(
      `SELECT admin_code AS "adminCode", status, closed_on::text AS "closedOn" FROM org_unit WHERE code = $1`,
      [oldUnitCode('commune', firstOld.oldCode)],
    );
    expect(oldCommune).toEqual({ adminCode: firstOld.oldCode, status: 'closed', closedOn: ON });
    expect((await history.loadPreReformHistory('11')).alreadyLoaded).toBe(true);
  });
});
