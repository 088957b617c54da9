import { Permission } from '@app/common';
import { CoverageUpkeep } from '@app/coverage';
import { UnitType } from '@app/org';
import { createPublishedCourse } from '../../factories/courses';
import { countingCourse, writeCertificate } from '../../factories/coverage';
import { coverageCaughtUp } from '../../factories/route-tables/coverage';
import { createTestApp, TestApp } from '../../setup/test-app';

/** Attribute values as the browser reads them (Handlebars escapes = and &). */
const decoded = (text: string): string => text.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&');

/** The home page shows each caller their own work (issue 18 item 10), and nothing of a neighbour's. */
describe('home page: the caller’s work', () => {
  let t: TestApp;
  let province: { id: string; code: string; name: string };
  let neighbourProvince: { id: string; name: string };

  beforeAll(async () => {
    t = await createTestApp();
    province = await t.given.unit({ type: UnitType.Province, name: 'Tỉnh Trang Chủ' });
    neighbourProvince = await t.given.unit({ type: UnitType.Province, name: 'Tỉnh Láng Giềng' });
    const commune = await t.given.unit({ parent: province, name: 'Xã Chậm Tiến Độ' });
    const people = [];
    for (let i = 0; i < 4; i++) people.push(await t.given.person({ unit: commune, roles: ['HR_OFFICIAL'] }));
    const counting = await countingCourse(t, { id: province.id });
    await writeCertificate(t, {
      personId: people[0].id,
      courseId: counting,
      authorityUnitId: province.id,
      issuedOn: t.clock.today(),
    });
    await t.app.get(CoverageUpkeep).rebuild();
    await coverageCaughtUp(t);
  }, 180_000);
  afterAll(() => t.close());

  it('shows an organiser the coverage of their unit with its attention points, and their assignments', async () => {
    const organiser = await t.given.webLogin(
      await t.given.account({ permission: Permission.Organiser, scopeUnit: province }),
    );
    const course = await createPublishedCourse(t.db, { title: 'Khoá giao từ trang chủ', ownerUnit: province });
    const hr = await t.given.roleId('HR_OFFICIAL');
    const due = new Date(t.clock.now().getTime() + 30 * 86_400_000).toISOString().slice(0, 10);
    await organiser.agent
      .post('/assignments')
      .type('form')
      .send(
        new URLSearchParams([
          ['_csrf', organiser.csrf],
          ['courseId', course.id],
          ['unitCode', province.code],
          ['roleIds', hr],
          ['dueDate', due.split('-').reverse().join('/')],
        ]).toString(),
      )
      .expect(303);
    const home = await organiser.agent.get('/').expect(200);
    expect(home.text).toContain('Độ bao phủ bồi dưỡng: Tỉnh Trang Chủ');
    // 1 of the 4 HR officials trained: 25%, against the programme's 100% target
    expect(home.text).toMatch(/Cán bộ làm công tác quyền con người<\/th><td data-label="[^"]+">1 \/ 4 ·/);
    expect(decoded(home.text)).toContain(`href="/coverage?unitId=${province.id}"`);
    expect(decoded(home.text)).toContain(`href="/coverage/untrained?unitId=${province.id}&roleId=${hr}"`);
    // what needs attention: the commune is behind its target
    expect(decoded(home.text)).toContain(`<a href="/coverage?unitId=${province.id}&sort=gap">1 đơn vị trực thuộc`);
    expect(home.text).toContain('Khoá học đang giao');
    expect(home.text).toContain('Khoá giao từ trang chủ');
    expect(home.text).toContain('href="/coverage"'); // the dashboard is in the menu
    expect(home.text).not.toContain('Tỉnh Láng Giềng');
  });

  it('shows a neighbour organiser only their own unit', async () => {
    const neighbour = await t.given.webLogin(
      await t.given.account({ permission: Permission.Organiser, scopeUnit: neighbourProvince }),
    );
    const home = await neighbour.agent.get('/').expect(200);
    expect(home.text).toContain('Độ bao phủ bồi dưỡng: Tỉnh Láng Giềng');
    expect(home.text).not.toContain('Tỉnh Trang Chủ');
    expect(home.text).not.toContain('Khoá giao từ trang chủ');
    expect(home.text).toContain('Chưa giao khoá học nào.');
  });

  it('shows a learner their learning, in the same words as "my learning"', async () => {
    const commune = await t.given.unit({ parent: province, name: 'Xã Người Học' });
    const learner = await t.given.learner({ unit: commune, roles: ['PROPAGANDIST'] });
    const course = await createPublishedCourse(t.db, { title: 'Khoá đang học' });
    const web = await t.given.webLogin(learner);
    await web.agent.post(`/courses/${course.id}/enrolment`).type('form').send({ _csrf: web.csrf }).expect(303);
    await web.agent.get(`/courses/${course.id}/lessons/${course.lessonIds[0]}`).expect(200);
    const home = await web.agent.get('/').expect(200);
    expect(home.text).toContain('<h2 id="home-learning">Việc học của bạn</h2>');
    expect(home.text).toContain('Đang học: <strong>1</strong>');
    expect(home.text).toContain('Chưa bắt đầu: <strong>0</strong>');
    expect(home.text).not.toContain('Độ bao phủ bồi dưỡng');
    expect(home.text).not.toContain('Khoá học đang giao');
  });

  it('shows a visitor the targets only', async () => {
    const home = await t.http.get('/').expect(200);
    expect(home.text).toContain('<h2>Mục tiêu đến năm 2028</h2>');
    expect(home.text).not.toContain('Việc học của bạn');
    expect(home.text).not.toContain('Độ bao phủ bồi dưỡng');
  });
});
