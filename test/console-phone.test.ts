// The console at a phone's width (390 px), in Chromium (playwright-core, /usr/bin/chromium): no
// page scrolls sideways, even with the catalog's longest reasons (EphemeralStorageSizeExceededJobLimit)
// and a message holding a long id with nowhere to break, on the Events, Catalog, group and
// Diagnoses pages.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSkip, launchBrowser, PHONE, screenshots, signIn, type BrowserSession } from './support/browser.js';
import { sdkClient, startServer, type Server } from './support/eci-sdk.js';
import { create } from './support/eci-views.js';
import { signedFetch, TEST_KEY } from './support/signed-fetch.js';

const missing = browserSkip('console phone-width browser tests');

const LONG_ID = `cbwp-bp1${'a'.repeat(60)}`;

describe.skipIf(Boolean(missing))('the console at a phone width', () => {
  let server: Server;
  let b: BrowserSession;
  let page: Page;
  let group: string;
  const shots: string[] = [];

  beforeAll(async () => {
    server = await startServer(':memory:', ['--clock', 'virtual', '--clock-start', '2026-05-01T00:00:00Z', '--throttle-rate', '0']);
    group = await create(sdkClient(server.host, 'v3'), 'web', {}, [{ name: 'app', image: 'nginx' }]);
    const object = { name: 'web', uid: group };
    const res = await signedFetch(`${server.url}/v1/ingest`, {
      body: JSON.stringify({
        reports: [
          { object, reason: 'EphemeralStorageSizeExceededJobLimit', args: ['30Gi', '20Gi'] },
          { object, reason: 'EipBandwidthPackageQuotaExceeded', args: [LONG_ID] },
          { object, reason: 'ImageCacheFlashReplacedSuccess', args: ['imc-bp1flash'] },
        ],
      }),
    });
    expect(res.status, await res.text()).toBe(200);
    b = await launchBrowser();
    page = b.page;
    await signIn(page, server.url, TEST_KEY);
    await page.setViewportSize(PHONE);
  });
  afterAll(async () => {
    await b?.close();
    await server?.stop();
    if (shots.length) console.log(`console screenshots:\n  ${shots.join('\n  ')}`);
  });

  /** How far the page reaches past the viewport's right edge, and the text that reaches furthest. */
  const sideways = () =>
    page.evaluate(() => {
      const width = document.documentElement.clientWidth;
      let widest = '';
      let right = width;
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const range = document.createRange();
        range.selectNodeContents(n);
        const r = range.getBoundingClientRect();
        // Text kept for screen readers only is clipped, not shown.
        if (r.right > right && !n.parentElement?.closest('.sr-only')) [right, widest] = [r.right, n.textContent!.slice(0, 60)];
      }
      return { overflow: document.documentElement.scrollWidth - width, widest };
    });

  it.each([
    ['Events', '/events', 'EipBandwidthPackageQuotaExceeded'],
    ['Catalog', '/catalog', 'EphemeralStorageSizeExceededJobLimit'],
    ["a group's Events tab", '/groups/GROUP/events', 'EphemeralStorageSizeExceededJobLimit'],
    ["a group's page with its Diagnosis", '/groups/GROUP', 'The EIP bandwidth package is full'],
    ['Diagnoses', '/diagnoses', 'groups'],
  ])('%s does not scroll sideways', async (name, path, shown) => {
    await page.goto(`${server.url}${path.replace('GROUP', group)}`);
    await page.getByText(shown).filter({ visible: true }).first().waitFor();
    expect(await page.evaluate(() => document.documentElement.clientWidth)).toBe(PHONE.width);
    expect(await sideways()).toEqual({ overflow: 0, widest: '' });
    shots.push(...(await screenshots(page, `phone-width-${name.replace(/\W+/g, '-').toLowerCase()}`)));
    await page.setViewportSize(PHONE);
  });
});
