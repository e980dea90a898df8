// The console's Data caches page in Chromium (playwright-core, /usr/bin/chromium) against
// `eci-events serve --world FILE --clock virtual`: caches made with the official SDK show in the
// list and move from Creating to their end as the clock advances, without a reload: one loads and
// is Available, one holds more data than it can and is Failed with DataCacheLoadFailed. The failed
// cache's page shows its Basic information and, on its Events tab, what
// GET /v1/events?kind=DataCache&name=ID answers, with counts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { formatTime } from '../console/src/lib/format.js';
import type { EventJson } from '../console/src/lib/types.js';
import { browserSkip, launchBrowser, offMachine, screenshots, TIME_ZONE, type BrowserSession, openFromNav, signIn } from './support/browser.js';
import { $Eci, until } from './support/eci-sdk.js';
import { TEST_KEY } from './support/signed-fetch.js';
import { DEFAULT, startWorld, type WorldServer } from './support/world-scenarios.js';

const HZ = 'cn-hangzhou';
const missing = browserSkip('console data caches browser tests');

describe.skipIf(Boolean(missing))("the console's data caches in a browser", () => {
  let ws: WorldServer;
  let b: BrowserSession;
  let page: Page;
  let good: string;
  let bad: string;
  const shots: string[] = [];
  const shoot = async (name: string) => shots.push(...(await screenshots(page, name)));

  const summary = async (id: string) => {
    const r = await ws.control('GET', `/v1/data-caches/${id}`);
    expect(r.status).toBe(200);
    return r.body.summary as { status: string; progress: string; eventCount: number; warningCount: number };
  };
  const rowStatus = (id: string) => page.locator(`tr[data-cache="${id}"] td[data-label="Status"]`).innerText();
  const tableRows = () =>
    page.$$eval('table.events tbody tr.event', (trs) =>
      trs.map((tr) => {
        const text = (sel: string) => (tr.querySelector(sel) as HTMLElement | null)?.innerText.trim().replace(/\s+/g, ' ') ?? '';
        return [text('td[data-label="Type"]'), text('td.desc'), text('td.count'), text('td[data-label="Started At"]'), text('td[data-label="Ended At"]')];
      }),
    );
  const apiRows = async (id: string) => {
    const r = await ws.control('GET', `/v1/events?kind=DataCache&name=${id}&limit=100`);
    return (r.body.items as EventJson[]).map((e) => [
      e.type,
      `${e.reason} ${e.message}`,
      e.count.toLocaleString('en-US'),
      formatTime(e.firstTimestamp, TIME_ZONE),
      formatTime(e.lastTimestamp, TIME_ZONE),
    ]);
  };
  const create = async (path: string, url: string, name: string) => {
    const dataSource = new $Eci.CreateDataCacheRequestDataSource({ type: 'URL', options: { url } });
    const r = await ws.client(DEFAULT).createDataCache(new $Eci.CreateDataCacheRequest({ regionId: HZ, path, name, bucket: 'models', size: 20, dataSource }));
    expect(r.statusCode).toBe(200);
    return r.body!.dataCacheId!;
  };

  beforeAll(async () => {
    ws = await startWorld('console-dc', {
      regions: [{ regionId: HZ, idPrefix: 'bp1', zones: [{ zoneId: 'cn-hangzhou-k' }] }],
      dataSources: [
        { type: 'URL', location: 'https://models.example.com/qwen-7b', sizeGB: 2 },
        { type: 'URL', location: 'https://models.example.com/huge', sizeGB: 30 },
      ],
    });
    good = await create('/qwen', 'https://models.example.com/qwen-7b', 'qwen');
    bad = await create('/huge', 'https://models.example.com/huge', 'huge');
    b = await launchBrowser();
    page = b.page;
  });

  afterAll(async () => {
    await b?.close();
    await ws?.stop();
    if (shots.length) console.log(`console screenshots:\n  ${shots.join('\n  ')}`);
  });

  it('signs in and opens Data caches from the navigation: each cache with its status, bucket and path, source, size and progress', async () => {
    await signIn(page, ws.server.url, TEST_KEY);
    await openFromNav(page, 'Data caches');
    const row = page.locator(`tr[data-cache="${good}"]`);
    await row.waitFor();
    expect(await rowStatus(good)).toBe('Creating');
    expect(await row.locator('td[data-label="Name"]').innerText()).toBe('qwen');
    expect(await row.locator('td[data-label="Bucket / path"]').innerText()).toBe('models:/qwen');
    expect(await row.locator('td[data-label="Source"]').innerText()).toBe('URL https://models.example.com/qwen-7b');
    expect(await row.locator('td[data-label="Size"]').innerText()).toBe('20 GiB');
    expect(await row.locator('td[data-label="Progress"]').innerText()).toBe('0%');
    expect(await row.locator('td[data-label="Created"]').innerText()).toBe('2026-03-01 08:00:00');
    expect(await page.locator('table.data-caches thead th').allInnerTexts()).toEqual([
      'Data cache ID',
      'Name',
      'Status',
      'Bucket / path',
      'Source',
      'Size',
      'Progress',
      'Created',
      'Events',
    ]);
    expect(await page.locator('.count-line').innerText()).toBe('2 of 2 data caches · newest first');
    await shoot('data-caches-creating');
  });

  it('moves each cache to its end as the clock advances, without a reload: Available, and Failed with a Warning', async () => {
    const navigations: string[] = [];
    page.on('framenavigated', (f) => navigations.push(f.url()));
    for (let i = 0; i < 80 && ((await summary(good)).status !== 'Available' || (await summary(bad)).status !== 'Failed'); i++) await ws.advance('10s');
    expect((await summary(good)).status).toBe('Available');
    expect((await summary(bad)).status).toBe('Failed');
    await until(
      'the rows to say Available and Failed',
      async () => ((await rowStatus(good)) === 'Available' && (await rowStatus(bad)) === 'Failed' ? true : undefined),
      30_000,
      100,
    );
    const row = page.locator(`tr[data-cache="${good}"]`);
    expect(await row.locator('.status').getAttribute('class')).toBe('status status-Available');
    expect(await row.locator('td[data-label="Progress"]').innerText()).toBe('100%');
    const failed = await summary(bad);
    expect(failed.warningCount).toBeGreaterThan(0);
    const badRow = page.locator(`tr[data-cache="${bad}"]`);
    // The Warning arrives as a live change of its own, after the cache's status: on a loaded
    // machine the count may follow a moment later.
    await until(
      () => `the failed row to count ${failed.warningCount} Warnings`,
      async () =>
        (await badRow.locator('.warn-count').count()) && (await badRow.locator('.warn-count').innerText()) === String(failed.warningCount) ? true : undefined,
      30_000,
      100,
    );
    expect(await badRow.getAttribute('class')).toBe('has-warnings');
    expect(await row.locator('td[data-label="Events"]').innerText()).toBe('0');
    expect(navigations).toEqual([]);
    await shoot('data-caches-settled');
  });

  it("opens the failed cache: Basic information, then its Events tab with the API's events and counts", async () => {
    await page.locator(`tr[data-cache="${bad}"] td[data-label="ID"] a`).click();
    await page.getByRole('heading', { name: 'Basic information' }).waitFor();
    const basic = await page.locator('.basic').innerText();
    expect(basic).toContain(bad);
    expect(basic).toContain('URL https://models.example.com/huge');
    expect(basic).toMatch(/Loaded by\s+eci-/);
    expect(await page.locator('.group-head .status').innerText()).toBe('Failed');
    await shoot('data-cache-basic-information');

    await page
      .locator('nav.tabs')
      .getByRole('link', { name: /^Events/ })
      .click();
    await page.waitForSelector('table.events tbody tr.event');
    expect(page.url()).toBe(`${ws.server.url}/data-caches/${bad}/events`);
    let want: string[][] = [];
    await until(
      () => `the table to match the cache's events: ${JSON.stringify(want)}`,
      async () => {
        want = await apiRows(bad);
        return JSON.stringify(await tableRows()) === JSON.stringify(want) ? true : undefined;
      },
      30_000,
      150,
    );
    expect(want.map((r) => r[1])).toContain('DataCacheLoadFailed Some error occurred when loading data cache, see the detail in the log of job');
    expect(want.every((r) => r[0] === 'Warning')).toBe(true);
    expect(Number(await page.getByTestId('event-count').innerText())).toBe(want.length);
    expect(Number(await page.getByTestId('warning-count').innerText())).toBe(want.length);
    expect(
      await page
        .locator('nav.tabs')
        .getByRole('link', { name: /^Events/ })
        .innerText(),
    ).toBe(`Events (${want.length})`);
    await shoot('data-cache-events');
  });

  it('says so for a cache that is not in the account, and nothing left the machine', async () => {
    await page.goto(`${ws.server.url}/data-caches/edc-nothere`);
    await page.getByText('There is no data cache edc-nothere in this account.').waitFor();
    expect(offMachine(b.requests)).toEqual([]);
    const path = (f: string) => f.replace(ws.server.url, '').replace(/\?.*$/, '');
    expect([...new Set(b.failures.map(path))].sort()).toEqual(['401 GET /v1/session', '404 GET /v1/data-caches/edc-nothere']);
    expect(b.errors.filter((e) => !/Failed to load resource: the server responded with a status of (401|404)/.test(e))).toEqual([]);
  });
});
