import { Permission } from '@app/common';
import { UnitType } from '@app/org';
import { createPublishedCourse } from '../../factories/courses';
import { createTestApp, TestApp } from '../../setup/test-app';

/**
 * Times on the exam pages are in the viewer's time zone, Vietnam's (Asia/Ho_Chi_Minh, UTC+7, no daylight saving):
 * the organiser's datetime-local fields are read in it, and the learner's and organiser's pages show it, the
 * stored instants staying UTC. The test process runs with TZ=UTC, so a page in server time would show UTC.
 */
describe('exam pages show and read times in Vietnam time', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('reads the organiser’s opening and closing times as Vietnam time and shows them so to learners', async () => {
    const province = await t.given.unit({ type: UnitType.Province });
    const commune = await t.given.unit({ parent: province });
    const course = await createPublishedCourse(t.db, { ownerUnit: province, modules: [{ lessons: [{}] }] });
    for (let i = 0; i < 2; i++) await t.given.question({ course, name: `Câu giờ ${i}` });
    const organiser = await t.given.webLogin(
      await t.given.account({ permission: Permission.Organiser, scopeUnit: province }),
    );
    const fields = new URLSearchParams({
      _csrf: organiser.csrf,
      title: 'Thi theo giờ Việt Nam',
      kind: 'contest',
      'n-iccpr': '2',
      timeLimitMinutes: '30',
      passPercent: '50',
      attemptRule: 'best',
      reviewPolicy: 'score_only',
      opensAt: '2030-01-05T06:30', // 06:30 in Hà Nội is 23:30 UTC the day before
      closesAt: '2030-01-06T00:15',
    });
    const created = await organiser.agent
      .post(`/authoring/courses/${course.id}/exams`)
      .type('form')
      .send(fields.toString())
      .expect(303);
    const examId = /\/authoring\/exams\/([0-9a-f-]{36})/.exec(created.headers.location)![1];
    const [row] = await t.db.query(`SELECT opens_at, closes_at FROM exam WHERE id = $1`, [examId]);
    expect([row.opens_at.toISOString(), row.closes_at.toISOString()]).toEqual([
      '2030-01-04T23:30:00.000Z',
      '2030-01-05T17:15:00.000Z',
    ]);
    const form = await organiser.agent.get(`/authoring/exams/${examId}`).expect(200);
    expect(form.text).toContain('name="opensAt" type="datetime-local" value="2030-01-05T06:30"');
    expect(form.text).toContain('Mở từ (giờ Việt Nam)');

    const learner = await t.given.webLogin(await t.given.learner({ unit: commune }));
    const start = await learner.agent.get(`/exams/${examId}`).expect(200);
    expect(/<dl[\s\S]*?<\/dl>/.exec(start.text)?.[0]).toContain('2030-01-05 06:30 (giờ Việt Nam)');
    expect(start.text).toContain('2030-01-06 00:15 (giờ Việt Nam)');
    expect(start.text).not.toContain('UTC');
    const en = await learner.agent.get(`/exams/${examId}?lang=en`).expect(200);
    expect(/<dl[\s\S]*?<\/dl>/.exec(en.text)?.[0]).toContain('2030-01-05 06:30 (Vietnam time, UTC+7)');
    const contests = await learner.agent.get('/contests?lang=vi').expect(200);
    expect(contests.text).toContain('2030-01-05 06:30 (giờ Việt Nam)');
  });
});
