// The emulator's state survives a crash of `serve`, on each backend: a service on a virtual clock
// is killed outright (SIGKILL) mid-lifecycle and started again on the same SQLite file or
// PostgreSQL database (with the same flags, --world and --clock-start included). Through the
// official SDK, kubectl and the control API: every group is listed and described as before, field
// for field; the world change, the fault and the clock are as they were; a group Scheduling at the
// kill reaches Running; a crash loop keeps its restart count and back-off; restart, update and
// delete work; and event counts are exact (no timer fired twice or never). On the real clock, a
// container exit due while the service was down happens once, at start. A CommitContainer task
// Running at the kill goes on and ends as it would have, and O&M records are kept. An image cache
// killed mid-build and a virtual node mid-registration each finish once, every event counted once.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BACKENDS } from './support/backends.js';
import { runCli } from './support/cli.js';
import { $Eci, REGION, sdkClient, startServer, until, type EciClient, type Server } from './support/eci-sdk.js';
import { create, describeGroups, view } from './support/eci-views.js';
import { signedJson, TEST_KEY } from './support/signed-fetch.js';

const START = '2026-01-01T00:00:00Z';
const KUBECTL = '/usr/bin/kubectl';
const WORLD = `regions:
  - regionId: cn-hangzhou
    zones:
      - zoneId: cn-hangzhou-k
        stock: 10
        hosts:
          - { id: h-1, vcpu: 16 }
`;

/** A slow ACR registry: a commit's push (37 MB at 1 MB/s) is under way long enough to kill serve in it. */
const COMMIT_REGISTRY = 'registry-intl.cn-hangzhou.aliyuncs.com';
const COMMIT_WORLD = `${WORLD}registries:
  - { host: docker.io }
  - { host: ${COMMIT_REGISTRY}, speedMBps: 1 }
`;

const killed = (s: Server) =>
  new Promise<void>((resolve) => {
    s.child.once('exit', () => resolve());
    s.child.kill('SIGKILL');
  });

/**
 * serve on a new store with `world` on the virtual clock, V3-signed SDK; `restart()` kills it
 * outright (SIGKILL) and starts it again on the same store with the same flags, the SDK then
 * signing v1 so that both schemes read the restored state.
 */
async function virtualServe(backend: (typeof BACKENDS)[number], prefix: string, world: string) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const location = await backend.location();
  cleanups.push(async () => (rmSync(dir, { recursive: true, force: true }), await location.cleanup()));
  writeFileSync(join(dir, 'world.yaml'), world);
  const flags = ['--clock', 'virtual', '--clock-start', START, '--world', join(dir, 'world.yaml'), '--kube-port', '0', '--throttle-rate', '0'];
  const start = async () => {
    const server = await startServer(location.db, flags);
    servers.push(server);
    return server;
  };
  const server = await start();
  const run = {
    dir,
    server,
    sdk: sdkClient(server.host, 'v3'),
    api: (method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown) => signedJson(run.server.url, method, path, body, TEST_KEY),
    advance: async (by: string) => expect((await run.api('POST', '/v1/clock', { advance: by })).status).toBe(200),
    async restart() {
      await killed(run.server);
      run.server = await start();
      run.sdk = sdkClient(run.server.host, 'v1');
    },
  };
  return run;
}

async function allEvents(sdk: EciClient, ids: string[]) {
  const r = await sdk.describeContainerGroupEvents(
    new $Eci.DescribeContainerGroupEventsRequest({ regionId: REGION, containerGroupIds: JSON.stringify(ids), limit: 500 }),
  );
  return Object.fromEntries(
    (r.body!.data ?? []).map((d) => [
      d.containerGroupId!,
      view(d.events)
        .map((e) => `${e.reason} ${e.message} ×${e.count}`)
        .sort(),
    ]),
  );
}

/** Occurrences of a reason among a group's events (the sum of their counts). */
const count = (events: string[] | undefined, reason: string) =>
  (events ?? []).filter((e) => e.startsWith(`${reason} `)).reduce((n, e) => n + Number(/×(\d+)$/.exec(e)![1]), 0);

const servers: Server[] = [];
const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const s of servers) if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL');
  for (const c of cleanups) await c();
});

/**
 * What a scenario comes to after its last step: each group's status, restart count and tags, and
 * the occurrences of each of its events, by the group's name (ids differ from run to run).
 */
interface Outcome {
  groups: Record<string, { status?: string; restarts?: number; tags?: unknown }>;
  counts: Record<string, Record<string, number>>;
  faultsLeft: number;
}

/**
 * One scenario on the virtual clock: groups in every phase, a world change and a fault; then,
 * with `kill`, serve is killed outright and started again (checking everything is as it was); then
 * the lifecycle goes on (restart, update, delete, the clock moves). A run with the kill must come
 * to the same outcome as a run without it: no timer fired twice or never.
 */
async function scenario(backend: (typeof BACKENDS)[number], kill: boolean): Promise<Outcome> {
  const run = await virtualServe(backend, 'eci-restart-', WORLD);
  const { api, advance } = run;

  const web = await create(run.sdk, 'web', { restartPolicy: 'Always', tag: [new $Eci.CreateContainerGroupRequestTag({ key: 'app', value: 'web' })] });
  const crash = await create(run.sdk, 'crash', { restartPolicy: 'Always' }, [{ name: 'c', image: 'busybox', command: ['sh', '-c', 'echo boom; exit 3'] }]);
  const gone = await create(run.sdk, 'gone', {});
  await advance('95s');
  expect((await api('POST', '/v1/world', { regions: [{ regionId: 'cn-hangzhou', zones: [{ zoneId: 'cn-hangzhou-k', stock: 7 }] }] })).status).toBe(200);
  const fault = await api('POST', '/v1/faults', { kind: 'registry-slow', target: 'docker.io', duration: '10m' });
  expect(fault.status).toBe(201);
  // Scheduling at the kill: accepted, not placed.
  const sched = await create(run.sdk, 'sched', {});
  expect((await describeGroups(run.sdk, { containerGroupIds: JSON.stringify([sched]) })).containerGroups![0]!.status).toBe('Scheduling');
  const ids = [web, crash, gone, sched];
  const names = { [web]: 'web', [crash]: 'crash', [gone]: 'gone', [sched]: 'sched' } as Record<string, string>;

  if (kill) {
    const before = {
      groups: (await describeGroups(run.sdk, { limit: 20 })).containerGroups,
      events: await allEvents(run.sdk, ids),
      world: (await api('GET', '/v1/world')).body,
      clock: (await api('GET', '/v1/clock')).body,
    };
    // The crash loop is well under way at the kill.
    expect(before.groups!.find((g) => g.containerGroupId === crash)!.containers![0]!.restartCount).toBeGreaterThanOrEqual(3);
    await run.restart();

    // Everything as it was, field by field, through the other signature scheme too.
    expect((await describeGroups(run.sdk, { limit: 20 })).containerGroups).toEqual(before.groups);
    expect(await allEvents(run.sdk, ids)).toEqual(before.events);
    expect((await api('GET', '/v1/world')).body).toEqual(before.world);
    expect((await api('GET', '/v1/clock')).body).toEqual(before.clock);
    expect(run.server.stderr() + '').not.toMatch(/error/i);

    // kubectl sees the groups as pods.
    const kubeconfig = join(run.dir, 'kubeconfig');
    const made = runCli(['kubeconfig', '--endpoint', run.server.url, '--access-key-id', TEST_KEY.id, '--access-key-secret', TEST_KEY.secret]);
    expect(made.status, made.stderr).toBe(0);
    writeFileSync(kubeconfig, made.stdout);
    const pods = spawnSync(KUBECTL, ['--kubeconfig', kubeconfig, 'get', 'pods', '-o', 'json'], { encoding: 'utf8', timeout: 60_000 });
    expect(pods.status, pods.stderr).toBe(0);
    const byName = Object.fromEntries(
      (JSON.parse(pods.stdout) as { items: Array<{ metadata: { name: string; uid: string }; status: { phase: string } }> }).items.map((p) => [
        p.metadata.name,
        p,
      ]),
    );
    expect(byName['web']?.metadata.uid).toBe(web);
    expect(byName['sched']?.status.phase).toBe('Pending');
    expect(byName['crash']?.metadata.uid).toBe(crash);
  }

  // The lifecycle goes on: the Scheduling group is placed and runs, the crash loop goes on from
  // its count, the group deleted goes, and the fault ends when its ten minutes are over.
  await run.sdk.restartContainerGroup(new $Eci.RestartContainerGroupRequest({ regionId: REGION, containerGroupId: web }));
  await run.sdk.updateContainerGroup(
    new $Eci.UpdateContainerGroupRequest({
      regionId: REGION,
      containerGroupId: web,
      tag: [new $Eci.UpdateContainerGroupRequestTag({ key: 'app', value: 'web2' })],
    }),
  );
  await run.sdk.deleteContainerGroup(new $Eci.DeleteContainerGroupRequest({ regionId: REGION, containerGroupId: gone }));
  await advance('60s');
  const after = await describeGroups(run.sdk, { limit: 20 });
  const events = await allEvents(run.sdk, ids);
  const faultsBefore = ((await api('GET', '/v1/faults')).body as { faults: unknown[] }).faults.length;
  expect(faultsBefore).toBe(1);
  await advance('10m');
  const faultsLeft = ((await api('GET', '/v1/faults')).body as { faults: unknown[] }).faults.length;
  await run.server.stop();
  return {
    groups: Object.fromEntries(
      after.containerGroups!.map((g) => [names[g.containerGroupId!]!, { status: g.status, restarts: g.containers![0]!.restartCount, tags: g.tags }]),
    ),
    counts: Object.fromEntries(
      Object.entries(events).map(([id, list]) => [
        names[id]!,
        Object.fromEntries(list.map((e) => [e.replaceAll(id, '<id>').replace(/ ×\d+$/, ''), count([e], e.split(' ')[0]!)])),
      ]),
    ),
    faultsLeft,
  };
}

/** What data caches come to: each cache's status and events, and its job's status and event counts, by the cache's path. */
interface CacheOutcome {
  caches: Record<
    string,
    { status?: string; progress?: string; snapshot: boolean; retained: boolean; events: string[]; job?: string; jobEvents: Record<string, number> }
  >;
  token: boolean;
}

const DATA_WORLD = `${WORLD}dataSources:
  - { type: URL, location: "https://models.example.com/m", sizeGB: 2 }
  - { type: URL, location: "https://models.example.com/huge", sizeGB: 30 }
`;

/**
 * Two data caches through the SDK on the virtual clock, killed mid-load with `kill`: one that
 * loads (Available) and one whose data does not fit (DataCacheLoadFailed). The jobs are running
 * at the kill; after the restart the caches are as they were, and their jobs' statuses still
 * reach them.
 */
async function dataCacheScenario(backend: (typeof BACKENDS)[number], kill: boolean): Promise<CacheOutcome> {
  const run = await virtualServe(backend, 'eci-restart-dc-', DATA_WORLD);
  const { advance } = run;
  const createCache = async (path: string, url: string) => {
    const r = await run.sdk.createDataCache(
      new $Eci.CreateDataCacheRequest({
        regionId: REGION,
        path,
        size: 20,
        retentionDays: 1,
        clientToken: `tok-${path}`,
        dataSource: new $Eci.CreateDataCacheRequestDataSource({ type: 'URL', options: { url } }),
      }),
    );
    return r.body!.dataCacheId!;
  };
  const caches = async () => (await run.sdk.describeDataCaches(new $Eci.DescribeDataCachesRequest({ regionId: REGION }))).body!.dataCaches ?? [];

  const fits = await createCache('/m', 'https://models.example.com/m');
  const huge = await createCache('/huge', 'https://models.example.com/huge');
  await advance('15s');
  const mid = await caches();
  // Mid-load: the proxies are up and the jobs run the loaders.
  expect(mid.map((c) => [c.path, c.status])).toEqual([
    ['/huge', 'Loading'],
    ['/m', 'Loading'],
  ]);
  const jobs = mid.map((c) => c.containerGroupId!);

  if (kill) {
    const before = { caches: mid, jobs: await allEvents(run.sdk, jobs), groups: (await describeGroups(run.sdk, { limit: 20 })).containerGroups };
    await run.restart();
    expect(await caches()).toEqual(before.caches);
    expect(await allEvents(run.sdk, jobs)).toEqual(before.jobs);
    expect((await describeGroups(run.sdk, { limit: 20 })).containerGroups).toEqual(before.groups);
    expect(run.server.stderr() + '').not.toMatch(/error/i);
  }

  // A repeat of a create with its ClientToken answers the cache it made, after a restart too.
  const token = (await createCache('/m', 'https://models.example.com/m')) === fits;
  await advance('5m');
  const after = await caches();
  const jobEvents = await allEvents(run.sdk, jobs);
  const groups = (await describeGroups(run.sdk, { limit: 20 })).containerGroups ?? [];
  // A day later the retention is over: both caches are gone.
  await advance('24h');
  const left = new Set((await caches()).map((c) => c.dataCacheId));
  await run.server.stop();
  return {
    caches: Object.fromEntries(
      after.map((c) => [
        c.path!,
        {
          status: c.status,
          progress: c.progress,
          snapshot: c.snapshotId !== undefined && c.snapshotId !== '',
          retained: left.has(c.dataCacheId),
          // The cache's events with its job's (whose name holds the cache's id).
          events: (c.events ?? []).map((e) => `${e.reason} ${e.message}`.replaceAll(c.containerGroupId!, '<id>').replaceAll(c.dataCacheId!, '<cache>')),
          job: groups.find((g) => g.containerGroupId === c.containerGroupId)?.status,
          jobEvents: Object.fromEntries(
            (jobEvents[c.containerGroupId!] ?? []).map((e) => [
              e
                .replaceAll(c.containerGroupId!, '<id>')
                .replaceAll(c.dataCacheId!, '<cache>')
                .replace(/ ×\d+$/, ''),
              count([e], e.split(' ')[0]!),
            ]),
          ),
        },
      ]),
    ),
    token: token && after.some((c) => c.dataCacheId === fits) && after.some((c) => c.dataCacheId === huge),
  };
}

/**
 * A commit task and O&M records on the virtual clock; with `kill`, serve is killed outright while
 * the task pushes and started again (the task and the records read as before). Its outcome, ids
 * replaced: the task as DescribeCommitContainerTask shows it once ended, the records, and the id
 * of a record made after the restart.
 */
async function commitScenario(backend: (typeof BACKENDS)[number], kill: boolean) {
  const run = await virtualServe(backend, 'eci-restart-commit-', COMMIT_WORLD);
  const { advance } = run;
  const ops = async (containerGroupId: string, opsType: string, opsValue: string) =>
    expect(
      (await run.sdk.createInstanceOpsTask(new $Eci.CreateInstanceOpsTaskRequest({ regionId: REGION, containerGroupId, opsType, opsValue }))).statusCode,
    ).toBe(200);
  const records = async (containerGroupId: string) =>
    (await run.sdk.describeInstanceOpsRecords(new $Eci.DescribeInstanceOpsRecordsRequest({ regionId: REGION, containerGroupId }))).body!.records ?? [];
  const task = async (taskId: string) =>
    (await run.sdk.describeCommitContainerTask(new $Eci.DescribeCommitContainerTaskRequest({ regionId: REGION, taskId: [taskId] }))).body!.commitTasks![0]!;

  const web = await create(run.sdk, 'web', {});
  await advance('30s');
  expect((await describeGroups(run.sdk, { containerGroupIds: JSON.stringify([web]) })).containerGroups![0]!.status).toBe('Running');
  await ops(web, 'coredump', 'enable');
  await ops(web, 'tcpdump', JSON.stringify({ Enable: true, Protocol: 'tcp' }));
  await advance('15s');
  await ops(web, 'tcpdump', '{"Enable":false}');
  const made = await run.sdk.commitContainer(
    new $Eci.CommitContainerRequest({
      regionId: REGION,
      containerGroupId: web,
      containerName: 'c1',
      image: new $Eci.CommitContainerRequestImage({ repository: `${COMMIT_REGISTRY}/team/web`, tag: 'v1' }),
    }),
  );
  const taskId = made.body!.taskId!;
  await advance('10s');
  const pushing = await task(taskId);
  expect([pushing.taskStatus, pushing.commitPhaseInfos!.map((p) => p.phase)]).toEqual(['Running', ['PullBaseImage', 'CommitContainer']]);

  if (kill) {
    const before = { task: pushing, records: await records(web) };
    await run.restart();
    expect(await task(taskId)).toEqual(before.task);
    expect(await records(web)).toEqual(before.records);
    expect(run.server.stderr() + '').not.toMatch(/error/i);
  }

  await advance('60s');
  const ended = await task(taskId);
  // A record made after the restart takes the next id (its capture's name shows it): the counter was kept.
  await ops(web, 'tcpdump', JSON.stringify({ Enable: true }));
  await ops(web, 'tcpdump', '{"Enable":false}');
  const after = await records(web);
  await run.server.stop();
  const text = JSON.stringify({ ended, after }).replaceAll(web, '<group>').replaceAll(taskId, '<task>');
  return JSON.parse(text) as { ended: typeof ended; after: typeof after };
}

/** A kubeconfig naming one cluster, Base64-encoded as CreateVirtualNode wants it. */
const KUBECONFIG_B64 = Buffer.from(
  'apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster: { server: "https://10.0.0.1:6443" }\ncontexts:\n- name: c\n  context: { cluster: c, user: u }\ncurrent-context: c\nusers:\n- name: u\n  user: { token: t }\n',
).toString('base64');

/** Random ids (caches, instances, nodes, snapshots) as their kind alone: two runs compare. */
const ids = (text: string) => text.replace(/\b(imc|eci|vnd|s)-[a-z0-9]{17,20}\b/g, '<$1>');

/**
 * An image cache and a virtual node on the virtual clock; with `kill`, serve is killed outright
 * while the cache is being built (its images pulled, its snapshots to come) and the node's virtual
 * kubelet is registering (its image pulled, Ready 5 s later), and started again. Each must then
 * finish once: the outcome (statuses and each event with its count, ids hidden) is compared with
 * a run never killed.
 */
async function cacheNodeScenario(backend: (typeof BACKENDS)[number], kill: boolean) {
  const run = await virtualServe(backend, 'eci-restart-cn-', WORLD);
  const { advance } = run;
  const lines = (events: Array<{ reason?: string; message?: string; count?: number }> | undefined) =>
    (events ?? []).map((e) => ids(`${e.reason} ${e.message} ×${e.count}`)).sort();
  const cache = async (id: string) => {
    const c = (await run.sdk.describeImageCaches(new $Eci.DescribeImageCachesRequest({ regionId: REGION, imageCacheId: id }))).body!.imageCaches![0]!;
    return { status: c.status, progress: c.progress, events: lines(c.events) };
  };
  const node = async (id: string) => {
    const n = (await run.sdk.describeVirtualNodes(new $Eci.DescribeVirtualNodesRequest({ regionId: REGION, virtualNodeIds: JSON.stringify([id]) }))).body!
      .virtualNodes![0]!;
    return { status: n.status, events: lines(n.events) };
  };

  const cacheId = (
    await run.sdk.createImageCache(
      new $Eci.CreateImageCacheRequest({ regionId: REGION, imageCacheName: 'web', image: ['nginx', 'busybox'], flash: true, standardCopyCount: 2 }),
    )
  ).body!.imageCacheId!;
  await advance('40s');
  const nodeId = (
    await run.sdk.createVirtualNode(
      new $Eci.CreateVirtualNodeRequest({
        regionId: REGION,
        vSwitchId: 'vsw-bp1emudefaultk000000',
        securityGroupId: 'sg-bp1emudefault0000000',
        virtualNodeName: 'vk',
        kubeConfig: KUBECONFIG_B64,
      }),
    )
  ).body!.virtualNodeId!;
  await advance('12s');
  const mid = { cache: await cache(cacheId), node: await node(nodeId) };
  // Mid-build and mid-registration: neither has finished, both have begun.
  expect(mid.cache.status).toBe('Creating');
  expect(mid.node.status).toBe('Pending');
  expect(mid.node.events.some((e) => e.startsWith('CreateEciForVnode '))).toBe(true);

  if (kill) {
    await run.restart();
    expect({ cache: await cache(cacheId), node: await node(nodeId) }).toEqual(mid);
    expect(run.server.stderr() + '').not.toMatch(/error/i);
  }

  await advance('10m');
  const after = { cache: await cache(cacheId), node: await node(nodeId) };
  // Every event of either, the store over: one line per distinct event, its count.
  const all = await signedJson(run.server.url, 'GET', '/v1/events?limit=500', undefined, TEST_KEY);
  expect(all.status).toBe(200);
  const stored = ((all.body as { items: Array<{ involvedObject: { kind: string }; reason: string; message: string; count: number }> }).items ?? [])
    .filter((e) => e.involvedObject.kind === 'ImageCache' || e.involvedObject.kind === 'Node')
    .map((e) => ids(`${e.involvedObject.kind} ${e.reason} ${e.message} ×${e.count}`))
    .sort();
  await run.server.stop();
  return { mid, after, stored };
}

for (const backend of BACKENDS) {
  describe.skipIf(!backend.available)(`serve killed and started again: ${backend.name}`, () => {
    it('keeps every group, its lifecycle, the world, the faults and the clock: the same outcome as a run never killed', async () => {
      const [killedRun, straight] = await Promise.all([scenario(backend, true), scenario(backend, false)]);
      expect(killedRun).toEqual(straight);
      // What the outcome is, so that equal outcomes are not equally empty.
      expect(Object.values(killedRun.groups).map((g) => g.status)).toEqual(['Running', 'Running', 'Running']);
      expect(killedRun.groups['web']!.tags).toEqual([new $Eci.DescribeContainerGroupsResponseBodyContainerGroupsTags({ key: 'app', value: 'web2' })]);
      for (const name of ['web', 'crash', 'sched'])
        expect(
          Object.entries(killedRun.counts[name]!)
            .filter(([e]) => e.startsWith('Scheduled '))
            .map(([, n]) => n),
        ).toEqual([1]);
      expect(killedRun.groups['crash']!.restarts).toBeGreaterThanOrEqual(4);
      expect(
        Object.entries(killedRun.counts['gone']!)
          .filter(([e]) => e.startsWith('StopCharge '))
          .map(([, n]) => n),
      ).toEqual([1]);
      expect(killedRun.faultsLeft).toBe(0);
    }, 180_000);

    it('keeps data caches mid-load: they go on to Available and DataCacheLoadFailed as in a run never killed', async () => {
      const [killedRun, straight] = await Promise.all([dataCacheScenario(backend, true), dataCacheScenario(backend, false)]);
      expect(killedRun).toEqual(straight);
      expect(killedRun.token).toBe(true);
      expect(killedRun.caches['/m']).toMatchObject({ status: 'Available', progress: '100%', snapshot: true, retained: false, job: 'Succeeded' });
      expect(killedRun.caches['/huge']).toMatchObject({ status: 'Failed', snapshot: false, retained: false, job: 'Failed' });
      expect(killedRun.caches['/m']!.events.filter((e) => e.startsWith('DataCache'))).toEqual([]);
      expect(killedRun.caches['/huge']!.events.filter((e) => e.startsWith('DataCache'))).toEqual([
        'DataCacheLoadFailed Some error occurred when loading data cache, see the detail in the log of job',
      ]);
      for (const c of Object.values(killedRun.caches))
        expect(
          Object.entries(c.jobEvents)
            .filter(([e]) => e.startsWith('Started '))
            .map(([, n]) => n),
        ).toEqual([1]);
    }, 180_000);

    it('fires a timer that fell due while the service was down once, at start (real clock)', async () => {
      const location = await backend.location();
      cleanups.push(location.cleanup);
      // At half of ECI's durations: kubelet's back-off after the second exit is 5 s, time to look.
      const flags = ['--throttle-rate', '0', '--time-scale', '0.5'];
      let server = await startServer(location.db, flags);
      servers.push(server);
      let sdk = sdkClient(server.host, 'v3');
      // Exits 2 s after it starts; OnFailure restarts it at once (kubelet's first restart), and
      // after its second exit waits out the back-off (BackOff).
      const id = await create(sdk, 'short', { restartPolicy: 'OnFailure' }, [{ name: 'c', image: 'busybox', command: ['sh', '-c', 'sleep 2; exit 1'] }]);
      await until('the container to start', async () => ((await allEvents(sdk, [id]))[id]?.some((e) => e.startsWith('Started ')) ? true : undefined));
      await killed(server);
      // Down for longer than the container had left to run.
      await new Promise((r) => setTimeout(r, 2500));
      server = await startServer(location.db, flags);
      servers.push(server);
      sdk = sdkClient(server.host, 'v3');
      const events = await until('the exit to be handled', async () => {
        const e = (await allEvents(sdk, [id]))[id];
        return count(e, 'BackOff') >= 1 ? e : undefined;
      });
      const g = (await describeGroups(sdk, { containerGroupIds: JSON.stringify([id]) })).containerGroups![0]!;
      expect(g.containers![0]!.currentState!.state).toBe('Waiting');
      expect(g.containers![0]!.previousState!.exitCode).toBe(1);
      // The exit that fell due in the downtime restarted the container once; its second exit backs off.
      expect(count(events, 'Started')).toBe(2);
      expect(count(events, 'BackOff')).toBe(1);
      await server.stop();
    }, 90_000);

    it('finishes an image cache killed mid-build and a virtual node killed mid-registration once each, as in a run never killed', async () => {
      const straight = await cacheNodeScenario(backend, false);
      const killedRun = await cacheNodeScenario(backend, true);
      expect(killedRun).toEqual(straight);
      expect(killedRun.after.cache.status).toBe('Ready');
      expect(killedRun.after.node.status).toBe('Ready');
      // Each event happened once: no step ran twice (after the restart) or never.
      expect(killedRun.stored).toEqual([
        'ImageCache ImageCacheCapacityUtilization Total capacity utilization of current CacheDisk is 0.07GB / 20GB ×1',
        'ImageCache ImageCacheCopyFinished Copy [<s>] of image cache has been made successfully ×1',
        'ImageCache ImageCacheCreate Snapshot [<s>] of image cache has been created, waiting for the completion of it ×1',
        'ImageCache ImageCacheFinished Image cache [<imc>] has been made successfully ×1',
        'ImageCache ImageCacheFlashFinished Flash image cache is created successfully, standard image cache will be created ×1',
        'ImageCache ImageCacheFlashReplacedSuccess Flash image cache [<s>] has been replaced successfully ×1',
        'ImageCache Pulled Successfully pulled image "busybox" in 800ms ×1',
        'ImageCache Pulled Successfully pulled image "nginx" in 800ms ×1',
        'ImageCache Pulling Pulling image "busybox" ×1',
        'ImageCache Pulling Pulling image "nginx" ×1',
        'Node CreateEciForVnode Create Eci <eci> for Vnode ×1',
        'Node CreateVnodeSuccess Create vnode success ×1',
      ]);
    }, 180_000);

    it('keeps a commit task Running at the kill, which ends as in a run never killed, and the O&M records', async () => {
      // One after the other: two services starting at once on a busy machine may miss serve's start timeout.
      const straight = await commitScenario(backend, false);
      const killedRun = await commitScenario(backend, true);
      expect(killedRun).toEqual(straight);
      expect(killedRun.ended.taskStatus).toBe('Succeeded');
      expect(killedRun.ended.commitPhaseInfos!.map((p) => `${p.phase} ${p.status}`)).toEqual([
        'PullBaseImage Success',
        'CommitContainer Success',
        'PushImage Success',
      ]);
      expect(killedRun.after.map((r) => `${r.opsType} ${r.opsStatus}`)).toEqual(['Coredump Ready', 'Tcpdump Success', 'Tcpdump Success']);
      expect(killedRun.after.map((r) => r.resultContent?.replace(/^.*\//, ''))).toEqual([undefined, 'ops-00000001.pcap', 'ops-00000002.pcap']);
    }, 180_000);
  });
}
