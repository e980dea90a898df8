// The console's Virtual nodes page in Chromium (playwright-core, /usr/bin/chromium) against
// `eci-events serve --world FILE --clock virtual`: nodes made with the official SDK show in the
// list and move from Pending to Ready (or Failed, a kubeconfig with no cluster) as the clock
// advances, without a reload (each step records an event of kind Node on the change stream); a
// node's page shows its Basic information and, on its Events tab, what GET /v1/events answers for
// kind=Node, its name and its instance, with counts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { formatTime } from '../console/src/lib/format.js';
import type { EventJson } from '../console/src/lib/types.js';
import { browserSkip, launchBrowser, offMachine, screenshots, TIME_ZONE, type BrowserSession, openFromNav, signIn } from './support/browser.js';
import { $Eci, until } from './support/eci-sdk.js';
import { TEST_KEY } from './support/signed-fetch.js';
import { DEFAULT, startWorld, type WorldServer } from './support/world-scenarios.js';

const HZ = 'cn-hangzhou';
const KUBECONFIG =
  "apiVersion: v1\nkind: Config\nclusters:\n- name: prod\n  cluster: { server: 'https://10.0.0.1:6443' }\ncontexts:\n- name: prod\n  context: { cluster: prod, user: admin }\ncurrent-context: prod\nusers:\n- name: admin\n  user: { token: abc }\n";
const missing = browserSkip('console virtual nodes browser tests');

describe.skipIf(Boolean(missing))("the console's virtual nodes in a browser", () => {
  let ws: WorldServer;
  let b: BrowserSession;
  let page: Page;
  let good: string;
  let broken: string;
  const shots: string[] = [];
  const shoot = async (name: string) => shots.push(...(await screenshots(page, name)));

  const summary = async (id: string) => {
    const r = await ws.control('GET', `/v1/virtual-nodes/${id}`);
    expect(r.status).toBe(200);
    return r.body.summary as { status: string; name: string; eciInstanceId: string; eventCount: number; warningCount: number };
  };
  const rowStatus = (id: string) => page.locator(`tr[data-node="${id}"] td[data-label="Status"]`).innerText();
  const tableRows = () =>
    page.$$eval('table.events tbody tr.event', (trs) =>
      trs.map((tr) => {
        const text = (sel: string) => (tr.querySelector(sel) as HTMLElement | null)?.innerText.trim().replace(/\s+/g, ' ') ?? '';
        return [text('td[data-label="Type"]'), text('td.desc'), text('td.count'), text('td[data-label="Started At"]'), text('td[data-label="Ended At"]')];
      }),
    );
  const create = async (name: string, kubeConfig: string) => {
    const r = await ws.client(DEFAULT).createVirtualNode(
      new $Eci.CreateVirtualNodeRequest({
        regionId: HZ,
        vSwitchId: 'vsw-bp1k',
        securityGroupId: 'sg-bp1main',
        virtualNodeName: name,
        kubeConfig: Buffer.from(kubeConfig).toString('base64'),
      }),
    );
    expect(r.statusCode).toBe(200);
    return r.body!.virtualNodeId!;
  };

  beforeAll(async () => {
    ws = await startWorld('console-vn', {
      regions: [
        {
          regionId: HZ,
          idPrefix: 'bp1',
          zones: [{ zoneId: 'cn-hangzhou-k' }],
          vpcs: [{ vpcId: 'vpc-bp1main', isDefault: true, vSwitches: [{ vSwitchId: 'vsw-bp1k', zoneId: 'cn-hangzhou-k', cidr: '172.16.0.0/20' }] }],
          securityGroups: [{ securityGroupId: 'sg-bp1main', vpcId: 'vpc-bp1main' }],
        },
      ],
    });
    good = await create('vk-good', KUBECONFIG);
    broken = await create('vk-broken', 'apiVersion: v1\nkind: Config\nclusters: []\n');
    b = await launchBrowser();
    page = b.page;
  });

  afterAll(async () => {
    await b?.close();
    await ws?.stop();
    if (shots.length) console.log(`console screenshots:\n  ${shots.join('\n  ')}`);
  });

  it('signs in and opens Virtual nodes from the navigation: each node with its status, name, zone, address and capacity', async () => {
    await signIn(page, ws.server.url, TEST_KEY);
    await openFromNav(page, 'Virtual nodes');
    const row = page.locator(`tr[data-node="${good}"]`);
    await row.waitFor();
    expect(await rowStatus(good)).toBe('Pending');
    expect(await row.locator('td[data-label="Name"]').innerText()).toBe('vk-good');
    expect(await row.locator('td[data-label="Zone"]').innerText()).toBe('cn-hangzhou-k');
    expect(await row.locator('td[data-label="Private IP"]').innerText()).toMatch(/^172\.16\.\d+\.\d+$/);
    expect(await row.locator('td[data-label="Capacity"]').innerText()).toMatch(/^\d+ vCPU · \d+ GiB · \d+ pods$/);
    expect(await row.locator('td[data-label="Events"]').innerText()).toBe('1');
    expect(await page.locator('table.virtual-nodes thead th').allInnerTexts()).toEqual([
      'Virtual node ID',
      'Name',
      'Status',
      'Zone',
      'Private IP',
      'Capacity',
      'Created',
      'Events',
    ]);
    await shoot('virtual-nodes-pending');
  });

  it('moves the nodes to Ready and Failed as the clock advances, without a reload', async () => {
    const navigations: string[] = [];
    page.on('framenavigated', (f) => navigations.push(f.url()));
    for (let i = 0; i < 30 && ((await summary(good)).status !== 'Ready' || (await summary(broken)).status !== 'Failed'); i++) await ws.advance('10s');
    await until(
      'the rows to say Ready and Failed',
      async () => ((await rowStatus(good)) === 'Ready' && (await rowStatus(broken)) === 'Failed' ? true : undefined),
      30_000,
      100,
    );
    expect(await page.locator(`tr[data-node="${good}"] .status`).getAttribute('class')).toBe('status status-Ready');
    const failed = await summary(broken);
    expect(failed.warningCount).toBeGreaterThan(0);
    await until(
      'the Warning count of the failed node',
      async () =>
        (await page
          .locator(`tr[data-node="${broken}"] .warn-count`)
          .innerText()
          .catch(() => '')) === String(failed.warningCount)
          ? true
          : undefined,
      30_000,
      100,
    );
    expect(navigations).toEqual([]);
    await shoot('virtual-nodes-settled');
  });

  it("opens the Ready node: Basic information, then its Events tab with the API's events and counts", async () => {
    await page.locator(`tr[data-node="${good}"] td[data-label="ID"] a`).click();
    await page.getByRole('heading', { name: 'Basic information' }).waitFor();
    const basic = await page.locator('.basic').innerText();
    expect(basic).toContain(good);
    expect(basic).toContain('https://10.0.0.1:6443');
    expect(await page.locator('.group-head .status').innerText()).toBe('Ready');
    await shoot('virtual-node-basic-information');

    await page
      .locator('nav.tabs')
      .getByRole('link', { name: /^Events/ })
      .click();
    await page.waitForSelector('table.events tbody tr.event');
    expect(page.url()).toBe(`${ws.server.url}/virtual-nodes/${good}/events`);
    const s = await summary(good);
    let want: string[][] = [];
    await until(
      () => `the table to match the node's events: ${JSON.stringify(want)}`,
      async () => {
        const r = await ws.control('GET', `/v1/events?kind=Node&name=${s.name}&containerGroupId=${s.eciInstanceId}&limit=100`);
        want = (r.body.items as EventJson[]).map((e) => [
          e.type,
          `${e.reason} ${e.message}`,
          e.count.toLocaleString('en-US'),
          formatTime(e.firstTimestamp, TIME_ZONE),
          formatTime(e.lastTimestamp, TIME_ZONE),
        ]);
        return JSON.stringify(await tableRows()) === JSON.stringify(want) ? true : undefined;
      },
      30_000,
      150,
    );
    expect(want.map((r) => r[1]!.split(' ')[0])).toEqual(['CreateVnodeSuccess', 'CreateEciForVnode']);
    expect(want[0]).toEqual(['Normal', 'CreateVnodeSuccess Create vnode success', '1', expect.any(String), expect.any(String)]);
    expect(Number(await page.getByTestId('event-count').innerText())).toBe(want.length);
    expect(
      await page
        .locator('nav.tabs')
        .getByRole('link', { name: /^Events/ })
        .innerText(),
    ).toBe(`Events (${want.length})`);
    await shoot('virtual-node-events');
  });

  it('says so for a node that is not in the account, and nothing left the machine', async () => {
    await page.goto(`${ws.server.url}/virtual-nodes/vnd-nothere`);
    await page.getByText('There is no virtual node vnd-nothere in this account.').waitFor();
    expect(offMachine(b.requests)).toEqual([]);
    const path = (f: string) => f.replace(ws.server.url, '').replace(/\?.*$/, '');
    expect([...new Set(b.failures.map(path))].sort()).toEqual(['401 GET /v1/session', '404 GET /v1/virtual-nodes/vnd-nothere']);
    expect(b.errors.filter((e) => !/Failed to load resource: the server responded with a status of (401|404)/.test(e))).toEqual([]);
  });
});
