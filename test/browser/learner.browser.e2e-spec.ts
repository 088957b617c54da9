import type { Browser, Page } from 'playwright-core';
import { TOPIC_TAG_CODES } from '@app/learning';
import { createPublishedCourse, GivenCourse } from '../factories/courses';
import { GivenLearner } from '../factories/roster';
import { createTestApp, TestApp } from '../setup/test-app';
import {
  describeInBrowser,
  launchBrowser,
  listen,
  logInThroughForm,
  screenshot,
  seriousA11yViolations,
} from './browser';

/**
 * A learner on a phone-sized screen, in a real headless Chromium: logs in, finds a course by searching without
 * diacritics, enrols, opens the first lesson, marks it done and moves on; axe-core checks every learner page.
 */
describeInBrowser('browser: a learner from login to a finished lesson', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let page: Page;
  let learner: GivenLearner;
  let course: GivenCourse;

  beforeAll(async () => {
    t = await createTestApp();
    const province = await t.given.unit();
    learner = await t.given.learner({ unit: province, roles: ['HR_OFFICIAL'] });
    course = await createPublishedCourse(t.db, {
      title: 'Quyền con người và truyền thông về quyền con người',
      // As long as the demo course's summary, with all twelve topics: the main action must still be on the first screen.
      summary:
        'Khóa học ngắn cho cán bộ, công chức, viên chức cấp xã theo Đề án truyền thông về quyền con người: luật pháp ' +
        'quốc tế và 07 công ước cơ bản mà Việt Nam là thành viên; chủ trương, chính sách, pháp luật của Việt Nam; ' +
        'thành tựu bảo đảm quyền con người; nhận diện và phản bác thông tin sai lệch; đối ngoại về quyền con người.',
      tags: [...TOPIC_TAG_CODES],
      modules: [
        {
          title: 'Khái niệm cơ bản',
          lessons: [
            {
              title: 'Quyền con người là gì?',
              bodyHtml: '<p>Quyền con người là những quyền vốn có của mọi người.</p>',
            },
            { title: 'Ngày Quyền con người 10/12', bodyHtml: '<p>Ngày 10 tháng 12 năm 1948.</p>' },
          ],
        },
      ],
    });
    base = await listen(t.app);
    browser = await launchBrowser();
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'vi-VN' });
    page = await context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function expectAccessible(name: string): Promise<void> {
    await screenshot(page, `learner-${name}`);
    expect({ page: name, violations: await seriousA11yViolations(page) }).toEqual({ page: name, violations: [] });
  }

  it('logs in through the login form', async () => {
    await page.goto(`${base}/login`);
    await expectAccessible('01-login');
    await logInThroughForm(page, base, learner);
    expect(await page.isVisible('form[action="/logout"] button')).toBe(true);
  });

  it('finds the course in the catalogue by typing without diacritics', async () => {
    await page.goto(`${base}/courses`);
    await page.fill('#q', 'quyen con nguoi');
    await Promise.all([page.waitForURL(/\/courses\?/), page.press('#q', 'Enter')]);
    await expectAccessible('02-catalogue-search');
    await Promise.all([page.waitForURL(`${base}/courses/${course.id}`), page.click(`a[href="/courses/${course.id}"]`)]);
    await expectAccessible('03-course');
  });

  it('enrols and opens the first lesson', async () => {
    await Promise.all([
      page.waitForLoadState('load'),
      page.click(`form[action="/courses/${course.id}/enrolment"] button`),
    ]);
    const enrolments = await t.db.query<Array<{ id: string }>>(
      `SELECT id FROM enrolment WHERE person_id = $1 AND course_id = $2`,
      [learner.person.id, course.id],
    );
    expect(enrolments).toHaveLength(1);
    await page.goto(`${base}/courses/${course.id}/lessons/${course.lessonIds[0]}`);
    expect(await page.textContent('h1')).toBe('Quyền con người là gì?');
    await expectAccessible('04-lesson');
  });

  it('marks the lesson done and lands on the next one, with the progress shown', async () => {
    await Promise.all([
      page.waitForURL(`${base}/courses/${course.id}/lessons/${course.lessonIds[1]}`),
      page.click('form[action$="/completion"] button'),
    ]);
    expect(await page.textContent('h1')).toBe('Ngày Quyền con người 10/12');
    expect(await page.getAttribute('#course-progress', 'value')).toBe('50');
    const [progress] = await t.db.query<Array<{ completed: boolean; percent: number }>>(
      `SELECT lp.completed_at IS NOT NULL AS completed, e.progress_percent AS percent
         FROM enrolment e JOIN lesson_progress lp ON lp.enrolment_id = e.id AND lp.lesson_id = $2
        WHERE e.person_id = $1`,
      [learner.person.id, course.lessonIds[0]],
    );
    expect(progress).toEqual({ completed: true, percent: 50 });
    await Promise.all([page.waitForURL(/lessons\//), page.click('a[rel="prev"]')]);
    expect(await page.isVisible('form[action$="/completion"]')).toBe(false);
    await expectAccessible('05-lesson-done');
    // The course page on a phone: "Học tiếp" on the first screen, the twelve topics folded below it.
    await page.goto(`${base}/courses/${course.id}`);
    const next = page.locator('a.button', { hasText: 'Học tiếp' });
    const box = await next.boundingBox();
    expect(box).not.toBeNull();
    expect(box!.y + box!.height).toBeLessThanOrEqual(844);
    const topics = await page.locator('details.learn-topics').boundingBox();
    expect(topics!.y).toBeGreaterThan(box!.y);
    expect(await page.textContent('details.learn-topics summary')).toBe('Chủ đề (12)');
    await expectAccessible('05b-course-in-progress');
  });

  it('finishes the course with the last lesson', async () => {
    await page.goto(`${base}/courses/${course.id}/lessons/${course.lessonIds[1]}`);
    await Promise.all([
      page.waitForURL(`${base}/courses/${course.id}`),
      page.click('form[action$="/completion"] button'),
    ]);
    await expectAccessible('06-course-completed');
    const [enrolment] = await t.db.query<Array<{ completed: boolean; percent: number }>>(
      `SELECT completed_at IS NOT NULL AS completed, progress_percent AS percent FROM enrolment WHERE person_id = $1`,
      [learner.person.id],
    );
    expect(enrolment).toEqual({ completed: true, percent: 100 });
  });

  it('shows the course in "my learning" and the profile', async () => {
    await page.goto(`${base}/my`);
    expect(await page.textContent('main')).toContain('Quyền con người và truyền thông về quyền con người');
    await expectAccessible('07-my-learning');
    await page.goto(`${base}/profile`);
    expect(await page.textContent('main')).toContain(learner.person.fullName);
    await expectAccessible('08-profile');
  });
});
