import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DemoCertificatesSeeder, formatVerificationCode, issueCertificateKey } from '@app/certificates';
import { Permission } from '@app/common';
import { demoCourseIds } from '@app/learning';
import { certificatesOf, waitForJob } from '../factories/certificates';
import { createTestApp, TestApp } from '../setup/test-app';
import { describeInBrowser, launchBrowser, listen, logInThroughForm, screenshot } from './browser';
import { ALL_SAVED, answerKey, answerPageRight, demoLearnerBeforeTheExam, waitInPage } from './demo-exam';

const PASSWORD = 'demo-password-0123';
const REASON = 'Cấp nhầm người, thu hồi theo đề nghị của đơn vị';

/**
 * A demo learner passes the demo course's final exam in headless Chromium on a phone-sized screen (390×844), the
 * certificate is issued by the job keyed by the enrolment, the learner finds it under /my/certificates, downloads
 * the PDF and opens the verification page from its link: valid. An organiser of the province then revokes it
 * through the confirmation page, and the same verification page says revoked.
 */
describeInBrowser('browser: a learner passes the demo exam, downloads and verifies the certificate', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let login: string;
  let personId: string;
  let enrolmentId: string;
  let provinceId: string;
  let verifyUrl: string;
  const ids = demoCourseIds();

  beforeAll(async () => {
    t = await createTestApp();
    ({ provinceId, login, personId, enrolmentId } = await demoLearnerBeforeTheExam(t, PASSWORD));
    // The province becomes the issuing authority and the demo course issues certificates, as in the demo.
    await t.app.get(DemoCertificatesSeeder).seed(provinceId);
    expect(await certificatesOf(t.db, personId)).toEqual([]);
    base = await listen(t.app);
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'vi-VN' });
    page = await context.newPage();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('passes the final exam in the browser; the certificate is issued once, by the job keyed by the enrolment', async () => {
    await logInThroughForm(page, base, { login, password: PASSWORD });
    await page.goto(`${base}/courses/${ids.courseId}/exam`);
    await Promise.all([page.waitForURL(/\/attempts\/[0-9a-f-]{36}$/), page.click('form[action$="/attempts"] button')]);
    const attemptId = /\/attempts\/([0-9a-f-]{36})/.exec(page.url())![1];
    const key = await answerKey(t.db, attemptId);
    expect(key.length).toBeGreaterThan(0);
    // Every page answered right (clicking options, typing short answers), saved, then on to the next.
    for (let pageNo = 2; ; pageNo++) {
      await answerPageRight(page, key);
      await waitInPage(page, ALL_SAVED);
      if ((await page.$('button[value="next"]')) === null) break;
      await Promise.all([page.waitForURL(new RegExp(`page=${pageNo}`)), page.click('button[value="next"]')]);
    }
    await Promise.all([page.waitForURL(/\/submit$/), page.click('button[value="submit"]')]);
    expect(await page.textContent('#answered')).toBe(String(key.length));
    await Promise.all([page.waitForURL(/\/result$/), page.click('form[action$="/submit"] button')]);
    expect(await page.textContent('main')).toContain('Chúc mừng! Bạn đã đạt.');

    expect(await waitForJob(t.db, issueCertificateKey(enrolmentId))).toBe('succeeded');
    const certificates = await certificatesOf(t.db, personId);
    expect(certificates).toHaveLength(1);
    expect(certificates[0]).toMatchObject({ serial: expect.stringMatching(/^VL-\d{4}-\d{6}$/), revoked: false });
  });

  it('finds it under /my/certificates and downloads the PDF with the session', async () => {
    await page.goto(`${base}/my/certificates`);
    const [certificate] = await certificatesOf(t.db, personId);
    const card = page.locator('li.card', { hasText: certificate.serial });
    expect(await card.count()).toBe(1);
    expect(await card.textContent()).toContain('Còn hiệu lực');
    await screenshot(page, 'certificate-01-mine');

    const pdfHref = await card.locator('a', { hasText: 'Tải giấy chứng nhận (PDF)' }).getAttribute('href');
    expect(pdfHref).toBe(`/certificates/${certificate.id}/pdf`);
    const pdf = await page.request.get(`${base}${pdfHref}`); // the context's cookies: the learner's session
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toMatch(/^application\/pdf/);
    expect((await pdf.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // Without the session the PDF is not served.
    const anonymous = await browser.newContext();
    const refused = await anonymous.request.get(`${base}${pdfHref}`, { maxRedirects: 0 });
    expect(refused.status()).not.toBe(200);
    await anonymous.close();

    const verifyHref = await card.locator('a', { hasText: 'Trang xác minh' }).getAttribute('href');
    // The code as printed, in groups (the page accepts it with or without dashes).
    expect(verifyHref).toBe(`/verify/${formatVerificationCode(certificate.code)}`);
    verifyUrl = `${base}${verifyHref}`;
  });

  it('opens the verification page from its link, on a phone-sized screen, signed out: valid', async () => {
    // Whoever scans the QR code has no session: a fresh context, 390×844.
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'vi-VN' });
    const verifyPage = await phone.newPage();
    const res = await verifyPage.goto(verifyUrl);
    expect(res?.status()).toBe(200);
    expect(await verifyPage.textContent('.verify-result')).toContain('Giấy chứng nhận hợp lệ');
    const [certificate] = await certificatesOf(t.db, personId);
    expect(await verifyPage.textContent('main')).toContain(certificate.serial);
    // Nothing overflows sideways on the phone.
    expect(await verifyPage.evaluate<boolean>('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
    await screenshot(verifyPage, 'certificate-02-verify-valid');
    await phone.close();
  });

  it('an organiser of the province revokes it with a reason; the verification page then says revoked', async () => {
    const organiser = await t.given.account({ permission: Permission.Organiser, scopeUnit: { id: provinceId } });
    const [certificate] = await certificatesOf(t.db, personId);
    const orgContext = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN' });
    const orgPage = await orgContext.newPage();
    await logInThroughForm(orgPage, base, organiser);
    await orgPage.goto(`${base}/certificates/${certificate.id}/revoke`);
    await orgPage.fill('#reason', REASON);
    await Promise.all([
      orgPage.waitForURL(/\?done=revoked$/),
      orgPage.click(`form[action="/certificates/${certificate.id}/revoke"] button[type="submit"]`),
    ]);
    expect(await orgPage.textContent('main')).toContain('Đã thu hồi giấy chứng nhận.');
    await orgContext.close();
    expect(await certificatesOf(t.db, personId)).toEqual([expect.objectContaining({ revoked: true })]);

    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'vi-VN' });
    const verifyPage = await phone.newPage();
    await verifyPage.goto(verifyUrl);
    const head = await verifyPage.textContent('.verify-result');
    expect(head).toContain('Giấy chứng nhận đã bị thu hồi');
    expect(head).not.toContain('Giấy chứng nhận hợp lệ');
    await screenshot(verifyPage, 'certificate-03-verify-revoked');
    await phone.close();

    // The learner's list shows it revoked; its PDF still downloads.
    await page.goto(`${base}/my/certificates`);
    expect(await page.locator('li.card', { hasText: certificate.serial }).textContent()).toContain('Đã thu hồi');
    const pdf = await page.request.get(`${base}/certificates/${certificate.id}/pdf`);
    expect(pdf.headers()['content-type']).toMatch(/^application\/pdf/);
  });
});
