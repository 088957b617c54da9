import type { Browser, Page } from 'playwright-core';
import { Permission } from '@app/common';
import { InProcessJobExecutor } from '@app/jobs';
import { UnitType } from '@app/org';
import { createPublishedCourse, GivenCourse } from '../factories/courses';
import { GivenAccount } from '../factories/identity';
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
 * An organiser of a province, in a real headless Chromium: assigns a course to the human-rights officials of the
 * province with the form, and follows the assignment's progress down to a commune.
 */
describeInBrowser('browser: an organiser assigns a course and follows it by unit', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let page: Page;
  let organiser: GivenAccount;
  let course: GivenCourse;
  let province: { id: string; code: string };
  let commune: { id: string; code: string; name: string };

  beforeAll(async () => {
    t = await createTestApp();
    province = await t.given.unit();
    commune = await t.given.unit({ parent: province, type: UnitType.Commune, name: 'Xã Tân Phú' });
    const office = await t.given.unit({ parent: commune, type: UnitType.Other, name: 'Văn phòng UBND xã' });
    organiser = await t.given.account({ permission: Permission.Organiser, scopeUnit: province });
    await t.given.person({ unit: commune, roles: ['HR_OFFICIAL'] });
    await t.given.person({ unit: office, roles: ['HR_OFFICIAL'] });
    await t.given.person({ unit: commune, roles: ['ICT_MANAGER'] });
    course = await createPublishedCourse(t.db, { title: 'Truyền thông về quyền con người', ownerUnit: province });
    base = await listen(t.app);
    browser = await launchBrowser();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN' })).newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function expectAccessible(name: string): Promise<void> {
    await screenshot(page, `organiser-${name}`);
    expect({ page: name, violations: await seriousA11yViolations(page) }).toEqual({ page: name, violations: [] });
  }

  it('logs in and assigns the course with the form', async () => {
    await logInThroughForm(page, base, organiser);

    await page.goto(`${base}/assignments`);
    await expectAccessible('01-assignments');
    await page.selectOption('#f-courseId', course.id);
    await page.fill('#f-unitCode', province.code);
    const hrRole = await t.given.roleId('HR_OFFICIAL');
    await page.check(`input[name="roleIds"][value="${hrRole}"]`);
    const due = new Date(t.clock.now().getTime() + 30 * 86_400_000).toISOString().slice(0, 10);
    await page.fill('#f-dueDate', due.split('-').reverse().join('/')); // typed dd/mm/yyyy on the Vietnamese page
    await Promise.all([
      page.waitForURL(/\/assignments\/[0-9a-f-]{36}/),
      page.click('form[action="/assignments"] button'),
    ]);
    await screenshot(page, 'organiser-02-created');
  });

  it('shows the progress by unit once the enrolment job has run, and drills down to the commune', async () => {
    await t.app.get(InProcessJobExecutor).onIdle();
    await page.reload();
    await expectAccessible('03-progress');
    const communeRow = page.locator('tbody tr', { hasText: commune.name });
    expect(await communeRow.locator('td').first().textContent()).toBe('2');
    const enrolled = await t.db.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM enrolment WHERE course_id = $1 AND source = 'assignment'`,
      [course.id],
    );
    expect(enrolled[0].n).toBe(2);
    await Promise.all([page.waitForURL(/unitId=/), communeRow.locator(`a`).first().click()]);
    await screenshot(page, 'organiser-04-commune');
    expect(await page.textContent('h2#progress-heading')).toContain(commune.name);
    const officeRow = page.locator('tbody tr', { hasText: 'Văn phòng UBND xã' });
    expect(await officeRow.locator('td').first().textContent()).toBe('1');
  });

  it('on a phone, the progress table becomes cards that fit the screen (issue 18 item 7)', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await expectAccessible('05-progress-phone');
    // Nothing is cut off at the right: the page is no wider than the screen, and each figure names its column.
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    const officeRow = page.locator('tbody tr', { hasText: 'Văn phòng UBND xã' });
    expect(await officeRow.locator('td').first().getAttribute('data-label')).toBe('Được giao');
    const label = await officeRow
      .locator('td')
      .first()
      .evaluate(
        (td) =>
          (
            globalThis as unknown as { getComputedStyle: (e: unknown, p: string) => { content: string } }
          ).getComputedStyle(td, '::before').content,
      );
    expect(label).toBe('"Được giao: "');
    await page.goto(`${base}/assignments`);
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await expectAccessible('06-assignments-phone');
  });
});
