// The console's Diagnosis panel and Diagnoses page (issue 17) in Chromium (playwright-core,
// /usr/bin/chromium), against `eci-events serve --world --clock virtual`: causes made to happen
// as the diagnosis scenarios do (no stock of a type in two zones, an OOM crash loop, a host
// failure the instance recovered from, an image cache miss), then the group page's panel and the
// account view are read as a user sees them and checked against the world's own values and the
// JSON route. Screenshots at desktop and phone widths go to test-artifacts/console/.
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatTime } from '../console/src/lib/format.js';
import type { Diagnosis } from '../src/diagnosis/shape.js';
import type { WorldSpec } from '../src/emulator/world/spec.js';
import { browserSkip, launchBrowser, offMachine, openFromNav, screenshots, signIn, TIME_ZONE, type BrowserSession } from './support/browser.js';
import { accountDiagnoses, diagnosisOf } from './support/diagnosis.js';
import { TEST_KEY } from './support/signed-fetch.js';
import { DEFAULT, clearFault, createGroup, expectStatus, injectFault, placementOf, startWorld, type WorldServer } from './support/world-scenarios.js';

const HZ = 'cn-hangzhou';
const WORLD: WorldSpec = {
  regions: [
    {
      regionId: HZ,
      idPrefix: 'bp1',
      defaultZoneId: 'cn-hangzhou-h',
      // ecs.g6.large: none in k and j, plenty in h; g has hosts one can fail.
      zones: [
        { zoneId: 'cn-hangzhou-k', stock: { 'ecs.c6.large': 50 } },
        { zoneId: 'cn-hangzhou-j', stock: { 'ecs.c6.large': 50 } },
        {
          zoneId: 'cn-hangzhou-g',
          hosts: [
            { id: 'h-g1', vcpu: 8 },
            { id: 'h-g2', vcpu: 8 },
          ],
        },
        { zoneId: 'cn-hangzhou-h' },
      ],
    },
    // A region where the account runs nothing: the account view filtered to it is empty.
    { regionId: 'cn-shanghai', idPrefix: 'uf6', zones: [{ zoneId: 'cn-shanghai-l' }] },
  ],
};

const missing = browserSkip('console diagnosis browser tests');

/** What the panel shows of one cause, read from the page. */
async function causeOnPage(li: Locator) {
  return {
    title: await li.locator('h3').innerText(),
    when: await li.locator('.when').innerText(),
    remedy: await li.locator('.remedy').innerText(),
    facts: await li.locator('.cause-facts li').allInnerTexts(),
    // textContent: the role tag is upper-cased by CSS only.
    chain: (await li
      .locator('li.evidence')
      .evaluateAll((els) =>
        els.map((el) => `${el.querySelector('.role-tag')?.textContent} ${el.querySelector('.reason')?.textContent} ${el.querySelector('.count')?.textContent}`),
      )) as string[],
  };
}

describe.skipIf(Boolean(missing))("the console's diagnosis", () => {
  let ws: WorldServer;
  let b: BrowserSession;
  let page: Page;
  const noStock: string[] = [];
  let recovered: string;
  let missed: string;
  const shots: string[] = [];
  const panel = () => page.getByTestId('diagnosis');

  const failed = async (name: string, zoneId: string) => {
    const g = await createGroup(ws, DEFAULT, name, { zoneId, instanceType: 'ecs.g6.large' });
    await ws.advance('2s');
    await expectStatus(ws, DEFAULT, HZ, g.id, 'ScheduleFailed');
    return g.id;
  };

  const openGroup = async (id: string, state: string) => {
    await page.goto(`${ws.server.url}/groups/${id}`);
    await panel().locator(`.state-${state}`).waitFor();
  };

  beforeAll(async () => {
    ws = await startWorld('console-diagnosis', WORLD);
    noStock.push(await failed('no-stock-k', 'cn-hangzhou-k'), await failed('no-stock-j', 'cn-hangzhou-j'), await failed('no-stock-k2', 'cn-hangzhou-k'));
    const onHost = await createGroup(ws, DEFAULT, 'on-host', { zoneId: 'cn-hangzhou-g' });
    await ws.advance('2s');
    const fault = await injectFault(ws, { kind: 'host-failure', target: (await placementOf(ws, onHost.id))!.hostId });
    await ws.advance('2s');
    await expectStatus(ws, DEFAULT, HZ, onHost.id, 'Running');
    await clearFault(ws, fault);
    recovered = onHost.id;
    missed = (await createGroup(ws, DEFAULT, 'cache-miss', { autoMatchImageCache: true, containers: [{ name: 'app', image: 'alpine:3.19' }] })).id;
    await ws.advance('5s');
    b = await launchBrowser();
    page = b.page;
    await signIn(page, ws.server.url, TEST_KEY);
  }, 120_000);
  afterAll(async () => {
    await b?.close();
    await ws?.stop();
    if (shots.length) console.log(`console screenshots:\n  ${shots.join('\n  ')}`);
  });

  it('NoStock: the panel says Unhealthy, the zone and type, the zone with stock now, and the chain', async () => {
    const id = noStock[0]!;
    const d = await diagnosisOf(ws, id);
    await openGroup(id, 'unhealthy');
    expect(await panel().locator('.state').innerText()).toBe('Unhealthy');
    expect(await panel().locator('.diagnosis-summary').innerText()).toBe('Unhealthy: NoStock of ecs.g6.large in cn-hangzhou-k.');
    const causes = panel().locator('ol.causes > li.cause');
    expect(await causes.count()).toBe(1);
    expect(await causes.first().getAttribute('data-rule')).toBe('no-stock');
    expect(await causeOnPage(causes.first())).toEqual({
      title: 'NoStock of ecs.g6.large in cn-hangzhou-k',
      when: `Current, since ${formatTime(d.causes[0]!.firstTimestamp, TIME_ZONE)}`,
      remedy:
        'What to do: Create the instance in several zones and with several instance types: give it vSwitches of several zones (stock now: cn-hangzhou-g and -h) and more than one instance type (InstanceType=ecs.a,ecs.b), then create it again.',
      facts: ['Zones cn-hangzhou-g and -h of cn-hangzhou have stock of ecs.g6.large now.'],
      chain: ['Cause NoStock ×1', 'Consequence MultiZoneRecommendations ×1'],
    });
    expect(await causes.first().locator('.evidence-message').first().innerText()).toBe(
      'Create ECI failed because the specified instance is out of stock. zone: cn-hangzhou-k, instanceType: ecs.g6.large',
    );
    // The catalog's meaning is there, folded.
    const meaning = causes.first().locator('details.meaning');
    expect(await meaning.getAttribute('open')).toBeNull();
    await meaning.locator('summary').click();
    expect(await meaning.locator('p').innerText()).toBe(d.causes[0]!.meaning);
    shots.push(...(await screenshots(page, 'diagnosis-no-stock')));
  });

  it("an OOM crash loop: Healthy at first, then (live, without a reload) OOMKilled at the container's limit, the BackOff after it", async () => {
    const g = await createGroup(ws, DEFAULT, 'oom-loop', {
      cpu: 2,
      memory: 4,
      containers: [{ name: 'app', image: 'busybox', command: ['sh', '-c', 'mem 512Mi; mem +256Mi/s; sleep infinity'], memory: 1 }],
    });
    await openGroup(g.id, 'healthy');
    await page.evaluate(() => ((window as unknown as { unreloaded: boolean }).unreloaded = true));
    await ws.advance('10m');
    await panel().locator('.state-unhealthy').waitFor();
    expect(await page.evaluate(() => (window as unknown as { unreloaded?: boolean }).unreloaded)).toBe(true);
    const d = await diagnosisOf(ws, g.id);
    expect(await panel().locator('.diagnosis-summary').innerText()).toBe('Unhealthy: OOMKilled: app ran out of memory at 1 GiB.');
    const cause = panel().locator('ol.causes > li.cause').first();
    const shown = await causeOnPage(cause);
    expect(shown.title).toBe('OOMKilled: app ran out of memory at 1 GiB');
    expect(shown.remedy).toBe('What to do: Raise the memory of container app (above 1 GiB), or make it use less.');
    expect(shown.facts).toEqual([
      expect.stringMatching(/^Container app was OOMKilled \(exit code 137\) at a memory limit of 1 GiB; it has restarted \d+ times\.$/),
    ]);
    expect(await cause.locator('.impact').innerText()).toBe('Blocks the group · OOMKilled · container app');
    // One event per kill: the chain is folded to its first five links and its last.
    const chain = d.causes[0]!.evidence;
    expect(chain.length).toBeGreaterThan(6);
    expect(shown.chain).toEqual([...chain.slice(0, 5), chain.at(-1)!].map((e) => `${e.role[0]!.toUpperCase()}${e.role.slice(1)} ${e.reason} ×${e.count}`));
    expect(shown.chain[0]).toMatch(/^Cause OOMKilled /);
    shots.push(...(await screenshots(page, 'diagnosis-oom')));
    await cause.getByRole('button', { name: `Show ${chain.length - 6} more events` }).click();
    const all = (await causeOnPage(cause)).chain;
    expect(all).toEqual(chain.map((e) => `${e.role[0]!.toUpperCase()}${e.role.slice(1)} ${e.reason} ×${e.count}`));
    expect(all).toContain(`Consequence BackOff ×${chain.find((e) => e.reason === 'BackOff')!.count}`);
  });

  it('a host failure the instance recovered from: Recovered, the cause past with when it was fixed', async () => {
    const d = await diagnosisOf(ws, recovered);
    await openGroup(recovered, 'recovered');
    expect(await panel().locator('.state').innerText()).toBe('Recovered');
    const cause = panel().locator('ol.causes > li.cause');
    expect(await cause.count()).toBe(1);
    expect(await cause.getAttribute('class')).toContain('past');
    const shown = await causeOnPage(cause);
    expect(d.causes[0]!.resolvedAt).toBeDefined();
    expect(shown.when).toBe(`Past, fixed at ${formatTime(d.causes[0]!.resolvedAt, TIME_ZONE)}`);
    // Fixed: its remedy is for the next time.
    expect(shown.remedy).toBe(`If it happens again: ${d.causes[0]!.remedy}`);
    expect(shown.chain).toEqual(['Cause SandboxNotReadyUnExpected ×1', 'Consequence SystemFailureReboot ×1', 'Resolution SandboxRebootSucceeded ×1']);
    expect(shown.facts).toEqual([expect.stringMatching(/^The instance is on host h-g\d, which is healthy now\.$/)]);
    shots.push(...(await screenshots(page, 'diagnosis-recovered')));
  });

  it('a healthy group says so; its notes (an image cache miss) are folded away', async () => {
    await openGroup(missed, 'healthy');
    expect(await panel().locator('.state').innerText()).toBe('Healthy');
    expect(await panel().locator('ol.causes').count()).toBe(0);
    const notes = panel().locator('details.diagnosis-notes');
    expect(await notes.getAttribute('open')).toBeNull();
    expect(await notes.locator('> summary').innerText()).toBe('1 note that asks nothing of this group');
    await notes.locator('> summary').click();
    const note = notes.locator('ol.notes > li.cause');
    expect(await note.getAttribute('data-rule')).toBe('image-cache-missed');
    expect(await note.locator('h3').innerText()).toBe('No image cache matched');
    shots.push(...(await screenshots(page, 'diagnosis-healthy-notes')));
    // The panel stands above both tabs.
    await page
      .getByRole('navigation', { name: 'Container group' })
      .getByRole('link', { name: /^Events/ })
      .click();
    await page.getByRole('region', { name: 'Events' }).waitFor();
    expect(await panel().locator('.state').innerText()).toBe('Healthy');
  });

  it("the Diagnoses page: the account's counts and its unhealthy groups by root cause, each linked", async () => {
    const all = await accountDiagnoses(ws);
    // Seven groups: the six above and the job that builds the image cache the miss asked for (healthy).
    expect(all).toMatchObject({ examined: 7, unhealthy: 4, recovered: 1, healthy: 2, truncated: false });
    await openFromNav(page, 'Diagnoses');
    const counts = page.getByTestId('diagnosis-counts');
    await counts.waitFor();
    const pairs = await counts
      .locator('div')
      .evaluateAll((els) => els.map((el) => `${el.querySelector('dt')?.textContent}: ${el.querySelector('dd')?.textContent}`));
    expect(pairs).toEqual(['Examined: 7', 'Unhealthy: 4', 'Recovered: 1', 'Healthy: 2']);
    const clusters = page.locator('li.cluster');
    expect(await clusters.locator('h2').allInnerTexts()).toEqual(all.causes.map((c) => c.summary));
    const stock = clusters.first();
    expect(await stock.locator('h2').innerText()).toBe('3 groups: NoStock of ecs.g6.large in cn-hangzhou-k and -j');
    expect(await stock.locator('.remedy').innerText()).toBe(`What to do: ${all.causes[0]!.remedy}`);
    expect(all.causes[0]!.remedy).toContain('(stock now: cn-hangzhou-g and -h)');
    const hrefs = await stock.locator('.group-links a').evaluateAll((els) => els.map((a) => a.getAttribute('href')));
    expect(new Set(hrefs)).toEqual(new Set(noStock.map((id) => `/groups/${id}`)));
    expect(await clusters.nth(1).locator('h2').innerText()).toBe('1 group: OOMKilled: app ran out of memory at 1 GiB');
    shots.push(...(await screenshots(page, 'diagnoses-account')));

    // A region holding none of them: nothing unhealthy, said so.
    await page.selectOption('#diagnoses-region', 'cn-shanghai');
    await page.getByText('No container group in cn-shanghai is unhealthy.').waitFor();
    expect(await counts.locator('dd').first().innerText()).toBe('0');
    // A region the world does not have: the service's refusal, said on the page.
    await page.selectOption('#diagnoses-region', 'cn-beijing');
    await page.getByRole('alert').filter({ hasText: 'InvalidParameter: regionId: no region "cn-beijing" (the regions: cn-hangzhou, cn-shanghai)' }).waitFor();
    expect(await page.locator('li.cluster').count()).toBe(0);
    await page.selectOption('#diagnoses-region', '');
    await clusters.first().waitFor();

    // From a cluster to a group's panel.
    await stock.locator('.group-links a').nth(1).click();
    await panel().locator('.state-unhealthy').waitFor();
    const d: Diagnosis = await diagnosisOf(
      ws,
      noStock.find((id) => page.url().endsWith(id))!,
    );
    expect(await panel().locator('ol.causes > li.cause h3').innerText()).toBe(d.causes[0]!.title);
    expect(d.causes[0]!.title).toMatch(/^NoStock of ecs\.g6\.large in cn-hangzhou-[kj]$/);
  });

  it('made no request off the machine and met no page error', () => {
    expect(offMachine(b.requests)).toEqual([]);
    // Refused only where refusal was the point: the session check before signing in, and the unknown region.
    const path = (f: string) => f.replace(ws.server.url, '');
    expect([...new Set(b.failures.map(path))].sort()).toEqual(['400 GET /v1/diagnoses?regionId=cn-beijing', '401 GET /v1/session']);
    expect(b.errors.filter((e) => !/Failed to load resource: the server responded with a status of (400|401)/.test(e))).toEqual([]);
  });
});
