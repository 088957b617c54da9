import { randomUUID } from 'node:crypto';
import { Permission } from '@app/common';
import { InProcessJobExecutor } from '@app/jobs';
import { ROSTER_COLUMNS, UnitType } from '@app/org';
import { createPublishedCourse } from '../../factories/courses';
import { unique } from '../../factories/given';
import { csvBuffer } from '../../fixtures/import/roster-files';
import { createTestApp, TestApp } from '../../setup/test-app';

const HEADER = ROSTER_COLUMNS.map((c) => c.headerVi);

/** Outside the caller's scope, things answer exactly as if they did not exist (issue 16, point 9). */
describe('existence leaks: another subtree answers as the unknown', () => {
  let t: TestApp;
  let provinceA: { id: string; code: string };
  let provinceB: { id: string; code: string };
  let communeB: { id: string; code: string };
  let organiserA: string;

  beforeAll(async () => {
    t = await createTestApp();
    provinceA = await t.given.unit();
    provinceB = await t.given.unit();
    communeB = await t.given.unit({ parent: provinceB });
    organiserA = await t.given.tokenFor(
      await t.given.account({ permission: Permission.Organiser, scopeUnit: provinceA }),
    );
  });
  afterAll(() => t.close());

  /** Status and body, with the id asked for replaced by a placeholder. */
  const answer = (res: { status: number; body: unknown }, id: string) => ({
    status: res.status,
    body: JSON.parse(JSON.stringify(res.body).split(id).join('<id>')) as unknown,
  });

  it("answers another subtree's lesson and module exactly as unknown ones, without naming the course", async () => {
    const course = await createPublishedCourse(t.db, { ownerUnit: provinceB });
    const unknown = randomUUID();
    const as = (path: (id: string) => string, id: string, send?: object) => {
      const req = send
        ? t.http.patch(path(id)).send(send).auth(organiserA, { type: 'bearer' })
        : t.http.get(path(id)).auth(organiserA, { type: 'bearer' });
      return req.then((res) => answer(res, id));
    };
    const cases: Array<[(id: string) => string, string, object?]> = [
      [(id) => `/api/v1/lessons/${id}`, course.lessonIds[0]],
      [(id) => `/api/v1/lessons/${id}`, course.lessonIds[0], { title: 'Đổi tên' }],
      [(id) => `/api/v1/modules/${id}`, course.moduleIds[0], { title: 'Đổi tên' }],
    ];
    for (const [path, foreignId, body] of cases) {
      const foreign = await as(path, foreignId, body);
      expect(foreign.status).toBe(404);
      expect(JSON.stringify(foreign.body)).not.toContain(course.id);
      expect(foreign).toEqual(await as(path, unknown, body));
    }
  });

  it("refuses a unit code used in another subtree exactly as one used in one's own: 409 'not available'", async () => {
    const ownCommune = await t.given.unit({ parent: provinceA });
    const create = (code: string) =>
      t.http
        .post('/api/v1/units')
        .auth(organiserA, { type: 'bearer' })
        .send({ code, name: 'Xã Mới Lập', type: UnitType.Commune, parentId: provinceA.id })
        .then((res) => answer(res, code));
    const foreign = await create(communeB.code);
    expect(foreign).toEqual(await create(ownCommune.code));
    expect(foreign.status).toBe(409);
    expect(foreign.body).toMatchObject({
      message: 'code <id> is not available: choose another code',
      details: [{ field: 'code', reason: 'not available' }],
    });
    expect(JSON.stringify(foreign.body)).not.toMatch(/exist/);
  });

  it("reports another subtree's unit code in an import row exactly as an unknown code", async () => {
    const unknownCode = unique('NOPE');
    const row = (unitCode: string): string[] =>
      ROSTER_COLUMNS.map((c) =>
        c.key === 'employee_code'
          ? unique('E')
          : c.key === 'full_name'
            ? 'Phạm Thị Dung'
            : c.key === 'unit_code'
              ? unitCode
              : c.key === 'roles'
                ? 'HR_OFFICIAL'
                : '',
      );
    const res = await t.http
      .post('/api/v1/roster-imports')
      .query({ mode: 'dry_run' })
      .auth(organiserA, { type: 'bearer' })
      .attach('file', csvBuffer([HEADER, row(communeB.code), row(unknownCode)]), 'danh-sach.csv')
      .expect(202);
    await t.app.get(InProcessJobExecutor).onIdle();
    const done = await t.http
      .get(`/api/v1/roster-imports/${res.body.id}`)
      .auth(organiserA, { type: 'bearer' })
      .expect(200);
    const [foreign, unknown] = done.body.problems as Array<Record<string, unknown>>;
    const shape = (p: Record<string, unknown>, code: string) =>
      JSON.parse(
        JSON.stringify({ ...p, row: 0 })
          .split(code)
          .join('<code>'),
      ) as unknown;
    expect(shape(foreign, communeB.code)).toEqual(shape(unknown, unknownCode));
    expect(foreign).toMatchObject({
      field: 'unit_code',
      code: 'unknown_unit',
      reason: `no unit has code ${communeB.code}`,
    });
  });
});
