import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import { Permission } from '@app/common';
import { UnitType } from '@app/org';
import { sampleFiles } from '../../factories/authoring';
import { unique } from '../../factories/given';
import type { GivenAccount } from '../../factories/identity';
import { createTestApp, TestApp } from '../../setup/test-app';
import { CHROMIUM_PATH, describeInBrowser } from '../../browser/browser';

const SCREENSHOTS = join(__dirname, '..', '..', '..', 'test-artifacts', 'screenshots');
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
jest.setTimeout(60_000);

/** Chromium's built-in PDF viewer runs as this extension inside the page. */
const PDF_VIEWER = 'chrome-extension://mhjfbmdgcfjbbpaeojofohoefgiehjai/';

/**
 * An organiser in a real headless Chromium (Debian's /usr/bin/chromium): creates a course, a module, a lesson,
 * uploads a PDF through the file input, and opens it. Checks the pages with axe-core, and that a PDF served with
 * `Content-Security-Policy: sandbox` is still shown by Chromium's PDF viewer (it is: the header stays for PDFs).
 */
describeInBrowser(
  'authoring in a browser: forms without JavaScript, accessible, PDFs shown inline under CSP sandbox',
  () => {
    let t: TestApp;
    let base: string;
    let browser: Browser;
    let page: Page;
    let organiser: GivenAccount;

    beforeAll(async () => {
      t = await createTestApp();
      const province = await t.given.unit({ type: UnitType.Province, name: 'Tỉnh Vĩnh Long' });
      organiser = await t.given.account({ permission: Permission.Organiser, scopeUnit: province });
      await t.app.listen(0, '127.0.0.1');
      base = `http://127.0.0.1:${(t.app.getHttpServer().address() as { port: number }).port}`;
      browser = await chromium.launch({
        executablePath: CHROMIUM_PATH,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
      });
      page = await (await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'vi-VN' })).newPage();
    });
    afterAll(async () => {
      await browser?.close();
      await t?.close();
    });

    async function check(name: string): Promise<void> {
      mkdirSync(SCREENSHOTS, { recursive: true });
      await page.screenshot({ path: join(SCREENSHOTS, `authoring-${name}.png`), fullPage: true });
      await page.evaluate(AXE);
      const violations = await page.evaluate<Array<{ id: string; impact: string | null; nodes: number }>>(
        `axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
        .then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length })))`,
      );
      const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect({ page: name, serious }).toEqual({ page: name, serious: [] });
    }

    it('creates a course, a module and a lesson, and uploads a PDF, on a phone-sized screen', async () => {
      await page.goto(`${base}/login`);
      await page.fill('#login', organiser.login);
      await page.fill('#password', organiser.password);
      await Promise.all([page.waitForURL(`${base}/`), page.click('form[action="/login"] button[type="submit"]')]);

      await page.goto(`${base}/authoring/courses`);
      await check('01-courses');
      await page.fill('#f-code', unique('BR-'));
      await page.fill('#f-title', 'Quyền con người và truyền thông');
      await page.check('input[name="tags"][value="iccpr"]');
      await Promise.all([
        page.waitForURL(/\/authoring\/courses\/[0-9a-f-]{36}\?done=created$/),
        page.click('form[action="/authoring/courses"][method="post"] button[type="submit"]'),
      ]);
      await expect(page.locator('[role="status"]').textContent()).resolves.toContain('Đã tạo khoá học');

      await page.fill('#new-module', 'Học phần 1');
      await Promise.all([page.waitForURL(/done=saved/), page.click('form[action$="/modules"] button[type="submit"]')]);
      const upload = join(t.config.dataDir, 'Bài giảng.pdf');
      writeFileSync(upload, sampleFiles.pdf());
      await page.setInputFiles('#f-file', upload);
      await Promise.all([page.waitForURL(/done=uploaded/), page.click('form[enctype="multipart/form-data"] button')]);
      await expect(page.locator('#files + div table').textContent()).resolves.toContain('Bài giảng.pdf');
      await page.click('main summary');
      await page.selectOption('select[name="kind"]', 'document');
      await page.fill('input[name="title"][id^="l-"]', 'Đọc tài liệu');
      await page.selectOption('select[name="fileId"]', { label: 'Bài giảng.pdf (application/pdf)' });
      await Promise.all([
        page.waitForURL(/\/authoring\/lessons\/[0-9a-f-]{36}\?done=saved$/),
        page.click('form[action$="/lessons"] button[type="submit"]'),
      ]);
      await check('03-lesson');
      await page.goto(
        page.url().replace(/\/authoring\/lessons\/.*/, '') + (await page.getAttribute('nav a + a', 'href'))!,
      );
      await check('02-course');
    });

    it('shows an uploaded PDF in Chromium’s PDF viewer although it is served with Content-Security-Policy: sandbox', async () => {
      const [file] = await t.db.query(`SELECT id FROM course_file ORDER BY created_at DESC LIMIT 1`);
      const downloads: string[] = [];
      page.on('download', (d) => downloads.push(d.suggestedFilename()));
      const res = await page.goto(`${base}/files/${file.id}`);
      expect(res?.status()).toBe(200);
      expect(await res?.headerValue('content-security-policy')).toBe('sandbox');
      expect(await res?.headerValue('content-disposition')).toMatch(/^inline;/);
      await page.waitForTimeout(1000);
      expect(page.frames().map((f) => f.url())).toContainEqual(expect.stringContaining(PDF_VIEWER));
      expect(downloads).toEqual([]);
    });
  },
);
