// Diagnoses of the image cache, data cache and virtual node rows that concern a container group
// (issue 17), each made to happen as the world scenarios do (world-scenarios-image-cache-hits,
// -data-caches, -virtual-nodes), and of the host rows only a producer reports (the host agent's
// NfsError and GPULostCard, a SandboxNotReady the platform recovers from): POST /v1/ingest for
// a group the emulator does not run, then the diagnosis from those events alone. Checked through
// GET /v1/groups/:id/diagnosis and `eci-events explain` (text and --json).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorldSpec } from '../src/emulator/world/spec.js';
import { explained } from './support/diagnosis.js';
import { $Eci } from './support/eci-sdk.js';
import { DEFAULT, clearFault, createGroup, expectStatus, injectFault, startWorld, type WorldServer } from './support/world-scenarios.js';

const HZ = 'cn-hangzhou';
const BJ = 'cn-beijing';
const FULL = 'acct-imc-full';
const EVICT = 'acct-imc-evict';
const TIGHT = 'tight';

const KUBECONFIG = Buffer.from(
  `apiVersion: v1
kind: Config
clusters:
- name: prod
  cluster: { server: https://10.0.0.1:6443 }
contexts:
- name: prod
  context: { cluster: prod, user: admin }
current-context: prod
users:
- name: admin
  user: { token: abc }
`,
).toString('base64');

const WORLD: WorldSpec = {
  registries: [
    { host: 'docker.io' },
    // A tool built for amd64 only: a cache holding it serves AMD64 instances only.
    { host: 'registry.example.com', images: [{ repository: 'x86/tool', tags: ['1'], arches: ['amd64'] }] },
    // The virtual kubelet's image of cn-beijing cannot be pulled.
    { host: 'registry-vpc.cn-beijing.aliyuncs.com', reachable: false },
  ],
  regions: [
    {
      regionId: HZ,
      idPrefix: 'bp1',
      defaultZoneId: 'cn-hangzhou-k',
      zones: [{ zoneId: 'cn-hangzhou-k' }],
      vpcs: [{ vpcId: 'vpc-bp1main', isDefault: true, vSwitches: [{ vSwitchId: 'vsw-bp1k', zoneId: 'cn-hangzhou-k', cidr: '172.16.0.0/20' }] }],
      securityGroups: [{ securityGroupId: 'sg-bp1main', vpcId: 'vpc-bp1main' }],
    },
    {
      regionId: BJ,
      idPrefix: '2ze',
      zones: [{ zoneId: 'cn-beijing-a' }, { zoneId: 'cn-beijing-i' }],
      vpcs: [
        {
          vpcId: 'vpc-2zemain',
          isDefault: true,
          vSwitches: [
            { vSwitchId: 'vsw-2zea', zoneId: 'cn-beijing-a', cidr: '192.168.0.0/24' },
            { vSwitchId: 'vsw-2zei', zoneId: 'cn-beijing-i', cidr: '192.168.1.0/24' },
          ],
        },
      ],
      securityGroups: [{ securityGroupId: 'sg-2zemain', vpcId: 'vpc-2zemain' }],
    },
  ],
  dataSources: [{ type: 'URL', location: 'https://models.example.com/qwen-7b', sizeGB: 2 }],
  accounts: [{ id: DEFAULT }, { id: FULL, quotas: { imageCaches: 1 } }, { id: EVICT, quotas: { imageCaches: 1 } }, { id: TIGHT, quotas: { diskGiB: 10 } }],
};

describe('diagnosis scenarios: image caches, data caches, virtual nodes, producers', () => {
  let ws: WorldServer;

  beforeAll(async () => {
    ws = await startWorld('diagnosis-caches', WORLD, [FULL, EVICT, TIGHT]);
  });
  afterAll(async () => ws?.stop());

  const makeCache = async (account: string, name: string, images: string[], extra: Record<string, unknown> = {}, regionId = HZ) => {
    const r = await ws.client(account).createImageCache(new $Eci.CreateImageCacheRequest({ regionId, imageCacheName: name, image: images, ...extra }));
    expect(r.statusCode).toBe(200);
    return r.body!.imageCacheId!;
  };
  const chain = (evidence: ReadonlyArray<{ role: string; reason: string }>) => evidence.map((e) => `${e.role} ${e.reason}`);

  // ---- Image caches: the group pulls instead and runs; notes say what to change ----------------

  it('ImageCacheNotFound: a note naming the cache, the group healthy', async () => {
    const g = await createGroup(ws, DEFAULT, 'imc-missing', { imageSnapshotId: 'imc-bp1nosuchcache000', containers: [{ name: 'c0', image: 'nginx:1.25' }] });
    await ws.advance('10s');
    await expectStatus(ws, DEFAULT, HZ, g.id, 'Running');
    const d = await explained(ws, g.id);
    expect(d).toMatchObject({ state: 'healthy', causes: [] });
    expect(d.notes.map((n) => [n.rule, n.title, n.remedy])).toEqual([
      [
        'image-cache-not-found',
        'Image cache imc-bp1nosuchcache000 does not exist',
        'Use an image cache that exists (image-caches list) instead of imc-bp1nosuchcache000, or let ECI match one (AutoMatchImageCache).',
      ],
    ]);
  });

  it('ImageCacheNotComplete: a note naming the cache still being made', async () => {
    const building = await makeCache(DEFAULT, 'building', ['redis:7']);
    const g = await createGroup(ws, DEFAULT, 'imc-building', { imageSnapshotId: building, containers: [{ name: 'c0', image: 'redis:7' }] });
    await ws.advance('10s');
    const d = await explained(ws, g.id);
    expect(d).toMatchObject({ state: 'healthy', causes: [] });
    expect(d.notes.map((n) => [n.rule, n.title, n.remedy])).toEqual([
      ['image-cache-not-complete', `Image cache ${building} is not ready yet`, `Wait until image cache ${building} is Ready before using it.`],
    ]);
    await ws.advance('3m');
  });

  it('ImageCacheQuotaFull, ImageCacheAutoCreateFailed, ImageCacheMissed: notes, the quota first with the failure it caused', async () => {
    await makeCache(FULL, 'kept-forever', ['nginx:1.25']);
    await ws.advance('3m');
    const g = await createGroup(ws, FULL, 'imc-quota', { autoMatchImageCache: true, containers: [{ name: 'c0', image: 'redis:7.2' }] });
    await ws.advance('10s');
    await expectStatus(ws, FULL, HZ, g.id, 'Running');
    const d = await explained(ws, g.id, FULL);
    expect(d).toMatchObject({ state: 'healthy', causes: [] });
    // The quota is why the cache could not be made: the failure follows from it.
    expect(d.notes.map((n) => n.rule)).toEqual(['image-cache-quota', 'image-cache-missed']);
    expect(d.notes[0]!.remedy).toBe('Delete image caches of cn-hangzhou you no longer use, set EliminationStrategy LRU on some, or raise the quota.');
    expect(chain(d.notes[0]!.evidence)).toEqual(['cause ImageCacheQuotaFull', 'consequence ImageCacheAutoCreateFailed']);
  });

  it('ImageCacheArchNotMatch: a note naming the cache and the instance type, and what to use instead', async () => {
    const x86 = await makeCache(DEFAULT, 'x86', ['nginx:1.25', 'registry.example.com/x86/tool:1']);
    await ws.advance('3m');
    const g = await createGroup(ws, DEFAULT, 'imc-arch', {
      imageSnapshotId: x86,
      instanceType: 'ecs.g6r.large',
      containers: [{ name: 'c0', image: 'nginx:1.25' }],
    });
    await ws.advance('10s');
    const d = await explained(ws, g.id);
    expect(d).toMatchObject({ state: 'healthy', causes: [] });
    expect(d.notes.map((n) => [n.rule, n.title, n.remedy])).toEqual([
      [
        'image-cache-arch',
        `Image cache ${x86} does not match the architecture of ecs.g6r.large`,
        `Use an image cache whose images run on the architecture of ecs.g6r.large, or an instance type of the architecture of image cache ${x86}.`,
      ],
    ]);
  });

  it('ImageCacheEliminated: the cache deleted before the instance is placed; a note beside the hit it replaced', async () => {
    const doomed = await makeCache(DEFAULT, 'doomed', ['busybox:1.36']);
    await ws.advance('3m');
    const g = await createGroup(ws, DEFAULT, 'imc-doomed', { imageSnapshotId: doomed, containers: [{ name: 'c0', image: 'busybox:1.36' }] });
    expect((await ws.client().deleteImageCache(new $Eci.DeleteImageCacheRequest({ regionId: HZ, imageCacheId: doomed }))).statusCode).toBe(200);
    await ws.advance('10s');
    await expectStatus(ws, DEFAULT, HZ, g.id, 'Running');
    const d = await explained(ws, g.id);
    expect(d).toMatchObject({ state: 'healthy', causes: [] });
    expect(d.notes.map((n) => [n.rule, n.title])).toEqual([['image-cache-eliminated', 'The image cache in use was deleted']]);
  });

  it('ImageCacheNotFullMatch and ImageCacheAutoEliminated: notes of automatic matching, each naming its cache', async () => {
    const half = await makeCache(DEFAULT, 'half', ['nginx:1.27']);
    await ws.advance('3m');
    const partial = await createGroup(ws, DEFAULT, 'imc-partial', {
      autoMatchImageCache: true,
      containers: [
        { name: 'c0', image: 'nginx:1.27' },
        { name: 'c1', image: 'memcached:1.6' },
      ],
    });
    await createGroup(ws, EVICT, 'imc-evict-a', { autoMatchImageCache: true, containers: [{ name: 'c0', image: 'nginx:1.25' }] });
    const old = (await ws.client(EVICT).describeImageCaches(new $Eci.DescribeImageCachesRequest({ regionId: HZ }))).body!.imageCaches![0]!.imageCacheId!;
    await ws.advance('3m');
    const evicting = await createGroup(ws, EVICT, 'imc-evict-b', { autoMatchImageCache: true, containers: [{ name: 'c0', image: 'redis:7.2' }] });
    await ws.advance('10s');
    const p = await explained(ws, partial.id);
    expect(p).toMatchObject({ state: 'healthy', causes: [] });
    expect(p.notes.map((n) => [n.rule, n.title])).toEqual([['image-cache-not-full-match', `Image cache ${half} does not hold every image`]]);
    const e = await explained(ws, evicting.id, EVICT);
    expect(e).toMatchObject({ state: 'healthy', causes: [] });
    expect(e.notes.map((n) => [n.rule, n.title])).toEqual([
      ['image-cache-auto-eliminated', `Image cache ${old} was evicted to make room`],
      ['image-cache-missed', 'No image cache matched'],
    ]);
    await ws.advance('3m');
  });

  it('ImageCacheNotSuited: a flash-only cache for an instance of another zone; a note naming the mode used', async () => {
    // In Beijing, so that the snapshot fault touches no other build.
    const flash = await makeCache(DEFAULT, 'flash-only', ['nginx:1.26'], { flash: true, zoneId: 'cn-beijing-i' }, BJ);
    await ws.advance('41s'); // prepare 30 s, pull 800 ms, the flash snapshot 10 s
    await injectFault(ws, { kind: 'snapshot-service-error', target: BJ, count: 1 });
    await ws.advance('3m');
    const g = await createGroup(ws, DEFAULT, 'imc-not-suited', {
      regionId: BJ,
      zoneId: 'cn-beijing-a',
      imageSnapshotId: flash,
      imageAccelerateMode: 'nydus',
      containers: [{ name: 'c0', image: 'nginx:1.26' }],
    });
    await ws.advance('10s');
    await expectStatus(ws, DEFAULT, BJ, g.id, 'Running');
    const d = await explained(ws, g.id);
    expect(d).toMatchObject({ state: 'healthy', causes: [] });
    expect(d.notes.map((n) => [n.rule, n.title])).toEqual([['image-cache-not-suited', 'The image cache does not suit the instance (nydus is used)']]);
  });

  // ---- Data caches: the job is a group of the account; its diagnosis says why the cache failed --

  const dataCache = async (account: string, path: string) => {
    const r = await ws.client(account).createDataCache(
      new $Eci.CreateDataCacheRequest({
        regionId: HZ,
        path,
        dataSource: new $Eci.CreateDataCacheRequestDataSource({ type: 'URL', options: { url: 'https://models.example.com/qwen-7b' } }),
      }),
    );
    expect(r.statusCode).toBe(200);
    return r.body!.dataCacheId!;
  };
  const jobOf = async (account: string, id: string) => {
    const r = await ws.client(account).describeDataCaches(new $Eci.DescribeDataCachesRequest({ regionId: HZ, dataCacheId: [id] }));
    const c = r.body!.dataCaches![0]!;
    expect(c.status).toBe('Failed');
    expect(c.containerGroupId).toMatch(/^eci-/);
    return c.containerGroupId!;
  };

  it("DataCacheJobCreateFailed: the job over the disk quota; the quota is the root cause, the cache's failure follows", async () => {
    const id = await dataCache(TIGHT, '/quota/job');
    await ws.advance('1m');
    const job = await jobOf(TIGHT, id);
    const d = await explained(ws, job, TIGHT);
    expect(d).toMatchObject({ state: 'unhealthy', status: 'ScheduleFailed' });
    expect(d.causes.map((c) => c.rule)).toEqual(['disk-quota']);
    expect(chain(d.causes[0]!.evidence)).toEqual(['cause DiskCapacityQuotaFull', 'consequence DataCacheJobCreateFailed']);
  });

  it("DataCacheJobStartFailed: the loader's image cannot be pulled; the pull is the root cause, the cache's failure follows", async () => {
    const fault = await injectFault(ws, { kind: 'registry-outage', target: 'registry-vpc.cn-hangzhou.aliyuncs.com' });
    const id = await dataCache(DEFAULT, '/job/start');
    await ws.advance('11m');
    await clearFault(ws, fault);
    const job = await jobOf(DEFAULT, id);
    const d = await explained(ws, job);
    expect(d.state).toBe('unhealthy');
    const [top] = d.causes;
    expect(top, JSON.stringify(d.causes.map((c) => c.rule))).toMatchObject({
      category: 'image',
      current: true,
      title: expect.stringContaining('registry-vpc.cn-hangzhou.aliyuncs.com/eci_open/data-loader:1.0'),
    });
    expect(chain(top!.evidence)).toContain('consequence DataCacheJobStartFailed');
    expect(d.causes.map((c) => c.rule)).not.toContain('data-cache-job-start');
  });

  // ---- Virtual nodes: their events are filed under the node's instance --------------------------

  const nodeInstance = async (regionId: string, nodeId: string, status = 'Failed') => {
    const r = await ws.client().describeVirtualNodes(new $Eci.DescribeVirtualNodesRequest({ regionId, virtualNodeIds: JSON.stringify([nodeId]) }));
    const n = r.body!.virtualNodes![0]!;
    expect(n.status).toBe(status);
    const created = (n.events ?? []).find((e) => e.reason === 'CreateEciForVnode')!;
    return /Create Eci (eci-\S+) for Vnode/.exec(created.message!)![1]!;
  };

  it('VnodePullImageFailed: the instance of the node is diagnosed from its events; the pull is the cause, CreateVnodeFailed follows', async () => {
    const r = await ws
      .client()
      .createVirtualNode(new $Eci.CreateVirtualNodeRequest({ regionId: BJ, vSwitchId: 'vsw-2zea', securityGroupId: 'sg-2zemain', kubeConfig: KUBECONFIG }));
    await ws.advance('45s');
    const instance = await nodeInstance(BJ, r.body!.virtualNodeId!);
    const d = await explained(ws, instance);
    expect(d).toMatchObject({ state: 'unhealthy', grounded: false, summary: "Unhealthy: The virtual node's image could not be pulled." });
    expect(d.causes.map((c) => [c.rule, c.category])).toEqual([['vnode-pull-image', 'virtual-node']]);
    expect(chain(d.causes[0]!.evidence)).toEqual(['cause VnodePullImageFailed', 'consequence CreateVnodeFailed']);
  });

  it('CreateVnodeFailed alone (a kubeconfig that names no cluster): the failure stands as the cause', async () => {
    const bad = Buffer.from('apiVersion: v1\nkind: Config\nclusters: []\n').toString('base64');
    const r = await ws
      .client()
      .createVirtualNode(new $Eci.CreateVirtualNodeRequest({ regionId: HZ, vSwitchId: 'vsw-bp1k', securityGroupId: 'sg-bp1main', kubeConfig: bad }));
    await ws.advance('30s');
    const instance = await nodeInstance(HZ, r.body!.virtualNodeId!);
    const d = await explained(ws, instance);
    expect(d.causes.map((c) => [c.rule, c.title])).toEqual([['create-vnode-failed', 'The virtual node could not be created']]);
    expect(chain(d.causes[0]!.evidence)).toEqual(['cause CreateVnodeFailed']);
  });

  it('CreateEciForVnode, CreateVnodeSuccess: the instance of a node that registered is healthy', async () => {
    const r = await ws
      .client()
      .createVirtualNode(new $Eci.CreateVirtualNodeRequest({ regionId: HZ, vSwitchId: 'vsw-bp1k', securityGroupId: 'sg-bp1main', kubeConfig: KUBECONFIG }));
    await ws.advance('30s');
    const instance = await nodeInstance(HZ, r.body!.virtualNodeId!, 'Ready');
    const d = await explained(ws, instance);
    expect(d).toMatchObject({ state: 'healthy', grounded: false, causes: [], notes: [], events: 2 });
  });

  // ---- Rows only a producer reports: POST /v1/ingest, then the events alone -------------------

  const ingest = async (id: string, reason: string, args: string[] = [], fieldPath?: string) => {
    const r = await ws.control('POST', '/v1/ingest', {
      reports: [
        { object: { kind: 'Pod', name: 'batch', namespace: 'default', uid: id, ...(fieldPath ? { fieldPath } : {}) }, containerGroupId: id, reason, args },
      ],
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
  };

  it('NfsError and GPULostCard from the host agent: the lost card blocks and ranks first, the NFS error threatens', async () => {
    const id = 'eci-producer0000000nfs';
    await ingest(id, 'NfsError', ['NFS: state manager: bind conn to session failed on NFSv4 server 172.16.0.9 with error 121']);
    await ws.advance('1s');
    await ingest(id, 'GPULostCard');
    const d = await explained(ws, id);
    expect(d).toMatchObject({ name: 'batch', state: 'unhealthy', grounded: false });
    expect(d.status).toBeUndefined();
    expect(d.causes.map((c) => [c.rule, c.impact])).toEqual([
      ['gpu-lost', 'blocks'],
      ['nfs-error', 'threatens'],
    ]);
    expect(d.causes[1]!.title).toBe('An NFS error: NFS: state manager: bind conn to session failed on NFSv4 server 172.16.0.9 with error 121');
  });

  it('SandboxNotReady, then SystemFailureReboot, then SandboxRebootSucceeded: past, with its chain', async () => {
    const id = 'eci-producer000000host';
    await ingest(id, 'SandboxNotReady');
    await ws.advance('1s');
    await ingest(id, 'SystemFailureReboot');
    await ws.advance('1s');
    const open = await explained(ws, id);
    expect(open).toMatchObject({ state: 'unhealthy', summary: 'Unhealthy: A critical error on the host OS: the instance is restarted.' });
    await ingest(id, 'SandboxRebootSucceeded');
    await ws.advance('1s');
    const d = await explained(ws, id);
    expect(d.state).toBe('recovered');
    expect(d.causes.map((c) => [c.rule, c.current])).toEqual([['sandbox-not-ready', false]]);
    expect(chain(d.causes[0]!.evidence)).toEqual(['cause SandboxNotReady', 'consequence SystemFailureReboot', 'resolution SandboxRebootSucceeded']);
  });
});
