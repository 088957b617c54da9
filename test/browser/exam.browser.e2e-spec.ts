import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DemoExamSeeder } from '@app/exams';
import { DemoCourseSeeder, demoCourseIds } from '@app/learning';
import { seedDemo } from '@app/demo';
import { createTestApp, TestApp } from '../setup/test-app';
import {
  describeInBrowser,
  launchBrowser,
  listen,
  logInThroughForm,
  screenshot,
  seriousA11yViolations,
} from './browser';

const PASSWORD = 'demo-password-0123';
/** Evaluated in the page (a string: this file has no DOM types): the status line says every answer is saved. */
const ALL_SAVED = `document.getElementById('save-status').classList.contains('ok')`;

interface KeyRow {
  id: string;
  type: string;
  options: Array<{ key: string; fraction: number }>;
  shortAnswer: { accepted: Array<{ text: string; fraction: number }> } | null;
}

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
    const roster = await seedDemo(t.db, { size: 'demo', today: t.clock.today(), demoPassword: PASSWORD });
    const provinceId = roster.provinceIds[0];
    await t.app.get(DemoCourseSeeder).seed(provinceId);
    await t.app.get(DemoExamSeeder).seed(provinceId);
    // A demo learner who has not passed the exam: enrolled, with every required lesson done (through the pages).
    const [row] = await t.db.query<Array<{ login: string }>>(
      `SELECT a.login FROM account a JOIN person p ON p.account_id = a.id
         LEFT JOIN enrolment e ON e.person_id = p.id AND e.course_id = $1
        WHERE a.login LIKE 'demo.hocvien%' AND e.exam_passed_at IS NULL ORDER BY a.login LIMIT 1`,
      [ids.courseId],
    );
    login = row.login;
    const web = await t.given.webLogin({ login, password: PASSWORD });
    await web.agent.post(`/courses/${ids.courseId}/enrolment`).type('form').send({ _csrf: web.csrf });
    const required = await t.db.query<Array<{ id: string }>>(
      `SELECT l.id FROM lesson l JOIN course_module m ON m.id = l.module_id
        WHERE l.version_id = $1 AND l.required ORDER BY m.position, l.position`,
      [ids.versionId],
    );
    for (const l of required) {
      await web.agent
        .post(`/courses/${ids.courseId}/lessons/${l.id}/completion`)
        .type('form')
        .send({ _csrf: web.csrf })
        .expect(303);
    }
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

  /**
   * Polls an expression in the page until it is true. Evaluated through the DevTools protocol (page.evaluate with a
   * string), which the page's CSP allows; waitForFunction with a string would need 'unsafe-eval'.
   */
  async function waitInPage(expression: string, timeoutMs = 15_000): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (!(await page.evaluate<boolean>(expression))) {
      if (Date.now() > end) throw new Error(`timed out waiting in the page for: ${expression}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  const keyOf = (): Promise<KeyRow[]> =>
    t.db.query<KeyRow[]>(
      `SELECT v.id, v.type, v.options, v.short_answer AS "shortAnswer"
         FROM exam_attempt_question i JOIN question_version v ON v.id = i.question_version_id
        WHERE i.attempt_id = $1 ORDER BY i.position`,
      [attemptId],
    );
  const savedIds = async (): Promise<string[]> =>
    (
      await t.db.query<Array<{ id: string }>>(
        `SELECT question_version_id AS id FROM exam_answer WHERE attempt_id = $1`,
        [attemptId],
      )
    ).map((r) => r.id);

  /** Answers the questions on the current page right, as a person would (clicking labels, typing). */
  async function answerPage(key: KeyRow[]): Promise<string[]> {
    const onPage = await page.$$eval('fieldset[data-question]', (els) =>
      els.map((el) => el.getAttribute('data-question') ?? ''),
    );
    for (const id of onPage) {
      const q = key.find((k) => k.id === id)!;
      if (q.type === 'short_answer') {
        await page.fill(`#a-${id}`, q.shortAnswer!.accepted[0].text);
        await page.press(`#a-${id}`, 'Tab');
      } else {
        for (const o of q.options.filter((x) => x.fraction > 0)) {
          await page.check(`input[name="a-${id}"][value="${o.key}"]`);
        }
      }
    }
    return onPage;
  }

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
    const first = await answerPage(key);
    await waitInPage(ALL_SAVED);
    expect((await savedIds()).sort()).toEqual([...first].sort());
    await Promise.all([page.waitForURL(/page=2/), page.click('button[value="next"]')]);

    await context.setOffline(true);
    const offline = await answerPage(key);
    await waitInPage(
      `(document.getElementById('save-status').textContent || '').includes('Còn ${offline.length} câu trả lời chưa lưu')`,
    );
    expect(await page.textContent(`#s-${offline[0]}`)).toBe('Chưa lưu');
    expect((await savedIds()).filter((id) => offline.includes(id))).toEqual([]);
    await expectAccessible('04-offline-unsaved');

    await context.setOffline(false);
    await waitInPage(ALL_SAVED);
    expect((await savedIds()).filter((id) => offline.includes(id)).sort()).toEqual([...offline].sort());
    expect(await page.textContent(`#s-${offline[0]}`)).toBe('Đã lưu');
  });

  it('answers the remaining pages, submits and passes; the course shows completed', async () => {
    const key = await keyOf();
    await Promise.all([page.waitForURL(/page=3/), page.click('button[value="next"]')]);
    await answerPage(key);
    await Promise.all([page.waitForURL(/page=4/), page.click('button[value="next"]')]);
    await answerPage(key);
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
