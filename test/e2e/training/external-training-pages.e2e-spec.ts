import { gzipSync } from 'node:zlib';
import { sampleFiles } from '../../factories/authoring';
import { ExternalTrainingFields, externalTrainingState, workshop } from '../../factories/external-training';
import { CertificateWorld, withCertificate } from '../../factories/route-tables/certificates';
import { buildMatrixWorld } from '../../factories/route-tables/world';
import { rosterState, withFormFields } from '../../factories/scope-matrix';
import { createTestApp, TestApp } from '../../setup/test-app';

/*
 * The pages of training done elsewhere, without JavaScript: "my training" (the learner's course certificate and
 * records in one list), the form that records one (multipart with the CSRF token first; bad input and a file that
 * is not a PDF or image come back on the form), and the organisers' queue, record page, approval with roles, and
 * the confirmation pages to reject and revoke. Each page stays under 50 KB compressed.
 */

jest.setTimeout(120_000);

const PAGE_BUDGET_BYTES = 50 * 1024;

describe('pages: my training and the approvals of training done elsewhere', () => {
  let t: TestApp;
  let w: CertificateWorld;
  let courseTitle: string;

  const learner = () => w.web.learnerA;
  const organiser = () => w.web.orgA;
  const postForm = (fields: ExternalTrainingFields, file: { data: Buffer; name: string }) =>
    withFormFields(learner().agent.post('/my-training/external').field('_csrf', learner().csrf), { ...fields }).attach(
      'file',
      file.data,
      file.name,
    );
  const pdf = { data: sampleFiles.pdf(), name: 'giay-chung-nhan.pdf' };
  const latestRecord = async (): Promise<string> =>
    (
      await t.db.query<Array<{ id: string }>>(
        `SELECT id FROM external_training WHERE person_id = $1 ORDER BY submitted_at DESC LIMIT 1`,
        [w.learnerA.person.id],
      )
    )[0].id;
  const gzipped = (text: string) => gzipSync(Buffer.from(text)).length;

  beforeAll(async () => {
    t = await createTestApp();
    w = await withCertificate(t, await buildMatrixWorld(t, () => rosterState(t.db)));
    [{ courseTitle }] = await t.db.query(`SELECT snapshot->>'title' AS "courseTitle" FROM certificate WHERE id = $1`, [
      w.certificateId,
    ]);
  });
  afterAll(() => t.close());

  it('a learner records training done elsewhere on the form and finds it with their certificate in one list', async () => {
    const form = await learner().agent.get('/my-training/external').expect(200);
    expect(form.text).toContain('enctype="multipart/form-data"');
    expect(form.text.indexOf('name="_csrf"')).toBeLessThan(form.text.indexOf('name="file"'));
    expect(gzipped(form.text)).toBeLessThanOrEqual(PAGE_BUDGET_BYTES);

    const res = await postForm(workshop({ title: 'Tọa đàm chuyên gia về quyền con người' }), pdf).expect(303);
    expect(res.headers.location).toBe('/my-training?done=created');
    const page = await learner().agent.get('/my-training').expect(200);
    expect(page.text).toContain('Tọa đàm chuyên gia về quyền con người');
    expect(page.text).toContain('Chờ duyệt');
    expect(page.text).toContain(courseTitle);
    expect(page.text).toContain('Khoá học trực tuyến');
    expect(page.text).toContain('Đào tạo ở nơi khác');
    expect(page.text).toContain('href="/my-training"');
    expect(gzipped(page.text)).toBeLessThanOrEqual(PAGE_BUDGET_BYTES);
    const english = await learner().agent.get('/my-training?lang=en').expect(200);
    expect(english.text).toContain('My training');
    expect(english.text).toContain('Awaiting approval');
    await learner().agent.get('/my-training?lang=vi').expect(200);
  });

  it('gives the form back with the problem for a file that is not a PDF or image (415) or a bad field (400)', async () => {
    const before = await externalTrainingState(t.db);
    const gif = await postForm(workshop({ title: 'Ảnh động không hợp lệ' }), {
      data: Buffer.from('GIF89a\x01\x00\x01\x00'),
      name: 'chung-nhan.pdf',
    }).expect(415);
    expect(gif.text).toContain('value="Ảnh động không hợp lệ"');
    expect(gif.text).toContain('Tệp: phải là tệp PDF, JPEG hoặc PNG'); // the field by its label, the reason in Vietnamese
    const noHours = await postForm(workshop({ hours: '' }), pdf).expect(400);
    expect(noHours.text).toMatch(/Số giờ: /);
    expect(await externalTrainingState(t.db)).toBe(before);
  });

  it('an organiser approves from the queue for the roles they tick', async () => {
    await postForm(workshop({ title: 'Hội thảo do Bộ Tư pháp triệu tập' }), pdf).expect(303);
    const id = await latestRecord();
    const queue = await organiser().agent.get('/external-training').expect(200);
    expect(queue.text).toContain('Hội thảo do Bộ Tư pháp triệu tập');
    expect(queue.text).toContain(w.learnerA.person.fullName);
    expect(gzipped(queue.text)).toBeLessThanOrEqual(PAGE_BUDGET_BYTES);
    const plain = w.learnerA.person.fullName
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/đ/gi, 'd');
    const found = await organiser()
      .agent.get(`/external-training?q=${encodeURIComponent(plain)}`)
      .expect(200);
    expect(found.text).toContain('Hội thảo do Bộ Tư pháp triệu tập');
    const none = await organiser().agent.get('/external-training?q=khong+co+ai').expect(200);
    expect(none.text).not.toContain('Hội thảo do Bộ Tư pháp triệu tập');
    const show = await organiser().agent.get(`/external-training/${id}`).expect(200);
    expect(show.text).toContain(`action="/external-training/${id}/approve"`);
    expect(show.text).toMatch(new RegExp(`value="${w.hr}" checked`)); // the person's role, ticked by default
    expect(gzipped(show.text)).toBeLessThanOrEqual(PAGE_BUDGET_BYTES);
    const ict = await t.given.roleId('ICT_MANAGER');
    const done = await organiser()
      .agent.post(`/external-training/${id}/approve`)
      .type('form')
      .send({ _csrf: organiser().csrf, roleIds: ict, expiresOn: '' })
      .expect(303);
    expect(done.headers.location).toBe(`/external-training/${id}?done=approved`);
    const after = await organiser().agent.get(done.headers.location).expect(200);
    expect(after.text).toContain('Đã duyệt');
    expect(after.text).toContain('Cán bộ làm công tác quản lý thông tin, truyền thông');
    const roles = await t.db.query(`SELECT role_id FROM external_training_role WHERE record_id = $1`, [id]);
    expect(roles).toEqual([{ role_id: ict }]);
  });

  it('rejects and revokes through confirmation pages in the danger style, a reason required', async () => {
    await postForm(workshop({ title: 'Lớp bồi dưỡng không có quyết định' }), pdf).expect(303);
    const rejected = await latestRecord();
    const confirm = await organiser().agent.get(`/external-training/${rejected}/reject`).expect(200);
    expect(confirm.text).toContain('class="danger"');
    const short = await organiser()
      .agent.post(`/external-training/${rejected}/reject`)
      .type('form')
      .send({ _csrf: organiser().csrf, reason: 'x' })
      .expect(400);
    expect(short.text).toContain('reason must be 5–500 characters');
    await organiser()
      .agent.post(`/external-training/${rejected}/reject`)
      .type('form')
      .send({ _csrf: organiser().csrf, reason: 'Thiếu quyết định cử đi học' })
      .expect(303);
    const seen = await learner().agent.get(`/external-training/${rejected}`).expect(200);
    expect(seen.text).toContain('Không được duyệt');
    expect(seen.text).toContain('Thiếu quyết định cử đi học');
    expect(seen.text).not.toContain('/approve"');

    await postForm(workshop({ title: 'Hội thảo sẽ bị thu hồi duyệt' }), pdf).expect(303);
    const revoked = await latestRecord();
    await organiser()
      .agent.post(`/external-training/${revoked}/approve`)
      .type('form')
      .send({ _csrf: organiser().csrf })
      .expect(303);
    const revokePage = await organiser().agent.get(`/external-training/${revoked}`).expect(200);
    expect(revokePage.text).toContain(`href="/external-training/${revoked}/revoke"`);
    await organiser()
      .agent.post(`/external-training/${revoked}/revoke`)
      .type('form')
      .send({ _csrf: organiser().csrf, reason: 'Nhầm người được cử đi' })
      .expect(303);
    const [row] = await t.db.query(`SELECT status FROM external_training WHERE id = $1`, [revoked]);
    expect(row).toEqual({ status: 'revoked' });
    const mine = await learner().agent.get('/my-training').expect(200);
    expect(mine.text).toContain('Đã thu hồi duyệt');
  });

  it('shows the nav links: my training to everyone signed in, approvals to organisers', async () => {
    const home = await learner().agent.get('/').expect(200);
    expect(home.text).toContain('href="/my-training"');
    expect(home.text).not.toContain('href="/external-training"');
    const org = await organiser().agent.get('/').expect(200);
    expect(org.text).toContain('href="/external-training"');
  });
});
