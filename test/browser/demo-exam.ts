import type { Page } from 'playwright-core';
import type { DataSource } from 'typeorm';
import { seedDemo } from '@app/demo';
import { DemoExamSeeder } from '@app/exams';
import { DemoCourseSeeder, demoCourseIds } from '@app/learning';
import type { TestApp } from '../setup/test-app';

/** Evaluated in the page (a string: the specs have no DOM types): the status line says every answer is saved. */
export const ALL_SAVED = `document.getElementById('save-status').classList.contains('ok')`;

/** A question of an attempt's paper with its answer key (read from the database: the page never has it). */
export interface KeyRow {
  id: string;
  type: string;
  options: Array<{ key: string; fraction: number }>;
  shortAnswer: { accepted: Array<{ text: string; fraction: number }> } | null;
}

export interface DemoExamLearner {
  provinceId: string;
  login: string;
  personId: string;
  enrolmentId: string;
}

/**
 * The demo province with its course and final exam, and a demo learner who has not passed the exam yet: enrolled,
 * with every required lesson done through the pages.
 */
export async function demoLearnerBeforeTheExam(t: TestApp, password: string): Promise<DemoExamLearner> {
  const ids = demoCourseIds();
  const roster = await seedDemo(t.db, { size: 'demo', today: t.clock.today(), demoPassword: password });
  const provinceId = roster.provinceIds[0];
  await t.app.get(DemoCourseSeeder).seed(provinceId);
  await t.app.get(DemoExamSeeder).seed(provinceId);
  const [row] = await t.db.query<Array<{ login: string; personId: string }>>(
    `SELECT a.login, p.id AS "personId" FROM account a JOIN person p ON p.account_id = a.id
       LEFT JOIN enrolment e ON e.person_id = p.id AND e.course_id = $1
      WHERE a.login LIKE 'demo.hocvien%' AND e.exam_passed_at IS NULL ORDER BY a.login LIMIT 1`,
    [ids.courseId],
  );
  const web = await t.given.webLogin({ login: row.login, password });
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
  const [enrolment] = await t.db.query<Array<{ id: string }>>(
    `SELECT id FROM enrolment WHERE person_id = $1 AND course_id = $2`,
    [row.personId, ids.courseId],
  );
  return { provinceId, login: row.login, personId: row.personId, enrolmentId: enrolment.id };
}

/** The attempt's paper with its answer key, in paper order. */
export function answerKey(db: DataSource, attemptId: string): Promise<KeyRow[]> {
  return db.query<KeyRow[]>(
    `SELECT v.id, v.type, v.options, v.short_answer AS "shortAnswer"
       FROM exam_attempt_question i JOIN question_version v ON v.id = i.question_version_id
      WHERE i.attempt_id = $1 ORDER BY i.position`,
    [attemptId],
  );
}

/** Answers the questions on the current page right, as a person would (clicking options, typing); their ids. */
export async function answerPageRight(page: Page, key: KeyRow[]): Promise<string[]> {
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

/**
 * Polls an expression in the page until it is true. Evaluated through the DevTools protocol (page.evaluate with a
 * string), which the page's CSP allows; waitForFunction with a string would need 'unsafe-eval'.
 */
export async function waitInPage(page: Page, expression: string, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await page.evaluate<boolean>(expression))) {
    if (Date.now() > end) throw new Error(`timed out waiting in the page for: ${expression}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
