import { gzipSync } from 'node:zlib';
import { Permission } from '@app/common';
import { InProcessJobExecutor } from '@app/jobs';
import { UnitResponse, UnitType } from '@app/org';
import { createPublishedCourse, GivenCourse } from '../../factories/courses';
import type { WebLogin } from '../../factories/identity';
import { createTestApp, TestApp } from '../../setup/test-app';

jest.setTimeout(60_000); // a loaded CI machine runs the set-up slowly

const PAGE_BUDGET_BYTES = 50 * 1024;
const DAY = 24 * 3600_000;
/** The page as a browser reads it: Handlebars escapes = and & inside attributes. */
const decoded = (res: { text: string }): string => res.text.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&');

/** The page without the phone cards' column names (data-label), to read a table row as written. */
const cells = (html: string): string => html.replace(/ data-label="[^"]*"/g, '');
describe('assignment pages: /assignments and /assignments/:id', () => {
  let t: TestApp;
  let province: UnitResponse;
  let communes: UnitResponse[];
  let district: UnitResponse;
  let inDistrict: UnitResponse;
  let sibling: UnitResponse;
  let course: GivenCourse;
  let hr: string;
  let prop: string;
  let organiser: WebLogin;
  let rival: WebLogin;
  let agency: WebLogin;

  const plusDays = (n: number): string => new Date(t.clock.now().getTime() + n * DAY).toISOString().slice(0, 10);
  /** A urlencoded body with repeated keys, as a browser sends checkboxes. */
  const form = (fields: Array<[string, string]>): string => new URLSearchParams(fields).toString();
  const submit = (who: WebLogin, fields: Array<[string, string]>) =>
    who.agent
      .post('/assignments')
      .type('form')
      .send(form([['_csrf', who.csrf], ...fields]));

  beforeAll(async () => {
    t = await createTestApp();
    province = await t.given.unit({ type: UnitType.Province, name: 'Tỉnh Vĩnh Long' });
    // a province with many communes: the progress page must stay small and usable
    communes = [];
    for (let i = 0; i < 110; i++) {
      communes.push(await t.given.unit({ parent: province, name: `Xã Số ${String(i + 1).padStart(3, '0')}` }));
    }
    district = await t.given.unit({ parent: province, type: UnitType.District, name: 'Huyện Mẫu' });
    inDistrict = await t.given.unit({ parent: district, name: 'Xã Trong Huyện' });
    sibling = await t.given.unit({ type: UnitType.Province, name: 'Tỉnh Bên Cạnh' });
    hr = await t.given.roleId('HR_OFFICIAL');
    prop = await t.given.roleId('PROPAGANDIST');
    for (const unit of [communes[0], communes[0], communes[1], inDistrict]) {
      await t.given.person({ unit, roles: ['HR_OFFICIAL'] });
    }
    await t.given.person({ unit: communes[2], roles: ['PROPAGANDIST'] });
    course = await createPublishedCourse(t.db, { title: 'Truyền thông về quyền con người' });
    organiser = await t.given.webLogin(
      await t.given.account({ permission: Permission.Organiser, scopeUnit: province }),
    );
    rival = await t.given.webLogin(await t.given.account({ permission: Permission.Organiser, scopeUnit: sibling }));
    agency = await t.given.webLogin(await t.given.account({ permission: Permission.Agency, scopeUnit: province }));
  }, 180_000);
  afterAll(() => t.close());

  let assignmentId: string;

  it('shows the form with the published courses, the roles, the caller’s unit and a CSRF token', async () => {
    const page = await organiser.agent.get('/assignments').expect(200);
    expect(page.text).toContain('<h1>Giao khoá học</h1>');
    expect(page.text).toContain('name="_csrf"');
    expect(page.text).toContain(
      `<option value="${course.id}">Truyền thông về quyền con người (${course.code})</option>`,
    );
    expect(decoded(page)).toContain(
      `name="unitCode" type="text" maxlength="40" required autocomplete="off" value="${province.code}"`,
    );
    expect(page.text).toContain(`<input type="checkbox" name="roleIds" value="${hr}">`);
    expect(page.text).toContain('<label for="f-dueDate">');
    // no browser date picker (it shows mm/dd/yyyy by the browser's locale): a dd/mm/yyyy text field with its hint
    expect(page.text).toContain('name="dueDate" type="text" inputmode="numeric"');
    expect(page.text).toContain('placeholder="dd/mm/yyyy"');
    expect(page.text).toContain('Ngày/tháng/năm, ví dụ 31/12/2026.');
    expect(page.text).toContain('Chưa có lần giao nào');

    const readOnly = await agency.agent.get('/assignments').expect(200);
    expect(readOnly.text).not.toContain('action="/assignments"');
  });

  it('refuses a form without the CSRF token, and re-shows problems beside the fields (400 / 403)', async () => {
    await organiser.agent
      .post('/assignments')
      .type('form')
      .send(
        form([
          ['courseId', course.id],
          ['unitCode', province.code],
          ['roleIds', hr],
          ['dueDate', plusDays(5)],
        ]),
      )
      .expect(403);

    const past = await submit(organiser, [
      ['courseId', course.id],
      ['unitCode', province.code],
      ['roleIds', hr],
      ['dueDate', plusDays(-1)],
    ]).expect(400);
    expect(past.text).toContain('id="dueDate-error">Hạn hoàn thành đã qua</span>');
    expect(past.text).toContain('aria-invalid="true"');
    expect(past.text).toContain(`<option value="${course.id}" selected>`); // the form keeps what was typed
    expect(past.text).toContain(`<input type="checkbox" name="roleIds" value="${hr}" checked>`);

    const empty = await submit(organiser, [['unitCode', 'KHONG-CO']]).expect(400);
    expect(empty.text).toContain('id="courseId-error"');
    expect(empty.text).toContain('id="unitCode-error">Không có đơn vị với mã này</span>');
    expect(empty.text).toContain('id="roleIds-error"');
    expect(empty.text).toContain('id="dueDate-error">Bắt buộc</span>');

    const outside = await submit(organiser, [
      ['courseId', course.id],
      ['unitCode', sibling.code],
      ['roleIds', hr],
      ['dueDate', plusDays(5)],
    ]).expect(403);
    expect(outside.text).toContain('id="unitCode-error">Đơn vị nằm ngoài phạm vi bạn phụ trách</span>');

    await submit(agency, [
      ['courseId', course.id],
      ['unitCode', province.code],
      ['roleIds', hr],
      ['dueDate', plusDays(5)],
    ]).expect(403);
    expect((await t.db.query(`SELECT count(*)::int AS n FROM assignment`))[0].n).toBe(0);
  });

  it('assigns with a valid form (303), then shows the job, the totals and progress per commune with drill-down', async () => {
    const res = await submit(organiser, [
      ['courseId', course.id],
      ['unitCode', province.code.toLowerCase()],
      ['roleIds', hr],
      ['roleIds', prop],
      ['dueDate', plusDays(14).split('-').reverse().join('/')], // typed dd/mm/yyyy
    ]).expect(303);
    const match = /^\/assignments\/([0-9a-f-]{36})\?done=created$/.exec(res.headers.location);
    expect(match).not.toBeNull();
    assignmentId = match![1];
    const [due] = await t.db.query(`SELECT due_date::text AS due FROM assignment WHERE id = $1`, [assignmentId]);
    expect(due.due).toBe(plusDays(14));
    const roles = await t.db.query(`SELECT role_id FROM assignment_role WHERE assignment_id = $1`, [assignmentId]);
    expect(roles.map((r: { role_id: string }) => r.role_id).sort()).toEqual([hr, prop].sort());
    await t.app.get(InProcessJobExecutor).onIdle();

    const page = await organiser.agent.get(res.headers.location).expect(200);
    expect(page.text).toContain('<h1>Truyền thông về quyền con người</h1>');
    expect(page.text).toContain('Đã giao khoá học.');
    expect(page.text).toContain('<caption>');
    expect(cells(page.text)).toMatch(/<tfoot><tr><th scope="row">Tổng<\/th><td>5<\/td>/);
    expect(cells(page.text)).toContain(`>Xã Số 001</th><td>2</td>`);
    // beside each count its share of the assigned (nobody has started: 0% started, 100% not started)
    expect(cells(page.text)).toMatch(/<td>5<\/td><td>0 <span class="muted">\(0%\)<\/span><\/td>/);
    expect(cells(page.text)).toContain('<td>5 <span class="muted">(100%)</span></td></tr></tfoot>');
    expect(decoded(page)).toContain(`<a href="/assignments/${assignmentId}?unitId=${district.id}">Huyện Mẫu</a>`);
    // the cancel is a link to its confirmation page (danger style), never a one-click form
    expect(page.text).toContain(
      `<a class="button danger" href="/assignments/${assignmentId}/cancel">Huỷ lần giao này</a>`,
    );
    expect(page.text).not.toContain(`action="/assignments/${assignmentId}/cancel"`);

    const down = await organiser.agent.get(`/assignments/${assignmentId}?unitId=${district.id}`).expect(200);
    expect(cells(down.text)).toContain('>Xã Trong Huyện</th><td>1</td>');
    expect(down.text).toContain('aria-current="page">Huyện Mẫu</span>');

    const list = await organiser.agent.get('/assignments').expect(200);
    expect(list.text).toContain(`<a href="/assignments/${assignmentId}">Truyền thông về quyền con người</a>`);
    const read = await agency.agent.get(`/assignments/${assignmentId}`).expect(200);
    expect(read.text).not.toContain('/cancel"');
    // the agency's menu opens what it may read, in the "training work" group: the coverage dashboard, then
    // assignment progress
    expect(read.text).toMatch(
      /<summary>Tổ chức bồi dưỡng<\/summary><ul>\s*<li><a href="\/coverage">[^<]+<\/a><\/li>\s*<li><a href="\/assignments">/,
    );
  });

  it('hides the assignment and its progress from a sibling organiser', async () => {
    await rival.agent.get(`/assignments/${assignmentId}`).expect(404);
    await rival.agent.get(`/assignments/${assignmentId}?unitId=${district.id}`).expect(404);
    const list = await rival.agent.get('/assignments').expect(200);
    expect(list.text).not.toContain(assignmentId);
    await rival.agent.post(`/assignments/${assignmentId}/cancel`).type('form').send({ _csrf: rival.csrf }).expect(404);
  });

  it('shows the province assignment to a covered commune organiser: marked, their figures only, no cancel', async () => {
    const commune = await t.given.webLogin(
      await t.given.account({ permission: Permission.Organiser, scopeUnit: communes[0] }),
    );
    const list = await commune.agent.get('/assignments').expect(200);
    expect(list.text).toContain(`<a href="/assignments/${assignmentId}">Truyền thông về quyền con người</a>`);
    expect(list.text).toContain('<strong>Giao bởi cấp trên:</strong> Tỉnh Vĩnh Long');
    expect(cells(list.text)).toContain('<td>2 <span class="muted">(trong phạm vi của bạn)</span></td>');

    const page = await commune.agent.get(`/assignments/${assignmentId}`).expect(200);
    expect(page.text).toContain('<strong>Giao bởi cấp trên:</strong> Tỉnh Vĩnh Long');
    expect(page.text).toContain('<dd>2 <span class="muted">(trong phạm vi của bạn)</span></dd>');
    expect(cells(page.text)).toMatch(/<tfoot><tr><th scope="row">Tổng<\/th><td>2<\/td>/);
    expect(page.text).toContain('<li><span aria-current="page">Xã Số 001</span></li></ol>');
    expect(page.text).not.toContain('unitId='); // no link up to the province, none across to other communes
    expect(page.text).not.toContain('Xã Số 002');
    expect(page.text).not.toContain('/cancel"');
    expect(page.text).not.toContain('<dd>5'); // the province's member count

    await commune.agent.get(`/assignments/${assignmentId}?unitId=${communes[1].id}`).expect(404);
    await commune.agent.get(`/assignments/${assignmentId}?unitId=${province.id}`).expect(404);
    await commune.agent
      .post(`/assignments/${assignmentId}/cancel`)
      .type('form')
      .send({ _csrf: commune.csrf })
      .expect(403);
    const status = await t.db.query(`SELECT status FROM assignment WHERE id = $1`, [assignmentId]);
    expect(status[0].status).toBe('active');

    // a district organiser drills down inside the district; the path starts at the district
    const districtOrg = await t.given.webLogin(
      await t.given.account({ permission: Permission.Organiser, scopeUnit: district }),
    );
    const down = await districtOrg.agent.get(`/assignments/${assignmentId}?unitId=${inDistrict.id}`).expect(200);
    const nav = /<ol class="assign-path">(.*?)<\/ol>/.exec(decoded(down))![1];
    expect(nav).toBe(
      `<li><a href="/assignments/${assignmentId}?unitId=${district.id}">Huyện Mẫu</a></li>` +
        '<li><span aria-current="page">Xã Trong Huyện</span></li>',
    );
    const top = await districtOrg.agent.get(`/assignments/${assignmentId}?lang=en`).expect(200);
    expect(top.text).toContain('<strong>Assigned from above:</strong> Tỉnh Vĩnh Long');
    expect(cells(top.text)).toContain('>Xã Trong Huyện</th><td>1</td>');
    expect(top.text).not.toContain(`unitId=${province.id}`);
  });

  it('keeps the pages under 50 KB compressed, even with 100+ communes', async () => {
    const sizes: Record<string, number> = {};
    for (const path of ['/assignments', `/assignments/${assignmentId}`, `/assignments/${assignmentId}?lang=en`]) {
      const res = await organiser.agent.get(path).expect(200);
      sizes[path] = gzipSync(Buffer.from(res.text)).length;
    }
    expect(Object.entries(sizes).filter(([, size]) => size > PAGE_BUDGET_BYTES)).toEqual([]);
    const page = await organiser.agent.get(`/assignments/${assignmentId}`).expect(200);
    expect((page.text.match(/<tr><th scope="row">Xã Số/g) ?? []).length).toBe(110);
  });

  it('confirms the cancel on a page that says how many people stop being assigned (vi and en)', async () => {
    const page = await organiser.agent.get(`/assignments/${assignmentId}/cancel?lang=vi`).expect(200);
    expect(page.text).toContain('<h1>Huỷ lần giao khoá học</h1>');
    expect(page.text).toContain('<li>5 người sẽ không còn được giao khoá học này;');
    expect(page.text).toContain(`<form method="post" action="/assignments/${assignmentId}/cancel">`);
    expect(page.text).toContain(`name="_csrf" value="${organiser.csrf}"`);
    expect(page.text).toContain('<button type="submit" class="danger">Huỷ lần giao</button>');
    expect(page.text).toContain(
      `<a class="button secondary" href="/assignments/${assignmentId}">Quay lại, không làm gì</a>`,
    );
    const en = await organiser.agent.get(`/assignments/${assignmentId}/cancel?lang=en`).expect(200);
    expect(en.text).toContain('<li>5 people will no longer be assigned this course;');
    await organiser.agent.get(`/assignments/${assignmentId}?lang=vi`).expect(200);
    // opening the page changes nothing
    const status = await t.db.query(`SELECT status FROM assignment WHERE id = $1`, [assignmentId]);
    expect(status[0].status).toBe('active');
    // only organisers over the unit see it
    await rival.agent.get(`/assignments/${assignmentId}/cancel`).expect(404);
    await agency.agent.get(`/assignments/${assignmentId}/cancel`).expect(403);
    const commune = await t.given.webLogin(
      await t.given.account({ permission: Permission.Organiser, scopeUnit: communes[0] }),
    );
    await commune.agent.get(`/assignments/${assignmentId}/cancel`).expect(403);
  });

  it('cancels with CSRF (303) and the list shows it cancelled', async () => {
    const res = await organiser.agent
      .post(`/assignments/${assignmentId}/cancel`)
      .type('form')
      .send({ _csrf: organiser.csrf })
      .expect(303);
    expect(res.headers.location).toBe('/assignments?done=cancelled');
    const list = await organiser.agent.get(`${res.headers.location}&lang=vi`).expect(200);
    expect(list.text).toContain('Đã huỷ lần giao.');
    expect(list.text).toContain('Đã huỷ</span>');
    const status = await t.db.query(`SELECT status FROM assignment WHERE id = $1`, [assignmentId]);
    expect(status[0].status).toBe('cancelled');
    // a cancelled assignment has nothing left to confirm
    await organiser.agent.get(`/assignments/${assignmentId}/cancel`).expect(409);
  });
});
