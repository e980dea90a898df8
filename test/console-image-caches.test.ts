// The console's Image caches page in Chromium (playwright-core, /usr/bin/chromium) against
// `eci-events serve --world FILE --clock virtual`: a cache made with the official SDK shows in the
// list and moves from Preparing through Creating to Ready as the clock advances, without a reload
// (its build's events come on the change stream); its page's Events tab shows what
// GET /v1/events?kind=ImageCache&name=ID answers, with counts, and takes new events live.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { formatTime } from '../console/src/lib/format.js';
import type { EventJson } from '../console/src/lib/types.js';
import { browserSkip, launchBrowser, offMachine, screenshots, TIME_ZONE, type BrowserSession, openFromNav, signIn } from './support/browser.js';
import { $Eci, until } from './support/eci-sdk.js';
import { TEST_KEY } from './support/signed-fetch.js';
import { DEFAULT, startWorld, type WorldServer } from './support/world-scenarios.js';

const missing = browserSkip('console image caches browser tests');

describe.skipIf(Boolean(missing))("the console's image caches in a browser", () => {
  let ws: WorldServer;
  let b: BrowserSession;
  let page: Page;
  let id: string;
  const shots: string[] = [];
  const shoot = async (name: string) => shots.push(...(await screenshots(page, name)));

  const summary = async () => {
    const r = await ws.control('GET', `/v1/image-caches/${id}`);
    expect(r.status).toBe(200);
    return r.body.summary as { status: string; progress: string; eventCount: number };
  };
  /** Advances the clock a step at a time until the service says the cache has this status. */
  const advanceUntil = async (status: string) => {
    for (let i = 0; i < 60 && (await summary()).status !== status; i++) await ws.advance('5s');
    expect((await summary()).status).toBe(status);
  };
  const rowStatus = () => page.locator(`tr[data-cache="${id}"] td[data-label="Status"]`).innerText();
  /** The Events table as the user reads it: reason and message, type, count, start, end. */
  const tableRows = () =>
    page.$$eval('table.events tbody tr.event', (trs) =>
      trs.map((tr) => {
        const text = (sel: string) => (tr.querySelector(sel) as HTMLElement | null)?.innerText.trim().replace(/\s+/g, ' ') ?? '';
        return [text('td[data-label="Type"]'), text('td.desc'), text('td.count'), text('td[data-label="Started At"]'), text('td[data-label="Ended At"]')];
      }),
    );
  const apiRows = async () => {
    const r = await ws.control('GET', `/v1/events?kind=ImageCache&name=${id}&limit=100`);
    return (r.body.items as EventJson[]).map((e) => [
      e.type,
      `${e.reason} ${e.message}`,
      e.count.toLocaleString('en-US'),
      formatTime(e.firstTimestamp, TIME_ZONE),
      formatTime(e.lastTimestamp, TIME_ZONE),
    ]);
  };
  const expectTableToMatchApi = async () => {
    let want: string[][] = [];
    await until(
      () => `the table to match the cache's events: ${JSON.stringify(want.slice(0, 3))}`,
      async () => {
        want = await apiRows();
        return JSON.stringify(await tableRows()) === JSON.stringify(want) ? true : undefined;
      },
      30_000,
      150,
    );
    return want;
  };

  beforeAll(async () => {
    ws = await startWorld('console-imc', {
      regions: [{ regionId: 'cn-hangzhou', idPrefix: 'bp1', zones: [{ zoneId: 'cn-hangzhou-k' }] }],
      registries: [
        { host: 'reg.example.com', speedMBps: 100, latencyMs: 5, closed: true, images: [{ repository: 'team/web', tags: ['1'], sizeMB: 500, layers: 4 }] },
      ],
    });
    const r = await ws.client(DEFAULT).createImageCache(
      new $Eci.CreateImageCacheRequest({
        regionId: 'cn-hangzhou',
        imageCacheName: 'web-cache',
        image: ['reg.example.com/team/web:1'],
        standardCopyCount: 2,
        retentionDays: 7,
      }),
    );
    expect(r.statusCode).toBe(200);
    id = r.body!.imageCacheId!;
    b = await launchBrowser();
    page = b.page;
  });

  afterAll(async () => {
    await b?.close();
    await ws?.stop();
    if (shots.length) console.log(`console screenshots:\n  ${shots.join('\n  ')}`);
  });

  it('signs in and opens Image caches from the navigation: the cache with its status, images, size and times', async () => {
    await signIn(page, ws.server.url, TEST_KEY);
    await openFromNav(page, 'Image caches');
    const row = page.locator(`tr[data-cache="${id}"]`);
    await row.waitFor();
    expect(await rowStatus()).toBe('Preparing');
    expect(await row.locator('td[data-label="Name"]').innerText()).toBe('web-cache');
    expect(await row.locator('td[data-label="Images"]').innerText()).toBe('reg.example.com/team/web:1');
    expect(await row.locator('td[data-label="Size"]').innerText()).toBe('20 GiB');
    expect(await row.locator('td[data-label="Progress"]').innerText()).toBe('0%');
    // 2026-03-01T00:00:00.5Z in China Standard Time; retention: 7 days later.
    expect(await row.locator('td[data-label="Created"]').innerText()).toBe('2026-03-01 08:00:00');
    expect(await row.locator('td[data-label="Expires"]').innerText()).toBe('2026-03-08 08:00:00');
    expect(await page.locator('table.image-caches thead th').allInnerTexts()).toEqual([
      'Image cache ID',
      'Name',
      'Status',
      'Images',
      'Size',
      'Progress',
      'Created',
      'Expires',
      'Events',
    ]);
    await shoot('image-caches-preparing');
  });

  it('moves the cache to Creating, then to Ready as the clock advances, without a reload', async () => {
    const navigations: string[] = [];
    page.on('framenavigated', (f) => navigations.push(f.url()));
    await advanceUntil('Creating');
    await until('the row to say Creating', async () => ((await rowStatus()) === 'Creating' ? true : undefined), 30_000, 100);
    await advanceUntil('Ready');
    await until('the row to say Ready', async () => ((await rowStatus()) === 'Ready' ? true : undefined), 30_000, 100);
    const row = page.locator(`tr[data-cache="${id}"]`);
    expect(await row.locator('.status').getAttribute('class')).toBe('status status-Ready');
    expect(await row.locator('td[data-label="Progress"]').innerText()).toBe('100%');
    // The same figure as the build's ImageCacheCapacityUtilization event: 500 MB of layers.
    expect(await row.locator('td[data-label="Size"]').innerText()).toBe('0.47 of 20 GiB');
    // The row's status and its event count come from different live changes (the cache's, then its
    // event's): the count may follow a moment later on a loaded machine.
    const { eventCount } = await summary();
    await until(
      () => `the row to count ${eventCount} events`,
      async () => (Number(await row.locator('td[data-label="Events"]').innerText()) === eventCount ? true : undefined),
      30_000,
      100,
    );
    expect(navigations).toEqual([]);
    await shoot('image-caches-ready');
  });

  it("opens the cache: Basic information, then its Events tab laid out as a group's, with the API's events and counts", async () => {
    await page.locator(`tr[data-cache="${id}"] td[data-label="ID"] a`).click();
    await page.getByRole('heading', { name: 'Basic information' }).waitFor();
    const basic = await page.locator('.basic').innerText();
    expect(basic).toContain(id);
    expect(basic).toContain('reg.example.com/team/web:1');
    expect(await page.locator('.group-head .status').innerText()).toBe('Ready');
    await shoot('image-cache-basic-information');

    await page
      .locator('nav.tabs')
      .getByRole('link', { name: /^Events/ })
      .click();
    await page.waitForSelector('table.events tbody tr.event');
    expect(page.url()).toBe(`${ws.server.url}/image-caches/${id}/events`);
    const headers = await page.$$eval('table.events thead th', (ths) => ths.map((th) => (th as HTMLElement).innerText.trim()));
    expect(headers).toEqual(['Event Name', 'Type', 'Description', 'Count', 'Started At', 'Ended At']);
    const shown = await expectTableToMatchApi();
    const reasons = shown.map((r) => r[1]!.split(' ')[0]);
    expect(reasons[0]).toBe('ImageCacheFinished');
    expect(reasons).toContain('ImageCacheCreate');
    expect(shown.map((r) => r[1])).toContain('ImageCacheCapacityUtilization Total capacity utilization of current CacheDisk is 0.47GB / 20GB');
    expect(shown[0]).toEqual(['Normal', `ImageCacheFinished Image cache [${id}] has been made successfully`, '1', expect.any(String), expect.any(String)]);
    expect(Number(await page.getByTestId('event-count').innerText())).toBe(shown.length);
    expect(
      await page
        .locator('nav.tabs')
        .getByRole('link', { name: /^Events/ })
        .innerText(),
    ).toBe(`Events (${shown.length})`);
    await shoot('image-cache-events');
  });

  it("takes the copies' events live, and filters the tab as a group's", async () => {
    const before = (await tableRows()).length;
    await ws.advance('30s');
    await until(
      'ImageCacheCopyFinished on the Events tab',
      async () => ((await tableRows()).some((r) => r[1]!.startsWith('ImageCacheCopyFinished')) ? true : undefined),
      30_000,
      100,
    );
    const shown = await expectTableToMatchApi();
    expect(shown.length).toBeGreaterThan(before);
    await until(
      'the count to follow',
      async () => (Number(await page.getByTestId('event-count').innerText()) === shown.length ? true : undefined),
      30_000,
      100,
    );
    await page.fill('#cev-q', 'made successfully');
    await until(
      'the filtered table',
      async () => {
        const rows = await tableRows();
        return rows.length > 0 && rows.every((r) => /made successfully/.test(r[1]!)) && rows.length < shown.length ? true : undefined;
      },
      30_000,
      100,
    );
    expect(page.url()).toContain('q=made+successfully');
  });

  it('says so for a cache that is not in the account, and nothing left the machine', async () => {
    await page.goto(`${ws.server.url}/image-caches/imc-bp1nothere0000000000`);
    await page.getByText('There is no image cache imc-bp1nothere0000000000 in this account.').waitFor();
    expect(offMachine(b.requests)).toEqual([]);
    const path = (f: string) => f.replace(ws.server.url, '').replace(/\?.*$/, '');
    expect([...new Set(b.failures.map(path))].sort()).toEqual(['401 GET /v1/session', '404 GET /v1/image-caches/imc-bp1nothere0000000000']);
    expect(b.errors.filter((e) => !/Failed to load resource: the server responded with a status of (401|404)/.test(e))).toEqual([]);
  });
});
