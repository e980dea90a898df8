// Headless Chromium for the console's end-to-end tests: Debian's /usr/bin/chromium driven by
// playwright-core (never a downloaded browser), a fresh user-data dir per launch, every request
// the page makes recorded (none may leave 127.0.0.1), and screenshots at desktop and phone widths
// saved under test-artifacts/console/.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { ROOT } from './cli.js';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];
export const ARTIFACTS = join(ROOT, 'test-artifacts', 'console');

export const DESKTOP = { width: 1366, height: 900 };
export const PHONE = { width: 390, height: 844 };
/** The seed's console shows China Standard Time (07:51:06Z as 15:51:06); the tests view it so. */
export const TIME_ZONE = 'Asia/Shanghai';

/** Why the browser tests cannot run here, or undefined when they can. */
export function browserMissing(): string | undefined {
  return existsSync(CHROMIUM) ? undefined : `${CHROMIUM} is missing (apt-get install -y chromium; .ci/run installs it)`;
}

/**
 * Why the browser tests of `what` are skipped here, or undefined when they run. Under CI a missing
 * browser is a failure, not a skip: .ci/run installs it, so its absence is a broken run.
 */
export function browserSkip(what: string): string | undefined {
  const missing = browserMissing();
  if (!missing) return undefined;
  if (process.env.CI === 'true') throw new Error(`console browser tests: ${missing}`);
  console.log(`${what} skipped: ${missing}`);
  return missing;
}

export interface BrowserSession {
  context: BrowserContext;
  page: Page;
  /** Every URL the pages of this browser requested. */
  requests: string[];
  /** Uncaught page errors and console errors. */
  errors: string[];
  /** Answers with a 4xx or 5xx status: "STATUS METHOD URL". */
  failures: string[];
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<BrowserSession> {
  const dir = mkdtempSync(join(tmpdir(), 'eci-console-chromium-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: DESKTOP,
    timezoneId: TIME_ZONE,
    locale: 'en-US',
    // Nothing of the page's may go elsewhere; a service worker could hide requests from us.
    serviceWorkers: 'block',
  });
  const requests: string[] = [];
  const errors: string[] = [];
  const failures: string[] = [];
  const watch = (p: Page) => {
    p.on('request', (r) => requests.push(r.url()));
    p.on('response', (r) => {
      if (r.status() >= 400) failures.push(`${r.status()} ${r.request().method()} ${r.url()}`);
    });
    p.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    p.on('console', (m) => {
      if (m.type() === 'error') errors.push(`console: ${m.text()}`);
    });
  };
  context.pages().forEach(watch);
  context.on('page', watch);
  const page = context.pages()[0] ?? (await context.newPage());
  // Reached only when what a test waits for never comes: a loaded CI machine can take seconds to
  // render a page, and the test's own timeout is longer still.
  page.setDefaultTimeout(30_000);
  return {
    context,
    page,
    requests,
    errors,
    failures,
    close: async () => {
      await context.close().catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Requests whose host is not 127.0.0.1 (data: and about: URLs stay in the page). */
export function offMachine(requests: readonly string[]): string[] {
  return requests.filter((u) => {
    if (u.startsWith('data:') || u.startsWith('about:') || u.startsWith('blob:')) return false;
    try {
      return new URL(u).hostname !== '127.0.0.1';
    } catch {
      return true;
    }
  });
}

/**
 * Screenshots of the page as it stands at desktop and at phone width:
 * test-artifacts/console/NAME-desktop.png and NAME-phone.png. Returns their paths.
 */
export async function screenshots(page: Page, name: string): Promise<string[]> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const paths: string[] = [];
  for (const [label, size] of [
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ] as const) {
    await page.setViewportSize(size);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const path = join(ARTIFACTS, `${name}-${label}.png`);
    await page.screenshot({ path, fullPage: true, animations: 'disabled' });
    paths.push(path);
  }
  await page.setViewportSize(DESKTOP);
  return paths;
}

/** Opens the console at `url`, signs in with the key pair and waits for its first page. */
export async function signIn(page: Page, url: string, key: { id: string; secret: string }): Promise<void> {
  await page.goto(`${url}/`);
  await page.fill('#access-key-id', key.id);
  await page.fill('#access-key-secret', key.secret);
  await page.click('button[type=submit]');
  await page.getByRole('heading', { name: 'Container groups' }).waitFor();
}

/** Opens the page `name` from the main navigation and waits for its heading. */
export async function openFromNav(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name }).click();
  await page.getByRole('heading', { name }).waitFor();
}
