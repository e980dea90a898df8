// Diagnoses of what goes wrong once a group is placed (issue 17): an OOM crash loop, a crash loop
// with no event that says why, a full disk, an image pull failure behind its BackOff, a host
// failure the instance recovered from, planned maintenance, an image cache miss, and the composite
// of the hosts-spot scenarios (AutoInstanceTypeMatch, StockExhaust, SpotToBeReleased). Set up as
// the world scenarios and the crash-loop tests do; checked through GET /v1/groups/:id/diagnosis
// and `eci-events explain` (text and --json): root cause, ranking, chain, remedy with the group's
// values.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorldSpec } from '../src/emulator/world/spec.js';
import { explained } from './support/diagnosis.js';
import { $Eci } from './support/eci-sdk.js';
import {
  DEFAULT,
  MINUTE,
  TO_SCHEDULING,
  clearFault,
  createGroup,
  expectStatus,
  injectFault,
  placementOf,
  reclaimSpot,
  sec,
  startWorld,
  type WorldServer,
} from './support/world-scenarios.js';

const HZ = 'cn-hangzhou';

const WORLD: WorldSpec = {
  spot: { protectionMinutes: 60, noticeMinutes: 5 },
  registries: [{ host: 'acr.example.com', closed: true, images: [{ repository: 'team/api', tags: ['1.4'] }] }],
  dataSources: [{ type: 'URL', location: 'https://models.example.com/huge', sizeGB: 30 }],
  regions: [
    {
      regionId: HZ,
      idPrefix: 'bp1',
      defaultZoneId: 'cn-hangzhou-h',
      zones: [
        {
          zoneId: 'cn-hangzhou-k',
          hosts: [
            { id: 'h-k1', vcpu: 8 },
            { id: 'h-k2', vcpu: 8 },
          ],
        },
        {
          zoneId: 'cn-hangzhou-g',
          hosts: [
            { id: 'h-g1', vcpu: 8 },
            { id: 'h-g2', vcpu: 8 },
          ],
        },
        // Two spot units of ecs.g6.large; fewer than two left is "about to run out".
        { zoneId: 'cn-hangzhou-b', spotStock: { 'ecs.g6.large': 2 }, lowWaterMark: 2, hosts: [{ id: 'h-b1' }] },
        { zoneId: 'cn-hangzhou-h' },
      ],
    },
  ],
};

describe('diagnosis scenarios: running groups', () => {
  let ws: WorldServer;

  beforeAll(async () => {
    ws = await startWorld('diagnosis-runtime', WORLD);
  });
  afterAll(async () => ws?.stop());

  const app = (script: string, memory?: number) => [{ name: 'app', image: 'busybox', command: ['sh', '-c', script], ...(memory ? { memory } : {}) }];

  it("an OOM crash loop: OOMKilled is the root cause at the container's limit, the BackOff follows from it", async () => {
    const g = await createGroup(ws, DEFAULT, 'oom-loop', { cpu: 2, memory: 4, containers: app('mem 512Mi; mem +256Mi/s; sleep infinity', 1) });
    await ws.advance('1m');
    const d = await explained(ws, g.id);
    expect(d).toMatchObject({ state: 'unhealthy', status: 'Running', summary: 'Unhealthy: OOMKilled: app ran out of memory at 1 GiB.' });
    expect(d.causes.map((c) => c.rule)).toEqual(['oom-killed']);
    const [c] = d.causes;
    expect(c).toMatchObject({ current: true, container: 'app', values: expect.objectContaining({ memoryLimit: '1 GiB', process: 'sh' }) });
    expect(c!.remedy).toBe('Raise the memory of container app (above 1 GiB), or make it use less.');
    expect(c!.facts).toEqual([
      expect.stringMatching(/^Container app was OOMKilled \(exit code 137\) at a memory limit of 1 GiB; it has restarted \d+ times\.$/),
    ]);
    const roles = c!.evidence.map((e) => `${e.role} ${e.reason}`);
    expect(roles[0]).toBe('cause OOMKilled');
    expect(roles).toContain('consequence BackOff');
    // Each kill names its own victim pid: one stored event per kill, all of them evidence.
    expect(c!.evidence.filter((e) => e.reason === 'OOMKilled').length).toBeGreaterThan(1);
    expect(c!.evidence.find((e) => e.reason === 'BackOff')).toMatchObject({ fieldPath: 'spec.containers{app}', type: 'Warning' });
  });

  it("a crash loop no event explains: the BackOff stands as the cause, and the container's last exit says more", async () => {
    const g = await createGroup(ws, DEFAULT, 'exit-loop', { containers: app('sleep 1; exit 3') });
    await ws.advance('1m');
    const d = await explained(ws, g.id);
    expect(d.causes.map((c) => [c.rule, c.title])).toEqual([['crash-loop', 'Container app keeps exiting (crash loop)']]);
    expect(d.causes[0]!.facts).toEqual([
      expect.stringMatching(/^Container app last exited with code 3 \(Error\); it has restarted \d+ times and is (CrashLoopBackOff|Running) now\.$/),
    ]);
    expect(d.causes[0]!.remedy).toBe('Read the logs of container app (logs --previous): they say why it exits; fix that and the loop ends.');
  });

  it('a full disk: DiskFull, then the crash loop it causes', async () => {
    const g = await createGroup(ws, DEFAULT, 'disk-full', { containers: app('disk +10Gi/s; sleep infinity') });
    await ws.advance('1m');
    const d = await explained(ws, g.id);
    expect(d.causes.map((c) => c.rule)).toEqual(['disk-full']);
    expect(d.causes[0]!.evidence.map((e) => `${e.role} ${e.reason}`)).toEqual(['cause DiskFull', 'consequence BackOff']);
    expect(d.causes[0]!.facts).toEqual([expect.stringMatching(/^Container app last exited with code 1 \(Error\)/)]);
  });

  it('an image pull failure behind a BackOff: the missing tag is the cause, the errors and the BackOff its chain', async () => {
    const g = await createGroup(ws, DEFAULT, 'bad-tag', { containers: [{ name: 'api', image: 'acr.example.com/team/api:9.9' }] });
    await ws.advance('1m');
    await expectStatus(ws, DEFAULT, HZ, g.id, 'Pending');
    const d = await explained(ws, g.id);
    expect(d.causes.map((c) => [c.rule, c.title, c.container])).toEqual([
      ['image-not-found', 'Image acr.example.com/team/api:9.9 does not exist in its registry', 'api'],
    ]);
    const chain = d.causes[0]!.evidence.map((e) => `${e.role} ${e.reason} ${e.message.split(':')[0]}`);
    expect(chain[0]).toBe('cause Failed Failed to pull image "acr.example.com/team/api');
    expect(new Set(chain.slice(1))).toEqual(new Set(['consequence Failed Error', 'consequence BackOff Back-off pulling image "acr.example.com/team/api']));
    expect(d.causes[0]!.remedy).toContain('acr.example.com/team/api:9.9 is not there');
  });

  it('a host failure the instance recovered from: past, fixed by the reboot on another host', async () => {
    const g = await createGroup(ws, DEFAULT, 'on-host', { zoneId: 'cn-hangzhou-k' });
    await ws.advance('2s');
    const host = (await placementOf(ws, g.id))!.hostId;
    const failure = await injectFault(ws, { kind: 'host-failure', target: host });
    await ws.advance('2s');
    await expectStatus(ws, DEFAULT, HZ, g.id, 'Running');
    const d = await explained(ws, g.id);
    expect(d.state).toBe('recovered');
    expect(d.causes.map((c) => [c.rule, c.current])).toEqual([['sandbox-not-ready-unexpected', false]]);
    expect(d.causes[0]!.evidence.map((e) => `${e.role} ${e.reason}`)).toEqual([
      'cause SandboxNotReadyUnExpected',
      'consequence SystemFailureReboot',
      'resolution SandboxRebootSucceeded',
    ]);
    expect(d.causes[0]!.facts).toEqual([expect.stringMatching(/^The instance is on host h-k\d, which is healthy now\.$/)]);
    expect(d.summary).toMatch(/^Recovered: An unexpected infrastructure fault: the instance is restarted, fixed at /);
    await clearFault(ws, failure);
  });

  it('planned maintenance: how long until the reboot, then recovered once it is done', async () => {
    const g = await createGroup(ws, DEFAULT, 'maintained', { zoneId: 'cn-hangzhou-g' });
    await ws.advance('2s');
    const host = (await placementOf(ws, g.id))!.hostId;
    const noticeAt = ws.now();
    await injectFault(ws, { kind: 'host-maintenance', target: host });
    const d = await explained(ws, g.id);
    expect(d).toMatchObject({ state: 'unhealthy', status: 'Running' });
    expect(d.causes.map((c) => [c.rule, c.impact])).toEqual([
      ['scheduled-maintenance', 'threatens'],
      ['system-reboot', 'threatens'],
    ]);
    const due = sec(noticeAt + 48 * 60 * MINUTE);
    expect(d.causes[0]!.values).toMatchObject({ rebootAt: due, rebootIn: '48h' });
    expect(d.causes[0]!.facts[0]).toBe(`The maintenance reboot is due at ${due}, in 48h.`);
    expect(d.causes[0]!.remedy).toBe(`Re-create the instance before ${due} (in 48h) at a time that suits you; otherwise it is restarted then.`);
    await ws.advance('48h');
    await ws.advance('3s');
    await expectStatus(ws, DEFAULT, HZ, g.id, 'Running');
    const after = await explained(ws, g.id);
    expect(after.state).toBe('recovered');
    expect(after.causes.every((c) => !c.current)).toBe(true);
  });

  it("a data cache that does not fit its source: the job group's diagnosis names DataCacheLoadFailed", async () => {
    const r = await ws.client().createDataCache(
      new $Eci.CreateDataCacheRequest({
        regionId: HZ,
        path: '/load/huge',
        size: 20,
        dataSource: new $Eci.CreateDataCacheRequestDataSource({ type: 'URL', options: { url: 'https://models.example.com/huge' } }),
      }),
    );
    const cacheId = r.body!.dataCacheId!;
    await ws.advance('10m');
    const cache = (await ws.client().describeDataCaches(new $Eci.DescribeDataCachesRequest({ regionId: HZ, dataCacheId: [cacheId] }))).body!.dataCaches![0]!;
    expect(cache.status).toBe('Failed');
    const d = await explained(ws, cache.containerGroupId!);
    expect(d).toMatchObject({ state: 'unhealthy', status: 'Failed' });
    expect(d.causes.map((c) => [c.rule, c.category])).toEqual([['data-cache-load', 'data-cache']]);
    expect(d.causes[0]!.remedy).toMatch(/logs of the job's instance/);
  });

  it('an image cache miss is a note: the group is healthy', async () => {
    const g = await createGroup(ws, DEFAULT, 'cache-miss', { autoMatchImageCache: true, containers: [{ name: 'app', image: 'alpine:3.19' }] });
    await ws.advance('5s');
    const d = await explained(ws, g.id);
    expect(d).toMatchObject({ state: 'healthy', causes: [] });
    expect(d.notes.map((n) => n.rule)).toEqual(['image-cache-missed']);
  });

  it('AutoInstanceTypeMatch, then StockExhaust, then SpotToBeReleased: the release ranks first, the stock is a note, then the group is Expired', async () => {
    const g = await createGroup(ws, DEFAULT, 'composed', { zoneId: 'cn-hangzhou-b', cpu: 2, memory: 6, spotStrategy: 'SpotAsPriceGo' });
    const placedAt = g.at + TO_SCHEDULING;
    await ws.advance('2s');
    const before = await explained(ws, g.id);
    expect(before).toMatchObject({ state: 'healthy', causes: [] });
    expect(before.notes.map((n) => [n.rule, n.title])).toEqual([['stock-exhaust', 'Stock of ecs.g6.large in cn-hangzhou-b is about to run out (1 left)']]);
    await ws.advance('5m');
    expect(await reclaimSpot(ws, { zoneId: 'cn-hangzhou-b', instanceType: 'ecs.g6.large' })).toEqual([g.id]);
    await ws.advance('57m');
    const warned = await explained(ws, g.id);
    expect(warned).toMatchObject({ state: 'unhealthy', status: 'Running', summary: 'Unhealthy: The spot instance is released in 5 minutes.' });
    expect(warned.causes.map((c) => [c.rule, c.impact, c.current])).toEqual([['spot-to-be-released', 'threatens', true]]);
    expect(warned.causes[0]!.values.releaseAt).toBe(sec(placedAt + 65 * MINUTE));
    expect(warned.causes[0]!.facts).toEqual([
      expect.stringMatching(new RegExp(`^The spot instance is released at ${sec(placedAt + 65 * MINUTE)}, in \\dm\\d+s\\.$`)),
    ]);
    expect(warned.notes.map((n) => n.rule)).toEqual(['stock-exhaust']);
    await ws.advance('5m');
    await expectStatus(ws, DEFAULT, HZ, g.id, 'Expired');
    const gone = await explained(ws, g.id);
    expect(gone).toMatchObject({ state: 'unhealthy', status: 'Expired' });
    expect(gone.causes.map((c) => c.rule)).toEqual(['spot-to-be-released']);
    expect(gone.causes[0]!.facts).toEqual([expect.stringMatching(/^The spot instance was released \(/)]);
  });
});
