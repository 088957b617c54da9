import type { Browser, Page } from 'playwright-core';
import { Permission, searchKey } from '@app/common';
import { UnitResponse, UnitType } from '@app/org';
import { Callers, createSession, sessionBody } from '../factories/training';
import { putAuthority } from '../factories/certificates';
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

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Võ'];
const GIVEN = ['Thị Ánh', 'Văn Bình', 'Hữu Đức', 'Thị Hằng', 'Minh Khôi'];
/** 30 distinct names, each found alone by its name typed without diacritics. */
const NAMES = FAMILY.flatMap((f) => GIVEN.map((g) => `${f} ${g}`));

/**
 * At the door on a phone (390×844): an organiser of a commune searches each of 30 invitees by name typed without
 * diacritics and ticks them present, one tap each, then makes the attendance final; the session certificates are
 * issued, /certificates shows all 30, and the coverage dashboard counts them trained.
 */
describeInBrowser('browser: an organiser takes attendance for 30 people at the door', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let page: Page;
  let A: UnitResponse;
  let sessionId: string;
  let organiser: { login: string; password: string };

  beforeAll(async () => {
    t = await createTestApp();
    const P = await t.given.unit({ type: UnitType.Province, name: 'Tỉnh Phương Nam' });
    A = await t.given.unit({ parent: P, name: 'Xã Ánh Dương' });
    const hr = await t.given.roleId('HR_OFFICIAL');
    for (const fullName of NAMES) await t.given.person({ unit: A, roles: ['HR_OFFICIAL'], fullName });
    organiser = await t.given.account({ permission: Permission.Organiser, scopeUnit: A });
    const c = await new Callers(t, {
      orgA: organiser,
      orgP: await t.given.account({ permission: Permission.Organiser, scopeUnit: P }),
    }).login();
    await putAuthority(t.http, P.id, c.tokens.orgP);
    sessionId = await createSession(
      t,
      c.tokens.orgA,
      sessionBody(t, A.id, { startsInHours: 1, hours: 1, countingRoleIds: [hr], title: 'Tập huấn tại hội trường xã' }),
    );
    await t.http
      .post(`/api/v1/training-sessions/${sessionId}/invitations`)
      .auth(c.tokens.orgA, { type: 'bearer' })
      .send({ unitId: A.id, roleIds: [hr] })
      .expect(201);
    // The session has been held: the organiser ticks the sheet as people sign it, right after.
    t.clock.advance(2 * 3_600_000 + 60_000);
    base = await listen(t.app);
    browser = await launchBrowser();
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'vi-VN' });
    page = await context.newPage();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('finds each of the 30 by a name typed without diacritics and ticks them present', async () => {
    await logInThroughForm(page, base, organiser);
    await page.goto(`${base}/training-sessions/${sessionId}/attendance`);
    expect(await page.locator('.att-list li').count()).toBe(30);
    expect({ violations: await seriousA11yViolations(page) }).toEqual({ violations: [] });
    await screenshot(page, 'attendance-01-expected-list');
    for (const name of NAMES) {
      await page.fill('#q', searchKey(name));
      await Promise.all([page.waitForURL(/attendance\?q=/), page.click('form[role="search"] button')]);
      const row = page.locator('.att-list li', { hasText: name });
      expect(await row.count()).toBe(1);
      await Promise.all([page.waitForURL(/attendance\?q=/), row.locator('button[value="present"]').click()]);
      expect(
        await page
          .locator('.att-list li', { hasText: name })
          .locator('button[value="present"]')
          .getAttribute('aria-pressed'),
      ).toBe('true');
    }
    await screenshot(page, 'attendance-02-last-ticked');
    const rows = await t.db.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM training_attendance WHERE session_id = $1 AND status = 'present'`,
      [sessionId],
    );
    expect(rows).toEqual([{ n: 30 }]);
  });

  it('makes the attendance final; /certificates shows the 30 trained', async () => {
    await page.goto(`${base}/training-sessions/${sessionId}`);
    await Promise.all([
      page.waitForURL(`${base}/training-sessions/${sessionId}`),
      page.click(`form[action="/training-sessions/${sessionId}/close"] button`),
    ]);
    expect(await page.textContent('main')).toContain('Đã chốt điểm danh');
    await page.goto(`${base}/certificates`);
    const text = (await page.textContent('main')) ?? '';
    expect(NAMES.filter((name) => !text.includes(name))).toEqual([]);
    await screenshot(page, 'attendance-03-trained-list');
  });

  it('the coverage dashboard counts the 30 trained by the session, on a phone', async () => {
    await coverageCaughtUp(t);
    await page.goto(`${base}/coverage?unitId=${A.id}`);
    const hrRow = page.locator('table.coverage tbody tr', { hasText: 'Cán bộ làm công tác quyền con người' });
    expect(await hrRow.count()).toBe(1);
    expect({
      headcount: (await hrRow.locator('td').nth(0).textContent())?.trim(),
      trained: (await hrRow.locator('td').nth(1).locator('a').first().textContent())?.trim(),
    }).toEqual({ headcount: '30', trained: '30' });
    expect({ violations: await seriousA11yViolations(page) }).toEqual({ violations: [] });
    await screenshot(page, 'attendance-04-coverage');
  });
});
