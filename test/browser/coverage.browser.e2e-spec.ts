import type { Browser, Page } from 'playwright-core';
import { Permission } from '@app/common';
import { UnitResponse, UnitType } from '@app/org';
import { countingCourse, writeCertificate } from '../factories/coverage';
import { coverageCaughtUp } from '../factories/route-tables/coverage';
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
 * The coverage dashboard on a phone (390×844): a province organiser opens it on their province, drills down two
 * levels (district, then commune) by the units' links, comes back up by the breadcrumb, switches the date with the
 * filter form, and opens the "not yet trained" list of a role. The tables are cards (no header row shown), axe finds
 * no serious violation on any page; screenshots are kept (test-artifacts/screenshots/coverage-*.png).
 */
describeInBrowser('browser: an organiser reads the coverage dashboard on a phone', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let page: Page;
  let P: UnitResponse;
  let D: UnitResponse;
  let C: UnitResponse;
  let organiser: { login: string; password: string };

  beforeAll(async () => {
    t = await createTestApp();
    P = await t.given.unit({ type: UnitType.Province, name: 'Tỉnh Sông Hồng' });
    D = await t.given.unit({ parent: P, type: UnitType.District, name: 'Huyện Bình Lục' });
    C = await t.given.unit({ parent: D, type: UnitType.Commune, name: 'Xã An Đổ' });
    const C2 = await t.given.unit({ parent: D, type: UnitType.Commune, name: 'Xã Bồ Đề' });
    const courseId = await countingCourse(t, P);
    const inC = [];
    for (let i = 0; i < 4; i++) inC.push(await t.given.person({ unit: C, roles: ['HR_OFFICIAL'] }));
    for (let i = 0; i < 3; i++) await t.given.person({ unit: C2, roles: ['HR_OFFICIAL'] });
    await t.given.person({ unit: D, roles: ['ICT_MANAGER'] });
    for (const p of inC.slice(0, 2)) {
      await writeCertificate(t, { personId: p.id, courseId, authorityUnitId: P.id, issuedOn: t.clock.today() });
    }
    await coverageCaughtUp(t);
    organiser = await t.given.account({ permission: Permission.Organiser, scopeUnit: P });
    base = await listen(t.app);
    browser = await launchBrowser();
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'vi-VN' });
    page = await context.newPage();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const crumbs = async () => (await page.locator('.cov-crumbs li').allTextContents()).map((s) => s.trim());
  const noSeriousViolations = async () =>
    expect({ violations: await seriousA11yViolations(page) }).toEqual({ violations: [] });

  it("opens on the organiser's province, the tables shown as cards", async () => {
    await logInThroughForm(page, base, organiser);
    await page.goto(`${base}/coverage`);
    expect(await page.textContent('h1')).toContain(P.name);
    expect(await crumbs()).toEqual([P.name]);
    const display = (selector: string) =>
      page.evaluate(`getComputedStyle(document.querySelector(${JSON.stringify(selector)})).display`);
    expect(await display('table.coverage tbody tr')).toBe('block'); // cards: each row a box
    expect(await page.locator('table.coverage thead').boundingBox()).toMatchObject({ x: expect.any(Number) });
    expect((await page.locator('table.coverage thead').boundingBox())!.x).toBeLessThan(0); // header row off screen
    const hr = page.locator('table.coverage tbody tr', { hasText: 'Cán bộ làm công tác quyền con người' });
    expect(await hr.locator('td').first().textContent()).toContain('7');
    await noSeriousViolations();
    await screenshot(page, 'coverage-01-province');
  });

  it('drills down two levels by the links of the units below, then back up by the breadcrumb', async () => {
    await Promise.all([
      page.waitForURL(new RegExp(`unitId=${D.id}`)),
      page.click(`#children ~ div a >> text=${D.name}`),
    ]);
    expect(await page.textContent('h1')).toContain(D.name);
    expect(await crumbs()).toEqual([P.name, D.name]);
    await noSeriousViolations();
    await screenshot(page, 'coverage-02-district');
    await Promise.all([
      page.waitForURL(new RegExp(`unitId=${C.id}`)),
      page.click(`#children ~ div a >> text=${C.name}`),
    ]);
    expect(await page.textContent('h1')).toContain(C.name);
    expect(await crumbs()).toEqual([P.name, D.name, C.name]);
    const hr = page.locator('table.coverage tbody tr', { hasText: 'Cán bộ làm công tác quyền con người' });
    expect((await hr.locator('td').nth(0).textContent())?.trim()).toBe('4');
    expect((await hr.locator('td').nth(1).locator('a').first().textContent())?.trim()).toBe('2');
    expect(await hr.locator('td').nth(2).textContent()).toContain('50%');
    await noSeriousViolations();
    await screenshot(page, 'coverage-03-commune');
    await Promise.all([page.waitForURL(new RegExp(`unitId=${P.id}`)), page.click(`.cov-crumbs a >> text=${P.name}`)]);
    expect(await page.textContent('h1')).toContain(P.name);
    expect(await crumbs()).toEqual([P.name]);
  });

  it('switches the date with the filter form; the figures are those of that day', async () => {
    const day = '2025-06-30';
    await page.fill('#coverage-date', day);
    await Promise.all([page.waitForURL(new RegExp(`date=${day}`)), page.click('form.cov-filters button')]);
    expect(await page.inputValue('#coverage-date')).toBe(day);
    expect(await page.textContent('main')).toContain(day);
    expect(await page.textContent('h1')).toContain(P.name);
    // nobody was on the roster yet on that day
    const hr = page.locator('table.coverage tbody tr', { hasText: 'Cán bộ làm công tác quyền con người' });
    expect((await hr.locator('td').nth(0).textContent())?.trim()).toBe('0');
    await noSeriousViolations();
    await screenshot(page, 'coverage-04-past-date');
  });

  it('opens the "not yet trained" list of a role in a commune, as cards, with its export link', async () => {
    await page.goto(`${base}/coverage?unitId=${C.id}`);
    const hr = page.locator('table.coverage tbody tr', { hasText: 'Cán bộ làm công tác quyền con người' });
    await Promise.all([
      page.waitForURL(/\/coverage\/untrained\?/),
      hr.locator('a[href^="/coverage/untrained"]').click(),
    ]);
    expect(await page.textContent('h1')).toContain('Chưa được tập huấn');
    expect(await page.locator('table.cards tbody tr').count()).toBe(2);
    expect(await page.getAttribute('a[href^="/api/v1/exports/untrained.csv"]', 'href')).toContain(`unitId=${C.id}`);
    await noSeriousViolations();
    await screenshot(page, 'coverage-05-untrained-list');
  });
});
