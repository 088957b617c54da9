import type { Browser, Page } from 'playwright-core';
import { Permission } from '@app/common';
import { UnitType } from '@app/org';
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
 * Statutory reports in headless Chromium on a phone-sized screen (390×844): an agency of a province creates a yearly
 * report from "Báo cáo" in the menu, submits it through the confirmation page, and the national admin returns it
 * with a comment; every page is axe-clean (no serious or critical WCAG 2.1 AA violation).
 */
describeInBrowser('browser: statutory reports on a phone', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let page: Page;
  let agency: { login: string; password: string };
  let admin: { login: string; password: string };

  beforeAll(async () => {
    t = await createTestApp();
    const P = await t.given.unit({ type: UnitType.Province, name: 'Tỉnh Vĩnh Long' });
    await t.given.unit({ parent: P, name: 'Xã Ánh Dương' });
    agency = await t.given.account({ permission: Permission.Agency, scopeUnit: P });
    admin = await t.given.account({ permission: Permission.Admin });
    base = await listen(t.app);
    browser = await launchBrowser();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const clean = async (name: string): Promise<void> => {
    await screenshot(page, `reports-${name}`);
    expect({ name, violations: await seriousA11yViolations(page) }).toEqual({ name, violations: [] });
  };

  it('an agency creates and submits a yearly report; the national admin returns it with a comment', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'vi-VN' });
    page = await context.newPage();
    await logInThroughForm(page, base, agency);
    // Through the menu: the link sits in a menu group (<details>), opened first as a person would.
    await page.click('nav details:has(a[href="/reports"]) > summary');
    await Promise.all([page.waitForURL(`${base}/reports`), page.click('nav a[href="/reports"]')]);
    await clean('list');
    const today = t.clock.today();
    await page.fill('#periodFrom', `${today.slice(0, 4)}-01-01`);
    await page.fill('#periodTo', today);
    await page.fill('#signatoryName', 'Nguyễn Thị Quyên Thanh');
    await Promise.all([page.waitForURL(/\/reports\/[0-9a-f-]{36}$/), page.click('form[action="/reports"] button')]);
    const href = new URL(page.url()).pathname;
    expect(await page.textContent('main')).toContain('Xã Ánh Dương');
    await clean('draft');
    await Promise.all([page.waitForURL(`${base}${href}/submit`), page.click(`a[href="${href}/submit"]`)]);
    await clean('submit');
    await Promise.all([
      page.waitForURL(`${base}${href}?done=submitted`),
      page.click(`form[action="${href}/submit"] button`),
    ]);
    expect(await page.textContent('[role="status"]')).toContain('Đã gửi báo cáo');
    await clean('submitted');
    await context.close();

    const adminContext = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'vi-VN' });
    page = await adminContext.newPage();
    await logInThroughForm(page, base, admin);
    await page.goto(`${base}${href}`);
    await Promise.all([page.waitForURL(`${base}${href}/return`), page.click(`a[href="${href}/return"]`)]);
    await clean('return');
    await page.fill('#comment', 'Đề nghị bổ sung số liệu hội nghị tập huấn.');
    await Promise.all([
      page.waitForURL(`${base}${href}?done=returned`),
      page.click(`form[action="${href}/return"] button`),
    ]);
    expect(await page.textContent('main')).toContain('Đề nghị bổ sung số liệu hội nghị tập huấn.');
    await adminContext.close();
  });
});
