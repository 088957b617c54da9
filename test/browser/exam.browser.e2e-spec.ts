import type { Browser, BrowserContext, Page } from 'playwright-core';
import { demoCourseIds } from '@app/learning';
import { createTestApp, TestApp } from '../setup/test-app';
import {
  describeInBrowser,
  launchBrowser,
  listen,
  logInThroughForm,
  screenshot,
  seriousA11yViolations,
} from './browser';
import { ALL_SAVED, answerKey, answerPageRight, demoLearnerBeforeTheExam, KeyRow, waitInPage } from './demo-exam';

const PASSWORD = 'demo-password-0123';

/**
 * A demo learner takes the demo course's final exam in headless Chromium on a phone-sized screen: opens it from the
 * course page, answers page by page (the script saves each answer as it changes), loses the connection mid-way
 * (the test takes the network down), answers while offline (kept in the browser, shown as not saved), comes back
 * online (the answers are sent), submits and passes; the course then shows completed. axe-core on every page.
 */
describeInBrowser('browser: a learner takes the demo final exam, offline for a while', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let login: string;
  let attemptId: string;
  const ids = demoCourseIds();

  beforeAll(async () => {
    t = await createTestApp();
    ({ login } = await demoLearnerBeforeTheExam(t, PASSWORD));
    base = await listen(t.app);
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'vi-VN' });
    page = await context.newPage();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function expectAccessible(name: string): Promise<void> {
    await screenshot(page, `exam-${name}`);
    expect({ page: name, violations: await seriousA11yViolations(page) }).toEqual({ page: name, violations: [] });
  }

  const keyOf = (): Promise<KeyRow[]> => answerKey(t.db, attemptId);
  const savedIds = async (): Promise<string[]> =>
    (
      await t.db.query<Array<{ id: string }>>(
        `SELECT question_version_id AS id FROM exam_answer WHERE attempt_id = $1`,
        [attemptId],
      )
    ).map((r) => r.id);

  it('opens the final exam from the course page and starts it', async () => {
    await logInThroughForm(page, base, { login, password: PASSWORD });
    await page.goto(`${base}/courses/${ids.courseId}`);
    await expectAccessible('01-course');
    await Promise.all([page.waitForURL(/\/exams\//), page.click(`a[href="/courses/${ids.courseId}/exam"]`)]);
    expect(await page.textContent('h1')).toBe('Bài kiểm tra cuối khoá');
    expect(await page.textContent('main')).toContain('70%');
    await expectAccessible('02-exam-start');
    await Promise.all([page.waitForURL(/\/attempts\/[0-9a-f-]{36}$/), page.click('form[action$="/attempts"] button')]);
    attemptId = /\/attempts\/([0-9a-f-]{36})/.exec(page.url())![1];
    expect(await page.textContent('#exam-timer')).toMatch(/(29|30) phút/);
    await expectAccessible('03-question-page');
  });

  it('saves each answer as it changes, then loses the connection, answers, and sends them when back online', async () => {
    const key = await keyOf();
    expect(key).toHaveLength(20);
    const first = await answerPageRight(page, key);
    await waitInPage(page, ALL_SAVED);
    expect((await savedIds()).sort()).toEqual([...first].sort());
    await Promise.all([page.waitForURL(/page=2/), page.click('button[value="next"]')]);

    await context.setOffline(true);
    const offline = await answerPageRight(page, key);
    await waitInPage(
      page,
      `(document.getElementById('save-status').textContent || '').includes('Còn ${offline.length} câu trả lời chưa lưu')`,
    );
    expect(await page.textContent(`#s-${offline[0]}`)).toBe('Chưa lưu');
    expect((await savedIds()).filter((id) => offline.includes(id))).toEqual([]);
    await expectAccessible('04-offline-unsaved');

    await context.setOffline(false);
    await waitInPage(page, ALL_SAVED);
    expect((await savedIds()).filter((id) => offline.includes(id)).sort()).toEqual([...offline].sort());
    expect(await page.textContent(`#s-${offline[0]}`)).toBe('Đã lưu');
  });

  it('answers the remaining pages, submits and passes; the course shows completed', async () => {
    const key = await keyOf();
    await Promise.all([page.waitForURL(/page=3/), page.click('button[value="next"]')]);
    await answerPageRight(page, key);
    await Promise.all([page.waitForURL(/page=4/), page.click('button[value="next"]')]);
    await answerPageRight(page, key);
    await Promise.all([page.waitForURL(/\/submit$/), page.click('button[value="submit"]')]);
    expect(await page.textContent('#answered')).toBe('20');
    await expectAccessible('05-submit');
    await Promise.all([page.waitForURL(/\/result$/), page.click('form[action$="/submit"] button')]);
    expect(await page.textContent('main')).toContain('Chúc mừng! Bạn đã đạt.');
    await expectAccessible('06-result');
    await Promise.all([page.waitForURL(/\/review$/), page.click('a[href$="/review"]')]);
    await expectAccessible('07-review');
    await page.goto(`${base}/courses/${ids.courseId}`);
    expect(await page.textContent('main')).toContain('Bạn đã hoàn thành khoá học này ngày');
    const [enrolment] = await t.db.query<Array<{ completed: boolean; passed: boolean }>>(
      `SELECT e.completed_at IS NOT NULL AS completed, e.exam_passed_at IS NOT NULL AS passed
         FROM enrolment e JOIN person p ON p.id = e.person_id JOIN account a ON a.id = p.account_id
        WHERE a.login = $1 AND e.course_id = $2`,
      [login, ids.courseId],
    );
    expect(enrolment).toEqual({ completed: true, passed: true });
    await expectAccessible('08-course-completed');
  });
});
