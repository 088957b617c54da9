import { gzipSync } from 'node:zlib';
import { Permission } from '@app/common';
import { UnitType } from '@app/org';
import { createPublishedCourse, GivenCourse } from '../../factories/courses';
import type { WebLogin } from '../../factories/identity';
import { createTestApp, TestApp } from '../../setup/test-app';

const form = (login: WebLogin, fields: Record<string, string | string[]>): string => {
  const f = new URLSearchParams({ _csrf: login.csrf });
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) f.append(k, x);
  return f.toString();
};

/**
 * Organiser pages of the exams: the bank (add and edit questions of the four types), the course's exams (create
 * drawn per topic, edit), and the results of people in the organiser's subtree only. Another province's organiser
 * and learners get 404/403.
 */
describe('exam pages (organiser)', () => {
  let t: TestApp;
  let course: GivenCourse;
  let organiser: WebLogin;
  let rival: WebLogin;
  let learner: WebLogin;
  let outside: WebLogin;
  let provinceLearnerName: string;

  beforeAll(async () => {
    t = await createTestApp();
    const province = await t.given.unit({ type: UnitType.Province });
    const commune = await t.given.unit({ parent: province });
    const sibling = await t.given.unit({ type: UnitType.Province });
    course = await createPublishedCourse(t.db, { ownerUnit: province, modules: [{ lessons: [{}] }] });
    organiser = await t.given.webLogin(
      await t.given.account({ permission: Permission.Organiser, scopeUnit: province }),
    );
    rival = await t.given.webLogin(await t.given.account({ permission: Permission.Organiser, scopeUnit: sibling }));
    const inside = await t.given.learner({ unit: commune, fullName: 'Nguyễn Thị Trong Tỉnh' });
    provinceLearnerName = inside.person.fullName;
    learner = await t.given.webLogin(inside);
    outside = await t.given.webLogin(await t.given.learner({ unit: sibling, fullName: 'Trần Văn Ngoài Tỉnh' }));
    for (const l of [learner, outside]) {
      await l.agent.post(`/courses/${course.id}/enrolment`).type('form').send({ _csrf: l.csrf }).expect(303);
    }
  });
  afterAll(() => t.close());

  it('adds questions of the four types through the bank form, and edits one', async () => {
    const bank = await organiser.agent.get(`/authoring/courses/${course.id}/questions`).expect(200);
    expect(bank.text).toContain('Ngân hàng câu hỏi');
    const add = (fields: Record<string, string | string[]>) =>
      organiser.agent.post(`/authoring/courses/${course.id}/questions`).type('form').send(form(organiser, fields));
    await add({
      name: 'Ngày Nhân quyền',
      type: 'single_choice',
      stem: 'Ngày Quyền con người thế giới là ngày nào?',
      'otext-0': '10 tháng 12',
      'otext-1': '2 tháng 9',
      right: '0',
      topics: 'iccpr',
      explanation: 'Ngày Đại hội đồng thông qua Tuyên ngôn năm 1948.',
    }).expect(303);
    await add({
      name: 'Hai công ước 1966',
      type: 'multiple_choice',
      stem: 'Công ước nào được thông qua năm 1966?',
      'otext-0': 'ICCPR',
      'otext-1': 'ICESCR',
      'otext-2': 'CRC',
      right: ['0', '1'],
      topics: 'iccpr',
    }).expect(303);
    await add({
      name: 'UDHR 30 điều',
      type: 'true_false',
      stem: 'Tuyên ngôn có 30 điều.',
      tf: 'true',
      topics: 'iccpr',
    }).expect(303);
    await add({
      name: 'Trụ sở HĐNQ',
      type: 'short_answer',
      stem: 'Hội đồng Nhân quyền đặt trụ sở ở thành phố nào?',
      accepted: 'Geneva\nGiơ-ne-vơ',
      ignoreDiacritics: 'true',
      topics: 'iccpr',
    }).expect(303);
    const rows = await t.db.query(
      `SELECT q.name, v.type, v.options, v.short_answer AS "shortAnswer" FROM question q
         JOIN question_version v ON v.id = q.current_version_id WHERE q.course_id = $1 ORDER BY q.created_at`,
      [course.id],
    );
    expect(rows.map((r: { type: string }) => r.type)).toEqual([
      'single_choice',
      'multiple_choice',
      'true_false',
      'short_answer',
    ]);
    expect(rows[1].options.map((o: { fraction: number }) => o.fraction)).toEqual([0.5, 0.5, 0]);
    expect(rows[3].shortAnswer).toEqual({
      ignoreDiacritics: true,
      accepted: [
        { text: 'Geneva', fraction: 1 },
        { text: 'Giơ-ne-vơ', fraction: 1 },
      ],
    });
    // A single choice with two right options is refused beside the form, naming the problem; nothing is written.
    const bad = await add({
      name: 'Sai',
      type: 'single_choice',
      stem: 'x?',
      'otext-0': 'a',
      'otext-1': 'b',
      right: ['0', '1'],
    });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('id="form-errors"');

    const [{ id }] = await t.db.query(`SELECT id FROM question WHERE course_id = $1 AND name = 'UDHR 30 điều'`, [
      course.id,
    ]);
    const edit = await organiser.agent.get(`/authoring/questions/${id}`).expect(200);
    expect(edit.text).toContain('value="true" checked');
    await organiser.agent
      .post(`/authoring/questions/${id}`)
      .type('form')
      .send(
        form(organiser, {
          name: 'UDHR 30 điều',
          type: 'true_false',
          stem: 'Tuyên ngôn có 31 điều.',
          tf: 'false',
          topics: 'iccpr',
        }),
      )
      .expect(303);
    const [v] = await t.db.query(
      `SELECT v.stem, v.options FROM question q JOIN question_version v ON v.id = q.current_version_id WHERE q.id = $1`,
      [id],
    );
    expect(v.stem).toBe('Tuyên ngôn có 31 điều.');
    expect(v.options.find((o: { key: string }) => o.key === 'false').fraction).toBe(1);
    await rival.agent.get(`/authoring/questions/${id}`).expect(404);
    await learner.agent.get(`/authoring/courses/${course.id}/questions`).expect(403);
  });

  it('creates an exam drawn per topic, edits it, and shows results of the organiser’s subtree only', async () => {
    const list = await organiser.agent.get(`/authoring/courses/${course.id}/exams`).expect(200);
    expect(gzipSync(list.text).length).toBeLessThan(50 * 1024);
    const created = await organiser.agent
      .post(`/authoring/courses/${course.id}/exams`)
      .type('form')
      .send(
        form(organiser, {
          title: 'Kiểm tra thử',
          kind: 'practice',
          'n-iccpr': '4',
          timeLimitMinutes: '20',
          passPercent: '50',
          attemptsAllowed: '2',
          attemptRule: 'best',
          reviewPolicy: 'score_only',
          shuffleQuestions: 'true',
        }),
      )
      .expect(303);
    const examId = /\/authoring\/exams\/([0-9a-f-]{36})/.exec(created.headers.location)![1];
    const page = await organiser.agent.get(`/authoring/exams/${examId}`).expect(200);
    expect(page.text).toContain('value="Kiểm tra thử"');
    await organiser.agent
      .post(`/authoring/exams/${examId}`)
      .type('form')
      .send(
        form(organiser, {
          title: 'Kiểm tra thử',
          kind: 'practice',
          'n-iccpr': '4',
          timeLimitMinutes: '25',
          passPercent: '60',
          attemptsAllowed: '',
          attemptRule: 'last',
          reviewPolicy: 'with_answers',
        }),
      )
      .expect(303);
    const [exam] = await t.db.query(
      `SELECT time_limit_minutes AS m, pass_percent::float8 AS p, attempts_allowed AS a, attempt_rule AS r,
              shuffle_questions AS s FROM exam WHERE id = $1`,
      [examId],
    );
    expect(exam).toEqual({ m: 25, p: 60, a: null, r: 'last', s: false });
    const badDraw = await organiser.agent
      .post(`/authoring/courses/${course.id}/exams`)
      .type('form')
      .send(form(organiser, { title: 'Không chủ đề', kind: 'practice', timeLimitMinutes: '20', passPercent: '50' }));
    expect(badDraw.status).toBe(400);
    expect(badDraw.text).toContain('drawTopics');

    // Both learners sit it; the organiser sees only the one in the province.
    for (const l of [learner, outside]) {
      const started = await l.agent.post(`/exams/${examId}/attempts`).type('form').send({ _csrf: l.csrf }).expect(303);
      await l.agent.post(`${started.headers.location}/submit`).type('form').send({ _csrf: l.csrf }).expect(303);
    }
    const results = await organiser.agent.get(`/authoring/exams/${examId}/results`).expect(200);
    expect(results.text).toContain(provinceLearnerName);
    expect(results.text).not.toContain('Trần Văn Ngoài Tỉnh');
    expect(results.text).toContain('Chưa đạt');
    await rival.agent.get(`/authoring/exams/${examId}/results`).expect(404);
    await learner.agent.get(`/authoring/exams/${examId}/results`).expect(403);
  });
});
