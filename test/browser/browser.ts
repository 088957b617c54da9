import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { Browser, chromium, Page } from 'playwright-core';
import { describeWhen } from '../setup/ci';

/** Debian's chromium (STACK.md); CHROMIUM_PATH overrides. Playwright's own downloads are never used (no internet). */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Browser tests need a chromium binary. `.ci/run` installs it; in CI a suite without it fails (test/setup/ci.ts),
 * on a developer machine without it the browser suites are skipped with this reason printed.
 */
export const BROWSER_AVAILABLE = existsSync(CHROMIUM_PATH);
export const describeInBrowser = describeWhen(
  BROWSER_AVAILABLE,
  `no chromium at ${CHROMIUM_PATH} (apt-get install chromium, or set CHROMIUM_PATH)`,
);

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Starts the test app's HTTP server on a free local port and returns its base URL. */
export async function listen(app: INestApplication): Promise<string> {
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return `http://127.0.0.1:${address.port}`;
}

/** Logs in through the /login form, as a person would, and waits for the home page. */
export async function logInThroughForm(
  page: Page,
  base: string,
  account: { login: string; password: string },
): Promise<void> {
  await page.goto(`${base}/login`);
  await page.fill('#login', account.login);
  await page.fill('#password', account.password);
  await Promise.all([page.waitForURL(`${base}/`), page.click('form[action="/login"] button[type="submit"]')]);
}

/** Screenshots are kept as test artefacts under test-artifacts/screenshots (ignored by git, kept by CI). */
export const SCREENSHOT_DIR = join(__dirname, '..', '..', 'test-artifacts', 'screenshots');

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: number;
}

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Runs axe-core on the page (WCAG 2.1 A/AA rules) and returns the serious and critical violations. The script is
 * evaluated through the DevTools protocol, so the page's Content-Security-Policy (no inline scripts) stays on.
 */
export async function seriousA11yViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE);
  // A string expression: it runs in the page, where `axe` and `document` exist (this file has no DOM types).
  const violations = await page.evaluate<Array<{ id: string; impact: string | null; help: string; nodes: number }>>(
    `axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
      .then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length })))`,
  );
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes }));
}
