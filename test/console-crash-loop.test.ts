// A crash-looping group in the console, in Chromium (playwright-core, /usr/bin/chromium), against
// `eci-events serve --clock virtual`: the list's and the group page's status badge say
// "Running · CrashLoopBackOff" in the warning colour, not a green Running; a healthy group keeps
// its plain Running badge; the list's item from the API carries the condition. The Events page's
// chart draws the crash loop's occurrences over the five minutes they span, in a range fitted to
// them (the last 15 minutes), not as one bar at the last repeat at the end of a day.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSkip, launchBrowser, screenshots, type BrowserSession, signIn } from './support/browser.js';
import { sdkClient, startServer, type EciClient, type Server } from './support/eci-sdk.js';
import { create } from './support/eci-views.js';
import { signedFetch, TEST_KEY } from './support/signed-fetch.js';

const missing = browserSkip('console crash-loop browser tests');

describe.skipIf(Boolean(missing))('a crash-looping group in the console', () => {
  let server: Server;
  let sdk: EciClient;
  let b: BrowserSession;
  let page: Page;
  let crashing: string;
  let healthy: string;
  const shots: string[] = [];

  beforeAll(async () => {
    server = await startServer(':memory:', ['--clock', 'virtual', '--clock-start', '2026-05-01T00:00:00Z', '--throttle-rate', '0']);
    sdk = sdkClient(server.host, 'v3');
    crashing = await create(sdk, 'crasher', { restartPolicy: 'Always' }, [{ name: 'app', image: 'busybox', command: ['sh', '-c', 'exit 1'] }]);
    healthy = await create(sdk, 'steady', { restartPolicy: 'Always' }, [{ name: 'app', image: 'busybox', command: ['sleep', 'infinity'] }]);
    const res = await signedFetch(`${server.url}/v1/clock`, { body: JSON.stringify({ advance: '5m' }) });
    expect(res.status).toBe(200);
    b = await launchBrowser();
    page = b.page;
  });
  afterAll(async () => {
    await b?.close();
    await server?.stop();
    if (shots.length) console.log(`console screenshots:\n  ${shots.join('\n  ')}`);
  });

  it('shows Running · CrashLoopBackOff in the warning colour in the list and on the group page', async () => {
    const items = (
      (await (await signedFetch(`${server.url}/v1/groups`)).json()) as { items: Array<{ containerGroupId: string; status: string; condition?: string }> }
    ).items;
    expect(items.find((i) => i.containerGroupId === crashing)).toMatchObject({ status: 'Running', condition: 'CrashLoopBackOff' });
    expect(items.find((i) => i.containerGroupId === healthy)).toMatchObject({ status: 'Running' });
    expect(items.find((i) => i.containerGroupId === healthy)!.condition).toBeUndefined();

    await signIn(page, server.url, TEST_KEY);
    const badge = (id: string) => page.locator(`tr[data-group="${id}"] .status`);
    await badge(crashing).waitFor();
    expect(await badge(crashing).innerText()).toBe('Running · CrashLoopBackOff');
    expect(await badge(healthy).innerText()).toBe('Running');
    const colours = async (id: string) => badge(id).evaluate((el) => getComputedStyle(el).color);
    const warning = await page.evaluate(() => {
      const probe = document.createElement('span');
      probe.style.color = 'var(--warning)';
      document.body.append(probe);
      const c = getComputedStyle(probe).color;
      probe.remove();
      return c;
    });
    const normal = await page.evaluate(() => {
      const probe = document.createElement('span');
      probe.style.color = 'var(--normal)';
      document.body.append(probe);
      const c = getComputedStyle(probe).color;
      probe.remove();
      return c;
    });
    expect(warning).not.toBe(normal);
    expect(await colours(crashing)).toBe(warning);
    expect(await colours(healthy)).toBe(normal);
    shots.push(...(await screenshots(page, 'groups-crash-loop')));

    await page.goto(`${server.url}/groups/${crashing}`);
    const head = page.locator('.status').first();
    await head.waitFor();
    expect(await head.innerText()).toBe('Running · CrashLoopBackOff');
    expect(await head.evaluate((el) => getComputedStyle(el).color)).toBe(warning);
  });

  it("charts the crash loop's occurrences over their span, in a range fitted to them", async () => {
    interface Histogram {
      from: string;
      to: string;
      bucketSeconds: number;
      buckets: Array<{ start: string; Normal: number; Warning: number }>;
    }
    const get = async <T>(path: string) => (await (await signedFetch(`${server.url}${path}`)).json()) as T;
    const events = (
      await get<{ items: Array<{ reason: string; type: string; count: number; firstTimestamp: string; lastTimestamp: string }> }>('/v1/events?limit=500')
    ).items;
    const backOff = events.find((e) => e.reason === 'BackOff')!;
    // One stored event counted up over minutes: the case a chart by last timestamp drew as one bar.
    expect(Date.parse(backOff.lastTimestamp) - Date.parse(backOff.firstTimestamp)).toBeGreaterThan(120_000);
    expect(backOff.count).toBeGreaterThan(3);

    const h = await get<Histogram>('/v1/events/histogram?buckets=60');
    // Five minutes of events: the shortest preset that holds them, 15 minutes, in 15 s bars.
    expect([(Date.parse(h.to) - Date.parse(h.from)) / 1000, h.bucketSeconds]).toEqual([900, 15]);
    const sum = (t: 'Normal' | 'Warning') => h.buckets.reduce((n, b) => n + b[t], 0);
    expect([sum('Warning'), sum('Normal')]).toEqual([
      events.filter((e) => e.type === 'Warning').reduce((n, e) => n + e.count, 0),
      events.filter((e) => e.type === 'Normal').reduce((n, e) => n + e.count, 0),
    ]);
    const warningBars = h.buckets.filter((b) => b.Warning > 0);
    expect(warningBars.length).toBeGreaterThan(5);
    // Never all of them in the last bar: the bars run from the loop's start to its end.
    expect(Math.max(...warningBars.map((b) => b.Warning))).toBeLessThan(sum('Warning') / 2);

    await page.goto(`${server.url}/events`);
    await page.locator('.chart-svg').waitFor();
    await page.locator('.chart-title', { hasText: 'last 15 minutes, fitted to the events' }).waitFor();
    expect(await page.locator('.chart-svg g.bar rect.warning').count()).toBe(warningBars.length);
    shots.push(...(await screenshots(page, 'events-chart-crash-loop')));
  });
});
