import { Permission } from '@app/common';
import { InProcessJobExecutor } from '@app/jobs';
import { createTestApp, TestApp } from '../../setup/test-app';

// Issue 16, points 7 and 8: one validation layer (control characters, dates, numbers, JSON depth) and one text
// normaliser (NFC, invisible characters stripped, empty-after-stripping refused) on every route and the importer.
describe('bad input answers 400 naming the field, never 500', () => {
  let t: TestApp;
  let token: string;
  let roleId: string;
  let province: { id: string };
  let web: Awaited<ReturnType<TestApp['given']['webLogin']>>;
  const auth = (r: import('supertest').Test) => r.auth(token, { type: 'bearer' });

  beforeAll(async () => {
    t = await createTestApp();
    province = await t.given.unit();
    const admin = await t.given.account({ permission: Permission.Admin });
    token = await t.given.tokenFor(admin);
    web = await t.given.webLogin(admin);
    roleId = await t.given.roleId('HR_OFFICIAL');
  });
  afterAll(() => t.close());

  const field = (res: { body: { details?: Array<{ field: string }> } }) => res.body.details?.[0]?.field;

  it.each(['/api/v1/people', '/api/v1/units', '/api/v1/accounts'])('%s?q=%00 → 400 naming q', async (path) => {
    const res = await auth(t.http.get(`${path}?q=%00`)).expect(400);
    expect(res.body).toMatchObject({
      statusCode: 400,
      details: [{ field: 'q', reason: expect.stringContaining('U+0000') }],
    });
  });

  it.each(['/people', '/units', '/accounts'])('page %s?q=%00 → an HTML 400 page', async (path) => {
    const res = await web.agent.get(`${path}?q=%00`).set('Accept', 'text/html').expect(400);
    expect(res.headers['content-type']).toMatch(/text\/html/);
  });

  it('refuses a NUL or an escape character in every text field of a body', async () => {
    const nul = 'Lê Văn\u0000 Tám';
    expect(
      field(
        await auth(t.http.post('/api/v1/people'))
          .send({ fullName: nul, unitId: province.id, roleIds: [roleId] })
          .expect(400),
      ),
    ).toBe('fullName');
    expect(
      field(
        await auth(t.http.post('/api/v1/units'))
          .send({ code: 'X1', name: nul, type: 'commune', parentId: province.id })
          .expect(400),
      ),
    ).toBe('name');
    const account = {
      login: 'nul.test',
      displayName: 'Người \u001b Thử',
      password: 'mật khẩu dài lắm',
      homeUnitId: province.id,
    };
    expect(field(await auth(t.http.post('/api/v1/accounts')).send(account).expect(400))).toBe('displayName');
    expect(
      field(
        await auth(t.http.post('/api/v1/accounts'))
          .send({ ...account, displayName: 'Người Thử', login: 'a\u0000b' })
          .expect(400),
      ),
    ).toBe('login');
    const count = await t.db.query(`SELECT count(*)::int AS n FROM person WHERE full_name LIKE 'Lê Văn%'`);
    expect(count[0].n).toBe(0);
  });

  it('bounds every date: year 0000 and 9999 are refused, not sent to PostgreSQL', async () => {
    const res = await auth(t.http.post('/api/v1/people'))
      .send({ fullName: 'Lê Văn Tám', unitId: province.id, roleIds: [roleId], birthDate: '0000-01-01' })
      .expect(400);
    expect(field(res)).toBe('birthDate');
    const root = (await t.db.query(`SELECT id FROM org_unit WHERE parent_id IS NULL`))[0].id as string;
    expect(field(await auth(t.http.get(`/api/v1/units/${root}/tree?asOf=0000-01-01`)).expect(400))).toBe('asOf');
    await web.agent.get('/units?asOf=0000-01-01').set('Accept', 'text/html').expect(400);
  });

  it('refuses numbers past their bounds', async () => {
    for (const path of ['/api/v1/people', '/api/v1/units', '/api/v1/accounts', '/api/v1/jobs']) {
      const res = await auth(t.http.get(`${path}?offset=9223372036854775808`)).expect(400);
      expect(field(res)).toBe('offset');
    }
    await web.agent.get('/people?page=9223372036854775808').set('Accept', 'text/html').expect(400);
  });

  it('refuses JSON nested 5,000 levels with a 400, before parsing it', async () => {
    const deep = '{"a":'.repeat(5000) + '1' + '}'.repeat(5000);
    const res = await auth(t.http.post('/api/v1/people'))
      .set('Content-Type', 'application/json')
      .send(deep)
      .expect(400);
    expect(res.body.message).toMatch(/nested deeper than 32 levels/);
    const shallow = { fullName: 'Lê Văn Tám', unitId: province.id, roleIds: [roleId], x: [[[[[[1]]]]]] };
    expect(field(await auth(t.http.post('/api/v1/people')).send(shallow).expect(400))).toBe('x'); // unknown field, not depth
  });
});

describe('one text normaliser for names, on the API and the importer', () => {
  let t: TestApp;
  let token: string;
  let roleId: string;
  let unit: { id: string };
  const post = (body: object) => t.http.post('/api/v1/people').auth(token, { type: 'bearer' }).send(body);

  beforeAll(async () => {
    t = await createTestApp();
    unit = await t.given.unit();
    token = await t.given.tokenFor(await t.given.account({ permission: Permission.Admin }));
    roleId = await t.given.roleId('HR_OFFICIAL');
  });
  afterAll(() => t.close());

  it.each([
    ['zero-width spaces only', '\u200b\u200b\u200b\u200b'],
    ['combining marks only', '\u0301\u0303\u0309'],
    ['digits only', '12345'],
  ])('refuses a name made of %s', async (_label, fullName) => {
    const res = await post({ fullName, unitId: unit.id, roleIds: [roleId] }).expect(400);
    expect(res.body.details[0].field).toBe('fullName');
  });

  it('strips zero-width and bidi controls, so search finds the name', async () => {
    const res = await post({
      fullName: 'Nguy\u200bễn \u202eVăn\u202c Bình\ufeff',
      unitId: unit.id,
      roleIds: [roleId],
    }).expect(201);
    expect(res.body.fullName).toBe('Nguyễn Văn Bình');
    const found = await t.http
      .get('/api/v1/people')
      .query({ q: 'nguyen van binh' })
      .auth(token, { type: 'bearer' })
      .expect(200);
    expect(found.body.items.map((p: { id: string }) => p.id)).toContain(res.body.id);
    const unitRes = await t.http
      .post('/api/v1/units')
      .auth(token, { type: 'bearer' })
      .send({ code: 'ZW1', name: 'Xã\u200d Mẫu\u2066 Sơn', type: 'commune', parentId: unit.id })
      .expect(201);
    expect(unitRes.body.name).toBe('Xã Mẫu Sơn');
  });

  it('applies the importer e-mail rule on the API: a formula-like address is refused', async () => {
    const res = await post({
      fullName: 'Trần Thị Mai',
      unitId: unit.id,
      roleIds: [roleId],
      email: '=1+2@example.vn',
    }).expect(400);
    expect(res.body.details[0].field).toBe('email');
    await post({ fullName: 'Trần Thị Mai', unitId: unit.id, roleIds: [roleId], email: 'Mai.Tran@Example.VN' })
      .expect(201)
      .expect((r) => expect(r.body.email).toBe('mai.tran@example.vn'));
  });
  it('the round trip is exact: people written through the API export and re-import unchanged', async () => {
    const commune = await t.given.unit({ parent: unit });
    const people = [
      {
        fullName: 'Ngô\u200b  Thị\u00a0Hà',
        employeeCode: 'RT-1',
        positionTitle: 'Chuyên viên\u200d',
        email: 'Ha.Ngo@Xa.VN',
      },
      { fullName: 'Đinh Văn\u202e Khải', employeeCode: 'RT-2', phone: '0912 345 678', birthDate: '1980-05-01' },
    ];
    for (const p of people) await post({ ...p, unitId: commune.id, roleIds: [roleId] }).expect(201);
    const exported = await t.http
      .get('/api/v1/roster/export.csv')
      .query({ unitId: commune.id, includeContact: 'true', purpose: 'kiểm tra xuất rồi nhập lại' })
      .auth(token, { type: 'bearer' })
      .expect(200);
    expect(exported.text).toContain('Ngô Thị Hà');
    const batch = await t.http
      .post('/api/v1/roster-imports')
      .query({ mode: 'dry_run' })
      .auth(token, { type: 'bearer' })
      .attach('file', Buffer.from(exported.text, 'utf8'), 'xuat.csv')
      .expect(202);
    await t.app.get(InProcessJobExecutor).onIdle();
    const done = await t.http
      .get(`/api/v1/roster-imports/${batch.body.id}`)
      .auth(token, { type: 'bearer' })
      .expect(200);
    expect(done.body.counts).toMatchObject({ rows: 2, valid: 2, invalid: 0, created: 0, updated: 0, unchanged: 2 });
  });
});
