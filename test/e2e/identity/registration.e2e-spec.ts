import request from 'supertest';
import { Permission } from '@app/common';
import { InProcessJobExecutor } from '@app/jobs';
import { UnitResponse, UnitType } from '@app/org';
import { createPublishedCourse } from '../../factories/courses';
import { createTestApp, TestApp } from '../../setup/test-app';

const csrfOf = (html: string): string => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
const PASSWORD = 'mật khẩu đủ mười hai ký tự';

let ipSeq = 0;
/** Each test registers from its own address, so the per-IP limit of one test does not leak into another. */
const nextIp = (): string => `203.0.113.${++ipSeq}`;

describe('public registration: /register', () => {
  let t: TestApp;
  let province: UnitResponse;
  let commune: UnitResponse;

  beforeAll(async () => {
    t = await createTestApp();
    province = await t.given.unit({ type: UnitType.Province, name: 'Tỉnh Thử Nghiệm' });
    commune = await t.given.unit({ parent: province, name: 'Phường Ba Đình Mới', code: 'P-BADINH-MOI' });
  });
  afterAll(() => t.close());

  /** A fresh browser from `ip`: opens the form and posts it. */
  const register = async (form: Record<string, string>, ip: string) => {
    const agent = request.agent(t.app.getHttpServer());
    const page = await agent.get('/register').set('X-Forwarded-For', ip).expect(200);
    const res = await agent
      .post('/register')
      .set('X-Forwarded-For', ip)
      .type('form')
      .send({ _csrf: csrfOf(page.text), password: PASSWORD, passwordConfirm: PASSWORD, ...form });
    return { agent, res };
  };

  const personOf = async (login: string) => {
    const [row] = await t.db.query(
      `SELECT p.id, p.full_name, p.email, p.unit_id, p.status, p.account_id, a.home_unit_id,
              (SELECT array_agg(r.code) FROM person_role pr JOIN role r ON r.id = pr.role_id WHERE pr.person_id = p.id) AS roles,
              (SELECT count(*)::int FROM person_membership m WHERE m.person_id = p.id) AS memberships,
              (SELECT json_agg(json_build_object('permission', g.permission, 'scope', g.scope_unit_id))
                 FROM account_grant g WHERE g.account_id = a.id) AS grants
         FROM account a JOIN person p ON p.account_id = a.id WHERE a.login = $1`,
      [login],
    );
    return row;
  };

  it('registers a public learner with no commune: NFC name, learner over the country, logged in', async () => {
    const { agent, res } = await register(
      { fullName: '  Nguyễn   Thị Ngọc Ánh '.normalize('NFD'), email: 'Anh.Nguyen@Example.VN', login: 'ngocanh' },
      nextIp(),
    );
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/');
    expect((await agent.get('/').expect(200)).text).toContain('Nguyễn Thị Ngọc Ánh');

    const [root] = await t.db.query(`SELECT id FROM org_unit WHERE code = 'VN'`);
    const person = await personOf('ngocanh');
    expect(person).toMatchObject({
      full_name: 'Nguyễn Thị Ngọc Ánh'.normalize('NFC'),
      email: 'anh.nguyen@example.vn',
      unit_id: null,
      status: 'active',
      home_unit_id: null,
      roles: ['PUBLIC_LEARNER'],
      memberships: 0,
      grants: [{ permission: 'learner', scope: root.id }],
    });
    const token = await t.given.tokenFor({ login: 'anh.nguyen@example.vn', password: PASSWORD });
    await t.http.get('/api/v1/auth/me').auth(token, { type: 'bearer' }).expect(200);
    const audit = await t.db.query(
      `SELECT action FROM audit_log WHERE entity_id = ANY($1) AND action <> 'auth.login' ORDER BY id`,
      [[person.id, person.account_id]],
    );
    expect(audit.map((a: { action: string }) => a.action)).toEqual(['account.register', 'person.create']);
  });

  it('places the learner in the commune given by code or by name without diacritics', async () => {
    const byCode = await register(
      { fullName: 'Lê Văn Hùng', email: 'hung@example.vn', login: 'levanhung', commune: 'p-badinh-moi' },
      nextIp(),
    );
    expect(byCode.res.status).toBe(303);
    expect(await personOf('levanhung')).toMatchObject({
      unit_id: commune.id,
      home_unit_id: commune.id,
      memberships: 1,
      grants: [{ permission: 'learner', scope: commune.id }],
    });
    const byName = await register(
      { fullName: 'Trịnh Thu Trang', email: 'trang@example.vn', login: 'thutrang', commune: 'phuong ba dinh moi' },
      nextIp(),
    );
    expect(byName.res.status).toBe(303);
    expect((await personOf('thutrang')).unit_id).toBe(commune.id);
    const [p] = await t.db.query(`SELECT province_unit_id FROM person WHERE unit_id = $1 LIMIT 1`, [commune.id]);
    expect(p.province_unit_id).toBe(province.id);
  });

  it('enrols a registrant whose commune and role match an open assignment in the registration itself', async () => {
    const ward = await t.given.unit({ parent: province, name: 'Phường Có Giao Khóa', code: 'P-GIAO-KHOA' });
    const course = await createPublishedCourse(t.db);
    const admin = await t.given.tokenFor(await t.given.account({ permission: Permission.Admin }));
    const publicLearner = await t.given.roleId('PUBLIC_LEARNER');
    const dueDate = `${Number(t.clock.today().slice(0, 4)) + 1}-06-30`;
    const assigned = await t.http
      .post('/api/v1/assignments')
      .auth(admin, { type: 'bearer' })
      .send({ courseId: course.id, unitId: province.id, roleIds: [publicLearner], dueDate });
    expect(assigned.status).toBe(201);
    await t.app.get(InProcessJobExecutor).onIdle(); // the assignment's own enrolment job, before the registration
    const jobsBefore = await t.db.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM job_run`);

    const { res } = await register(
      { fullName: 'Đỗ Minh Châu', email: 'chau@example.vn', login: 'minhchau', commune: 'P-GIAO-KHOA' },
      nextIp(),
    );
    expect(res.status).toBe(303);
    // Right after the response, with no job run since (no nightly sync): the roster listeners ran in its transaction.
    const person = await personOf('minhchau');
    expect(person.unit_id).toBe(ward.id);
    const enrolled = await t.db.query(`SELECT id FROM enrolment WHERE person_id = $1 AND course_id = $2`, [
      person.id,
      course.id,
    ]);
    expect(enrolled).toHaveLength(1);
    expect(await t.db.query(`SELECT count(*)::int AS n FROM job_run`)).toEqual(jobsBefore);
    const [joined] = await t.db.query(
      `SELECT kind, unit_id AS "unitId", payload FROM roster_change WHERE person_id = $1`,
      [person.id],
    );
    expect(joined).toEqual({
      kind: 'person_joined',
      unitId: ward.id,
      payload: { roleIds: [publicLearner], status: 'active' },
    });
  });

  it('refuses registration while the public learner role is retired (409), and keeps no account', async () => {
    await t.db.query(`UPDATE role SET retired_at = now() WHERE code = 'PUBLIC_LEARNER'`);
    try {
      const { res } = await register({ fullName: 'Vũ Thị Lan', email: 'lan@example.vn', login: 'vuthilan' }, nextIp());
      expect(res.status).toBe(409);
      expect(res.text).toContain('public registration is closed');
    } finally {
      await t.db.query(`UPDATE role SET retired_at = NULL WHERE code = 'PUBLIC_LEARNER'`);
    }
    expect(await t.db.query(`SELECT id FROM account WHERE login = 'vuthilan'`)).toEqual([]);
    expect(await t.db.query(`SELECT id FROM person WHERE email = 'lan@example.vn'`)).toEqual([]);
  });

  it('refuses an unknown or ambiguous commune on the form (400) and creates nothing', async () => {
    const other = await t.given.unit({ type: UnitType.Province });
    await t.given.unit({ parent: province, name: 'Xã Trùng Tên', code: 'XA-TT-1' });
    await t.given.unit({ parent: other, name: 'Xã Trùng Tên', code: 'XA-TT-2' });
    const ip = nextIp();
    const unknown = await register(
      { fullName: 'Mai Anh', email: 'maianh@example.vn', login: 'maianh', commune: 'Không Có' },
      ip,
    );
    expect(unknown.res.status).toBe(400);
    expect(unknown.res.text).toContain('no commune with this code or name');
    const ambiguous = await register(
      { fullName: 'Mai Anh', email: 'maianh@example.vn', login: 'maianh', commune: 'xa trung ten' },
      ip,
    );
    expect(ambiguous.res.status).toBe(400);
    expect(ambiguous.res.text).toContain('XA-TT-1');
    expect(ambiguous.res.text).toContain('XA-TT-2');
    expect(ambiguous.res.text).toContain('value="Mai Anh"'); // the form keeps what was typed, never the password
    expect(ambiguous.res.text).not.toContain(PASSWORD);
    const [n] = await t.db.query(`SELECT count(*)::int AS n FROM account WHERE login = 'maianh'`);
    expect(n.n).toBe(0);
  });

  it('keeps e-mails and logins unique (409 on the form), ignoring case', async () => {
    const ip = nextIp();
    expect(
      (await register({ fullName: 'Phan Văn Đạt', email: 'dat@example.vn', login: 'phanvandat' }, ip)).res.status,
    ).toBe(303);
    const sameEmail = await register({ fullName: 'Phan Văn Đạt', email: 'DAT@example.vn', login: 'dat2' }, ip);
    expect(sameEmail.res.status).toBe(409);
    expect(sameEmail.res.text).toContain('role="alert"');
    expect(sameEmail.res.text).toMatch(/<strong>email<\/strong>: already used/);
    const sameLogin = await register({ fullName: 'Người Khác', email: 'khac@example.vn', login: 'PhanVanDat' }, ip);
    expect(sameLogin.res.status).toBe(409);
    expect(sameLogin.res.text).toMatch(/<strong>login<\/strong>: already used/);
    const [n] = await t.db.query(
      `SELECT count(*)::int AS n FROM person WHERE email IN ('dat@example.vn', 'khac@example.vn')`,
    );
    expect(n.n).toBe(1);
  });

  it('refuses a short password, a mismatch or a bad e-mail with the reason (400), and a post without CSRF (403)', async () => {
    const ip = nextIp();
    const short = await register(
      { fullName: 'Hà Văn Thu', email: 'thu@example.vn', login: 'havanthu', password: 'ngắn', passwordConfirm: 'ngắn' },
      ip,
    );
    expect(short.res.status).toBe(400);
    expect(short.res.text).toContain('password must be 12 to 256 characters');
    const mismatch = await register(
      { fullName: 'Hà Văn Thu', email: 'thu@example.vn', login: 'havanthu', passwordConfirm: `${PASSWORD}x` },
      ip,
    );
    expect(mismatch.res.status).toBe(400);
    expect(mismatch.res.text).toContain('does not match the password');
    const badEmail = await register({ fullName: 'Hà Văn Thu', email: 'không phải email', login: 'havanthu' }, ip);
    expect(badEmail.res.status).toBe(400);
    expect(badEmail.res.text).toContain('email must be an e-mail address');
    await request(t.app.getHttpServer())
      .post('/register')
      .type('form')
      .send({
        fullName: 'Hà Văn Thu',
        email: 'thu@example.vn',
        login: 'havanthu',
        password: PASSWORD,
        passwordConfirm: PASSWORD,
      })
      .expect(403);
    const [n] = await t.db.query(`SELECT count(*)::int AS n FROM account WHERE login = 'havanthu'`);
    expect(n.n).toBe(0);
  });

  it('allows 5 registrations per IP per hour: the 6th is 429, another IP is fine, and an hour later it works', async () => {
    const ip = nextIp();
    for (let i = 1; i <= 5; i++) {
      const { res } = await register(
        { fullName: `Học Viên Số ${i}`, email: `hv${i}@example.vn`, login: `hocvien${i}` },
        ip,
      );
      expect(res.status).toBe(303);
    }
    const sixth = await register({ fullName: 'Học Viên Số Sáu', email: 'hv6@example.vn', login: 'hocvien6' }, ip);
    expect(sixth.res.status).toBe(429);
    expect(sixth.res.text).toContain('role="alert"');
    expect(sixth.res.text).toContain('quá nhiều lượt đăng ký');
    const [n] = await t.db.query(`SELECT count(*)::int AS n FROM account WHERE login = 'hocvien6'`);
    expect(n.n).toBe(0);

    const elsewhere = await register(
      { fullName: 'Học Viên Khác', email: 'hv7@example.vn', login: 'hocvien7' },
      nextIp(),
    );
    expect(elsewhere.res.status).toBe(303);
    t.clock.advanceMinutes(61);
    const later = await register({ fullName: 'Học Viên Số Sáu', email: 'hv6@example.vn', login: 'hocvien6' }, ip);
    expect(later.res.status).toBe(303);
  });

  it('serves a small, accessible form', async () => {
    const page = await request(t.app.getHttpServer()).get('/register').expect(200);
    expect(page.text).toContain('<label for="commune">');
    expect(page.text).toContain('name="_csrf"');
    expect(Buffer.byteLength(page.text)).toBeLessThan(50 * 1024);
  });
});
