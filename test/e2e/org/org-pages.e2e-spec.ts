import { gzipSync } from 'node:zlib';
import { Permission } from '@app/common';
import { UnitResponse, UnitType } from '@app/org';
import { createTestApp, TestApp } from '../../setup/test-app';
import type { WebLogin } from '../../factories/identity';
import { CHANGE_LOG_WAIT_MS, peopleCountsCaughtUp } from '../../factories/people-counts';

// The units page reads the maintained people counts, folded from the change log behind the server's oldest
// transaction (shared server): the wait may be long.
jest.setTimeout(CHANGE_LOG_WAIT_MS + 60_000);

const PAGE_BUDGET_BYTES = 50 * 1024;
/** The page as a browser reads it: Handlebars escapes = and & inside attributes. */
const decoded = (res: { text: string }): string => res.text.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&');

/** The page without the phone cards' column names (data-label), to read a table row as written. */
const cells = (html: string): string => html.replace(/ data-label="[^"]*"/g, '');
describe('roster pages: units, people, a person, headcounts', () => {
  let t: TestApp;
  let roles: Record<string, string>;
  let province: UnitResponse;
  let commune: UnitResponse;
  let sibling: UnitResponse;
  let admin: string;
  let organiser: WebLogin;
  let rival: WebLogin;
  let nguyen: string;
  let outsider: string;

  const person = async (unitId: string, fullName: string, roleCodes: string[], extra: object = {}) => {
    const res = await t.http
      .post('/api/v1/people')
      .auth(admin, { type: 'bearer' })
      .send({ fullName, unitId, roleIds: roleCodes.map((c) => roles[c]), ...extra })
      .expect(201);
    return (res.body as { id: string }).id;
  };

  beforeAll(async () => {
    t = await createTestApp();
    const rows: Array<{ id: string; code: string }> = await t.db.query(`SELECT id, code FROM role`);
    roles = Object.fromEntries(rows.map((r) => [r.code, r.id]));
    admin = await t.given.tokenFor(await t.given.account({ permission: Permission.Admin }));
    province = await t.given.unit({ type: UnitType.Province, name: 'Tỉnh Vĩnh Long' });
    commune = await t.given.unit({ parent: province, name: 'Xã Mẫu Sơn' });
    sibling = await t.given.unit({ parent: province, name: 'Phường Đông Kinh' });
    nguyen = await person(commune.id, 'Nguyễn Văn An', ['HR_OFFICIAL'], {
      employeeCode: 'MS-001',
      email: 'an@example.vn',
    });
    await person(commune.id, 'Lê Thị Hoa', ['PROPAGANDIST']);
    outsider = await person(sibling.id, 'Nguyễn Thị Ngoài', ['HR_OFFICIAL']);
    organiser = await t.given.webLogin(
      await t.given.account({ permission: Permission.Organiser, scopeUnit: province }),
    );
    rival = await t.given.webLogin(await t.given.account({ permission: Permission.Organiser, scopeUnit: sibling }));
  });
  afterAll(() => t.close());

  it('shows the unit tree with drill-down, counts, breadcrumb, search and the tree as of a past date', async () => {
    await peopleCountsCaughtUp(t);
    const top = await organiser.agent.get('/units').expect(200);
    expect(top.text).toContain('<h1>Tỉnh Vĩnh Long</h1>');
    expect(top.text).toContain(`href="/units/${commune.id}">Xã Mẫu Sơn</a>`);
    expect(cells(top.text)).toMatch(/Xã Mẫu Sơn<\/a><\/th><td>[^<]+<\/td><td>[^<]+<\/td><td>2<\/td>/);
    expect(top.text).toContain('<caption>');

    const down = await organiser.agent.get(`/units/${commune.id}`).expect(200);
    expect(down.text).toContain(`<a href="/units/${province.id}">Tỉnh Vĩnh Long</a> › Xã Mẫu Sơn`);
    expect(decoded(down)).toContain(`/people?unit=${commune.code}&status=active`);
    expect(down.text).toContain(`/units/${commune.id}/headcounts`);

    const found = await organiser.agent.get('/units').query({ q: 'mau son' }).expect(200);
    expect(found.text).toContain(`href="/units/${commune.id}">Xã Mẫu Sơn</a>`);
    expect(found.text).not.toContain('Phường Đông Kinh</a>');

    await t.http
      .post(`/api/v1/units/${commune.id}/rename`)
      .auth(admin, { type: 'bearer' })
      .send({ name: 'Xã Mẫu Sơn Mới' })
      .expect(200);
    const now = await organiser.agent.get(`/units/${province.id}`).expect(200);
    expect(now.text).toContain('Xã Mẫu Sơn Mới</a>');
    const past = await organiser.agent.get(`/units/${province.id}`).query({ asOf: '2020-01-01' }).expect(200);
    expect(decoded(past)).toContain(`href="/units/${commune.id}?asOf=2020-01-01">Xã Mẫu Sơn</a>`);
    expect(past.text).not.toContain('Xã Mẫu Sơn Mới</a>');
    const before = await organiser.agent.get(`/units/${province.id}`).query({ asOf: '1990-01-01' }).expect(200);
    expect(before.text).toContain('role="alert"');
    await organiser.agent.get(`/units/${province.id}`).query({ asOf: '2024-02-31' }).expect(400);

    const english = await organiser.agent.get(`/units/${province.id}?lang=en`).expect(200);
    expect(english.text).toContain('<html lang="en">');
    expect(english.text).toContain('Sub-units');
    await organiser.agent.get('/?lang=vi').expect(200);
  });

  it('lists the roster with search ignoring diacritics, filters and paging that keeps them', async () => {
    const res = await organiser.agent.get('/people').query({ q: 'nguyen' }).expect(200);
    expect(res.text).toContain(`<a href="/people/${nguyen}">Nguyễn Văn An</a>`);
    expect(res.text).toContain('Nguyễn Thị Ngoài');
    for (const q of ['MS-001', 'an@example.vn', 'NGUYEN VAN']) {
      const byKey = await organiser.agent.get('/people').query({ q }).expect(200);
      expect(byKey.text).toContain('Nguyễn Văn An');
    }
    const inCommune = await organiser.agent.get('/people').query({ q: 'nguyen', unit: commune.code }).expect(200);
    expect(inCommune.text).not.toContain('Nguyễn Thị Ngoài');
    const byRole = await organiser.agent.get('/people').query({ role: roles.PROPAGANDIST }).expect(200);
    expect(byRole.text).toContain('Lê Thị Hoa');
    expect(byRole.text).not.toContain('Nguyễn Văn An');
    const left = await organiser.agent.get('/people').query({ status: 'left', q: '', unit: '' }).expect(200);
    expect(left.text).not.toContain('Nguyễn Văn An');
    const unknownUnit = await organiser.agent.get('/people').query({ unit: 'NO-SUCH' }).expect(400);
    expect(unknownUnit.text).toContain('role="alert"');
    await organiser.agent.get('/people').query({ status: 'retired' }).expect(400);

    const many = await t.given.unit({ parent: province });
    for (let i = 0; i < 51; i += 1) await person(many.id, `Phạm Văn Số ${i + 10}`, ['PROPAGANDIST']);
    const first = await organiser.agent.get('/people').query({ unit: many.code, q: 'pham' }).expect(200);
    expect((first.text.match(/<tr><th scope="row"><a href="\/people\//g) ?? []).length).toBe(50);
    // Next and previous pages through keyset cursors that keep the filters; ?page=N still opens the first pages.
    const next = /href="(\/people\?q=pham&unit=[^"&]+&cursor=[^"]+)" rel="next"/.exec(decoded(first))?.[1];
    expect(next).toBeDefined();
    expect(decoded(first)).not.toContain('rel="prev"');
    const second = await organiser.agent.get(next!).expect(200);
    expect((second.text.match(/<tr><th scope="row"><a href="\/people\//g) ?? []).length).toBe(1);
    expect(decoded(second)).not.toContain('rel="next"');
    const prev = /href="(\/people\?q=pham&unit=[^"&]+&cursor=[^"]+)" rel="prev"/.exec(decoded(second))?.[1];
    const back = await organiser.agent.get(prev!).expect(200);
    expect((back.text.match(/<tr><th scope="row"><a href="\/people\//g) ?? []).length).toBe(50);
    const byNumber = await organiser.agent.get(`/people?q=pham&unit=${many.code}&page=2`).expect(200);
    expect((byNumber.text.match(/<tr><th scope="row"><a href="\/people\//g) ?? []).length).toBe(1);
    await organiser.agent.get(`/people?q=pham&unit=${many.code}&page=21`).expect(400);
    await organiser.agent.get(`/people?q=pham&unit=${many.code}&cursor=${encodeURIComponent('x.y')}`).expect(400);

    const rivalList = await rival.agent.get('/people').query({ q: 'nguyen' }).expect(200);
    expect(rivalList.text).toContain('Nguyễn Thị Ngoài');
    expect(rivalList.text).not.toContain('Nguyễn Văn An');
  });

  it("shows a person's current data and history", async () => {
    const other = await t.given.unit({ parent: province, name: 'Xã Tân Lập' });
    const id = await person(commune.id, 'Đặng Thị Mai', ['LEGAL_RAPPORTEUR'], { effectiveFrom: '2024-01-01' });
    await t.http
      .post(`/api/v1/people/${id}/move`)
      .auth(admin, { type: 'bearer' })
      .send({ unitId: other.id, effectiveFrom: '2025-03-01' })
      .expect(200);
    const page = await organiser.agent.get(`/people/${id}`).expect(200);
    expect(page.text).toContain('<h1>Đặng Thị Mai</h1>');
    expect(page.text).toContain('Báo cáo viên pháp luật');
    expect(page.text).toMatch(/Xã Mẫu Sơn[^<]*<\/th><td>2024-01-01<\/td><td>2025-03-01<\/td>/);
    expect(page.text).toMatch(/Xã Tân Lập<\/th><td>2025-03-01<\/td><td>nay<\/td>/);
  });

  it("answers 404 for a sibling organiser's view of another unit or person, and 403 to a learner", async () => {
    await rival.agent.get(`/units/${commune.id}`).expect(404);
    await rival.agent.get(`/people/${nguyen}`).expect(404);
    await rival.agent.get(`/units/${commune.id}/headcounts`).expect(404);
    await rival.agent
      .post(`/units/${commune.id}/headcounts`)
      .type('form')
      .send({ _csrf: rival.csrf, year: '2025', [`h_${roles.HR_OFFICIAL}`]: '3' })
      .expect(404);
    await rival.agent.get(`/people/${outsider}`).expect(200);
    const learner = await t.given.webLogin(
      await t.given.account({ permission: Permission.Learner, scopeUnit: commune }),
    );
    await learner.agent.get('/units').expect(403);
    await learner.agent.get('/people').expect(403);
  });

  it('declares headcounts through the form: 303 and a confirmation, CSRF enforced, errors beside the fields', async () => {
    const form = await organiser.agent.get(`/units/${commune.id}/headcounts?year=2026`).expect(200);
    expect(form.text).toContain(`<label for="h_${roles.HR_OFFICIAL}">Cán bộ làm công tác quyền con người</label>`);
    expect(form.text).toContain('name="_csrf"');

    await organiser.agent
      .post(`/units/${commune.id}/headcounts`)
      .type('form')
      .send({ year: '2026', [`h_${roles.HR_OFFICIAL}`]: '4' })
      .expect(403);

    const saved = await organiser.agent
      .post(`/units/${commune.id}/headcounts`)
      .type('form')
      .send({ _csrf: organiser.csrf, year: '2026', [`h_${roles.HR_OFFICIAL}`]: '4', [`h_${roles.PROPAGANDIST}`]: '' })
      .expect(303);
    expect(saved.headers.location).toBe(`/units/${commune.id}/headcounts?year=2026&done=saved`);
    const after = await organiser.agent.get(saved.headers.location).expect(200);
    expect(after.text).toContain('Đã lưu số lượng khai báo.');
    expect(after.text).toContain('<strong>3</strong> khai báo nhưng chưa có trong danh sách');
    expect(after.text).toContain(
      `name="h_${roles.HR_OFFICIAL}" type="number" inputmode="numeric" min="0" max="100000" step="1" value="4"`,
    );

    const bad = await organiser.agent
      .post(`/units/${commune.id}/headcounts`)
      .type('form')
      .send({ _csrf: organiser.csrf, year: '2026', [`h_${roles.HR_OFFICIAL}`]: '-2', [`h_${roles.PROPAGANDIST}`]: '7' })
      .expect(400);
    expect(bad.text).toContain('role="alert"');
    expect(bad.text).toContain(`aria-describedby="h_${roles.HR_OFFICIAL}-error"`);
    expect(bad.text).toContain('value="-2"');
    const badYear = await organiser.agent
      .post(`/units/${commune.id}/headcounts`)
      .type('form')
      .send({ _csrf: organiser.csrf, year: '1999', [`h_${roles.HR_OFFICIAL}`]: '2' })
      .expect(400);
    expect(badYear.text).toContain('<strong>Năm</strong>');
    const stored: Array<{ headcount: number }> = await t.db.query(
      `SELECT headcount FROM unit_headcount WHERE unit_id = $1 ORDER BY headcount`,
      [commune.id],
    );
    expect(stored.map((s) => s.headcount)).toEqual([4]);

    const english = await organiser.agent.get(`/units/${commune.id}/headcounts?year=2026&lang=en`).expect(200);
    expect(english.text).toContain('declared but not on the roster');
    expect(english.text).toContain('Officials who work on human rights');
    await organiser.agent.get('/?lang=vi').expect(200);

    const agency = await t.given.webLogin(
      await t.given.account({ permission: Permission.Agency, scopeUnit: province }),
    );
    const readOnly = await agency.agent.get(`/units/${commune.id}/headcounts?year=2026`).expect(200);
    expect(readOnly.text).not.toContain('type="number"');
    expect(readOnly.text).toContain('<td>4</td>');
    await agency.agent
      .post(`/units/${commune.id}/headcounts`)
      .type('form')
      .send({ _csrf: agency.csrf, year: '2026', [`h_${roles.HR_OFFICIAL}`]: '1' })
      .expect(403);
  });

  it('keeps every roster page under 50 KB compressed', async () => {
    const sizes: Record<string, number> = {};
    for (const path of [
      '/units',
      `/units/${province.id}`,
      `/units/${province.id}?asOf=2020-01-01`,
      '/units?q=xa',
      '/people',
      `/people/${nguyen}`,
      `/units/${commune.id}/headcounts`,
    ]) {
      const res = await organiser.agent.get(path).expect(200);
      sizes[path] = gzipSync(Buffer.from(res.text)).length;
    }
    expect(Object.entries(sizes).filter(([, size]) => size > PAGE_BUDGET_BYTES)).toEqual([]);
  });

  it('counts a unit’s people as the people list it links to does, and says who is left out', async () => {
    const gone = await person(commune.id, 'Trần Văn Nghỉ', ['PROPAGANDIST']);
    await t.http
      .post(`/api/v1/people/${gone}/status`)
      .auth(admin, { type: 'bearer' })
      .send({ status: 'left' })
      .expect(200);
    const unit = await organiser.agent.get(`/units/${commune.id}`).expect(200);
    const count = Number(
      /Số người đang công tác \(cả đơn vị trực thuộc\): <strong>(\d+)<\/strong>/.exec(unit.text)?.[1],
    );
    expect(unit.text).toContain('người nghỉ phép hoặc đã nghỉ vẫn có trong danh sách cán bộ');
    const active = await organiser.agent.get('/people').query({ unit: commune.code, status: 'active' }).expect(200);
    const all = await organiser.agent.get('/people').query({ unit: commune.code }).expect(200);
    const rows = (html: string) => (html.match(/<tr><th scope="row"><a href="\/people\//g) ?? []).length;
    expect(rows(active.text)).toBe(count);
    expect(rows(all.text)).toBe(count + 1);
    expect(all.text).toContain('Trần Văn Nghỉ');
    expect(active.text).not.toContain('Trần Văn Nghỉ');
  });
});
