// The ECI OpenAPI end to end, as its users call it: the official SDK (@alicloud/eci20180808) against
// a started `eci-events serve`, with both signature schemes (ACS3-HMAC-SHA256, the SDK's default,
// and v1 HMAC-SHA1 with signatureAlgorithm 'v2'), on SQLite and, when it answers, PostgreSQL.
// Lifecycle transitions are polled with a deadline, never waited for with fixed sleeps.
//
// Accounts: the default account (TEST_KEY) runs the lifecycle cases; every other area has an
// account of its own, so that exact counts hold while cases run side by side.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BACKENDS } from './support/backends.js';
import {
  $Eci,
  REGION,
  SCHEMES,
  createKeys,
  sdkClient,
  sdkError,
  startServer,
  until,
  v3Request,
  type EciClient,
  type Key,
  type Server,
} from './support/eci-sdk.js';
import {
  DEFAULT_RESOURCE_GROUP,
  GROUP_ID,
  REQUEST_ID,
  RFC3339_SECONDS,
  SECURITY_GROUP,
  VPC,
  ZONE_DEFAULT,
  agent,
  bootEvents,
  countOf,
  create,
  createRequest,
  describeGroups,
  describeOne,
  eventsOf,
  expectError,
  groupEvents,
  instanceTypeEvent,
  noStock,
  platform,
  tag,
  vSwitchOf,
  view,
  waitEvents,
  waitStatus,
} from './support/eci-views.js';
import { signedFetch, TEST_KEY } from './support/signed-fetch.js';
import { scaledGoDuration } from './support/time-scale.js';

const ACCOUNTS = ['refusals', 'filters', 'pager', 'evpager', 'isolated', 'conc', 'capped'] as const;
type Account = (typeof ACCOUNTS)[number];

/** Reports events through the ingest endpoint with an account's key; all must be accepted. */
async function ingest(server: Server, key: Key, reports: unknown[]): Promise<void> {
  const res = await signedFetch(`${server.url}/v1/ingest`, { body: JSON.stringify({ reports }) }, key);
  const body = (await res.json()) as { accepted: number; rejected: number; results: unknown[] };
  expect(res.status, JSON.stringify(body)).toBe(200);
  expect(body.rejected, JSON.stringify(body.results)).toBe(0);
  expect(body.accepted).toBe(reports.length);
}

/** Every page of DescribeContainerGroups, following NextToken; checks each page's size. */
async function allPages(c: EciClient, opts: Record<string, unknown>, limit?: number) {
  const ids: string[] = [];
  const sizes: number[] = [];
  let nextToken: string | undefined;
  let total: number | undefined;
  for (let i = 0; i < 50; i++) {
    const body = await describeGroups(c, { ...opts, ...(limit ? { limit } : {}), ...(nextToken ? { nextToken } : {}) });
    total ??= body.totalCount;
    expect(body.totalCount).toBe(total);
    sizes.push(body.containerGroups?.length ?? 0);
    ids.push(...(body.containerGroups ?? []).map((g) => g.containerGroupId!));
    nextToken = body.nextToken || undefined;
    if (!nextToken) return { ids, sizes, total: total ?? 0 };
  }
  throw new Error('NextToken never ran out');
}

for (const backend of BACKENDS) {
  describe.skipIf(!backend.available)(`the ECI OpenAPI through the official SDK on ${backend.name}`, () => {
    let server: Server;
    let cleanup: (() => Promise<void>) | undefined;
    let keys: Record<Account, Key>;
    /** Fixture groups of the `filters` account. */
    const f: Record<'f1' | 'f2' | 'f3' | 'f4', string> = { f1: '', f2: '', f3: '', f4: '' };
    const pagerIds: string[] = [];

    /** The other accounts' keys, and the fixtures of the query cases. */
    async function setUp(db: string): Promise<void> {
      keys = await createKeys(db, ACCOUNTS);
      const fc = sdkClient(server.host, 'v3', keys.filters);
      f.f1 = await create(fc, 'filt-f1', { zoneId: 'cn-hangzhou-b', resourceGroupId: 'rg-team-a', tag: [tag('app', 'web'), tag('tier', 'front')] });
      f.f2 = await create(fc, 'filt-f2', { vSwitchId: vSwitchOf('g'), resourceGroupId: 'rg-team-b', tag: [tag('app', 'web')] });
      f.f3 = await create(fc, 'filt-f3', { restartPolicy: 'Never', tag: [tag('app', 'db')] }, [{ name: 'c1', image: 'busybox', command: ['true'] }]);
      f.f4 = await create(fc, 'filt-f4');
      const pc = sdkClient(server.host, 'v1', keys.pager);
      for (let i = 0; i < 25; i++) pagerIds.push(await create(pc, `page-${i}`, { tag: [tag('batch', 'one')] }));
      // 205 groups known only through their events (the ingest endpoint), for DescribeContainerGroupEvents' Limit.
      await ingest(
        server,
        keys.evpager,
        Array.from({ length: 205 }, (_, i) => ({
          object: { name: `ev-${i}`, uid: `eci-evp${String(i).padStart(4, '0')}` },
          reason: 'NoStock',
          args: ['cn-hangzhou-k'],
        })),
      );
    }

    beforeAll(async () => {
      const loc = await backend.location();
      cleanup = loc.cleanup;
      // Flow control is tested on a server of its own (openapi-protocol.test.ts); here it must
      // not get in the way of polling and of the concurrency case.
      server = await startServer(loc.db, ['--throttle-rate', '100000', '--throttle-burst', '100000']);
      // Spawning the CLI for the keys loads this 2-core machine: done before the lifecycle cases,
      // whose status windows (about a second each) must not be starved.
      await setUp(loc.db);
    });

    afterAll(async () => {
      await server?.stop();
      await cleanup?.();
    });

    // Both signature schemes' cases run side by side: every case has groups of its own.
    describe.concurrent('actions and the lifecycle', () => {
      for (const scheme of SCHEMES) {
        const client = () => sdkClient(server.host, scheme);
        // Each case once per scheme, named after it.
        const each = (name: string, fn: () => Promise<void>, timeout?: number) => test(`[${scheme}] ${name}`, fn, timeout);
        each('DescribeRegions lists every region with its zones, with or without RegionId', async () => {
          for (const opts of [{ regionId: REGION }, {}]) {
            const r = await client().describeRegions(new $Eci.DescribeRegionsRequest(opts));
            expect(r.statusCode).toBe(200);
            expect(r.body!.requestId).toMatch(REQUEST_ID);
            const regions = r.body!.regions!;
            expect(regions.map((x) => x.regionId)).toEqual(['cn-hangzhou', 'cn-shanghai', 'cn-beijing', 'ap-southeast-1', 'us-west-1']);
            const hz = regions[0]!;
            expect(hz.regionEndpoint).toBe('eci.cn-hangzhou.aliyuncs.com');
            expect(hz.zones).toEqual(['cn-hangzhou-b', 'cn-hangzhou-g', 'cn-hangzhou-h', 'cn-hangzhou-i', 'cn-hangzhou-j', 'cn-hangzhou-k']);
            expect(hz.recommendZones).toEqual(hz.zones);
          }
        });

        each('sleep 2 under Never: Scheduling → Pending → Running → Succeeded, every event in order, WithEvent and the status agree', async () => {
          const c = client();
          const name = `sleeper-${scheme}`;
          const id = await create(c, name, { cpu: 2, memory: 4, restartPolicy: 'Never', tag: [tag('env', 'test')] }, [
            { name: 'c1', image: 'nginx', command: ['sleep', '2'] },
          ]);
          const seen: string[] = [];
          const g = await waitStatus(c, id, 'Succeeded', seen);
          // Scheduling lasts 0.1 s, so a poll may first see Pending; the order never changes.
          expect(['Scheduling', 'Pending']).toContain(seen[0]);
          expect(seen.filter((s) => s !== 'Scheduling')).toEqual(['Pending', 'Running', 'Succeeded']);

          expect(g).toMatchObject({
            containerGroupId: id,
            containerGroupName: name,
            regionId: REGION,
            zoneId: ZONE_DEFAULT,
            status: 'Succeeded',
            instanceType: 'ecs.c6.large',
            cpu: 2,
            memory: 4,
            restartPolicy: 'Never',
            spotStrategy: 'NoSpot',
            vpcId: VPC,
            vSwitchId: vSwitchOf('k'),
            securityGroupId: SECURITY_GROUP,
            resourceGroupId: DEFAULT_RESOURCE_GROUP,
          });
          expect(g.tags!.map((t) => [t.key, t.value])).toEqual([['env', 'test']]);
          expect(g.intranetIp).toMatch(/^172\.16\.\d+\.\d+$/);
          expect(g.creationTime).toMatch(RFC3339_SECONDS);
          expect(g.succeededTime).toMatch(RFC3339_SECONDS);
          expect(g.succeededTime! >= g.creationTime!).toBe(true);
          expect(g.containers).toHaveLength(1);
          expect(g.containers![0]).toMatchObject({ name: 'c1', image: 'nginx', commands: ['sleep', '2'], args: [], restartCount: 0, ready: false });
          expect(g.containers![0]!.currentState).toMatchObject({ state: 'Terminated', exitCode: 0, reason: 'Completed' });

          const expected = bootEvents(name, 'nginx', 'c1', instanceTypeEvent.auto('ecs.c6.large'));
          const { data, events } = await waitEvents(c, id, (e) => e.length >= expected.length);
          expect(events).toEqual(expected);
          expect(data).toMatchObject({ containerGroupId: id, name, namespace: 'default' });
          expect(JSON.parse(data.annotations!)).toEqual({ 'k8s.aliyun.com/eci-instance-id': id });
          expect(data.uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
          for (const e of data.events!) {
            expect(e.metadata).toEqual({ name: expect.stringMatching(new RegExp(`^${name}\\.[0-9a-f]+$`)), namespace: 'default' });
            expect(e.involvedObject).toEqual({ apiVersion: 'v1', kind: 'Pod', name, namespace: 'default', uid: id });
            expect(e.firstTimestamp).toMatch(RFC3339_SECONDS);
            expect(e.lastTimestamp).toBe(e.firstTimestamp);
            expect(e.reportingComponent).toBe(e.source!.component);
          }
          const times = data.events!.map((e) => e.lastTimestamp!);
          expect([...times].sort().reverse()).toEqual(times);
          // Nothing happens once the group has ended: no event after Started.
          expect(data.events!.map((e) => e.metadata!.name)).toHaveLength(new Set(data.events!.map((e) => e.metadata!.name)).size);

          // WithEvent: the same events, with the same names and times, on DescribeContainerGroups.
          const withEvents = await describeOne(c, id, true);
          expect(
            withEvents!.events!.map((e) => ({
              name: e.name,
              reason: e.reason,
              message: e.message,
              type: e.type,
              count: e.count,
              firstTimestamp: e.firstTimestamp,
              lastTimestamp: e.lastTimestamp,
            })),
          ).toEqual(
            data.events!.map((e) => ({
              name: e.metadata!.name,
              reason: e.reason,
              message: e.message,
              type: e.type,
              count: e.count,
              firstTimestamp: e.firstTimestamp,
              lastTimestamp: e.lastTimestamp,
            })),
          );
          // Without WithEvent, no events.
          expect((await describeOne(c, id))!.events ?? []).toEqual([]);

          const status = await c.describeContainerGroupStatus(
            new $Eci.DescribeContainerGroupStatusRequest({ regionId: REGION, containerGroupIds: JSON.stringify([id]) }),
          );
          expect(status.body!.totalCount).toBe(1);
          const s = status.body!.data![0]!;
          expect(s).toMatchObject({ containerGroupId: id, name, namespace: 'default', status: 'Succeeded' });
          expect(s.podStatus!.phase).toBe('Succeeded');
          expect(s.podStatus!.containerStatuses![0]).toMatchObject({ name: 'c1', image: 'nginx', ready: false, restartCount: 0 });
          expect(s.podStatus!.containerStatuses![0]!.state!.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
        });

        each('exit 3 under Never ends Failed with exit code 3 (and the default instance type)', async () => {
          const c = client();
          const name = `exit3-${scheme}`;
          const id = await create(c, name, { restartPolicy: 'Never' }, [{ name: 'main', image: 'alpine', command: ['sh', '-c', 'exit 3'] }]);
          const g = await waitStatus(c, id, 'Failed');
          expect(g.failedTime).toMatch(RFC3339_SECONDS);
          expect(g.instanceType).toBe('ecs.c6.large');
          expect(g.containers![0]!.currentState).toMatchObject({ state: 'Terminated', exitCode: 3, reason: 'Error' });
          const expected = bootEvents(name, 'alpine', 'main', instanceTypeEvent.default());
          expect((await waitEvents(c, id, (e) => e.length >= expected.length)).events).toEqual(expected);
          const status = await c.describeContainerGroupStatus(
            new $Eci.DescribeContainerGroupStatusRequest({ regionId: REGION, containerGroupIds: JSON.stringify([id]) }),
          );
          expect(status.body!.data![0]!.podStatus!.phase).toBe('Failed');
          expect(status.body!.data![0]!.podStatus!.containerStatuses![0]!.state!.terminated).toMatchObject({ exitCode: 3, reason: 'Error' });
        });

        each(
          'false under OnFailure is restarted with back-off: BackOff, Started and Created counted exactly',
          async () => {
            const c = client();
            const name = `crashloop-${scheme}`;
            const id = await create(c, name, { restartPolicy: 'OnFailure', instanceType: 'ecs.g6.large' }, [
              { name: 'c1', image: 'busybox', command: ['false'] },
            ]);
            // kubelet's back-off: the first exit restarts at once; the second waits out 10 s (BackOff), and
            // the pod sync 10 to 15 s later restarts it; its exit records the second BackOff (20 s).
            const { events } = await waitEvents(c, id, (e) => countOf(e, 'BackOff') >= 2, 'a second BackOff', 40_000);
            const backOff = `Back-off restarting failed container c1 in pod ${name}_default(${id})`;
            expect(events).toEqual([
              agent('BackOff', backOff, 2, 'Warning'),
              agent('Started', 'Started container c1', 3),
              agent('Created', 'Created container c1', 3),
              agent('Pulled', 'Container image "busybox" already present on machine', 2),
              agent('Pulled', `Successfully pulled image "busybox" in ${scaledGoDuration(800_000)}`),
              agent('Pulling', 'Pulling image "busybox"'),
              agent('Scheduled', `Successfully assigned default/${name} to virtual-kubelet-${ZONE_DEFAULT}`),
              instanceTypeEvent.user('ecs.g6.large'),
            ]);
            const g = await describeOne(c, id);
            expect(g).toMatchObject({ status: 'Running', instanceType: 'ecs.g6.large', cpu: 2, memory: 8 });
            expect(g!.containers![0]!.restartCount).toBe(2);
            expect(g!.containers![0]!.currentState).toMatchObject({
              state: 'Waiting',
              reason: 'CrashLoopBackOff',
              message: `back-off ${scaledGoDuration(20_000_000)} restarting failed container=c1 pod=${name}_default(${id})`,
            });
            expect(g!.containers![0]!.previousState).toMatchObject({ state: 'Terminated', exitCode: 1, reason: 'Error' });
          },
          60_000,
        );

        each('true under OnFailure and echo under Never succeed; Command and Arg reach the container', async () => {
          const c = client();
          const a = await create(c, `true-${scheme}`, { restartPolicy: 'OnFailure' }, [{ name: 'c1', image: 'busybox', command: ['true'] }]);
          const b = await create(c, `echo-${scheme}`, { restartPolicy: 'Never' }, [
            { name: 'c1', image: 'busybox', command: ['sh', '-c'], arg: ['echo hello'] },
          ]);
          const [ga, gb] = await Promise.all([waitStatus(c, a, 'Succeeded'), waitStatus(c, b, 'Succeeded')]);
          expect(ga.containers![0]!.currentState).toMatchObject({ state: 'Terminated', exitCode: 0 });
          expect(gb.containers![0]).toMatchObject({ commands: ['sh', '-c'], args: ['echo hello'] });
          expect(gb.containers![0]!.currentState).toMatchObject({ state: 'Terminated', exitCode: 0 });
        });

        each('two containers: sized by their Cpu/Memory, the second image already present, Succeeded once both exit', async () => {
          const c = client();
          const name = `pair-${scheme}`;
          const id = await create(c, name, { restartPolicy: 'Never' }, [
            { name: 'first', image: 'nginx', command: ['sleep', '1'], cpu: 1, memory: 2 },
            { name: 'second', image: 'nginx', command: ['sleep', '0.5'], cpu: 1, memory: 2 },
          ]);
          const g = await waitStatus(c, id, 'Succeeded');
          expect(g).toMatchObject({ instanceType: 'ecs.c6.large', cpu: 2, memory: 4 });
          expect(g.containers!.map((x) => [x.name, x.cpu, x.memory, x.currentState!.state, x.currentState!.exitCode])).toEqual([
            ['first', 1, 2, 'Terminated', 0],
            ['second', 1, 2, 'Terminated', 0],
          ]);
          const expected = [
            agent('Started', 'Started container second'),
            agent('Created', 'Created container second'),
            agent('Pulled', 'Container image "nginx" already present on machine'),
            agent('Started', 'Started container first'),
            agent('Created', 'Created container first'),
            agent('Pulled', `Successfully pulled image "nginx" in ${scaledGoDuration(800_000)}`),
            agent('Pulling', 'Pulling image "nginx"'),
            agent('Scheduled', `Successfully assigned default/${name} to virtual-kubelet-${ZONE_DEFAULT}`),
            instanceTypeEvent.auto('ecs.c6.large'),
          ];
          expect((await waitEvents(c, id, (e) => e.length >= expected.length)).events).toEqual(expected);
        });

        each('RestartContainerGroup: Restarting then Running with Killing and counted restarts; Scheduling and Succeeded groups refuse', async () => {
          const c = client();
          const name = `restart-${scheme}`;
          const id = await create(c, name);
          const scheduling = await create(c, `restart-sched-${scheme}`);
          const done = await create(c, `restart-done-${scheme}`, { restartPolicy: 'Never' }, [{ name: 'c1', image: 'busybox', command: ['true'] }]);

          await waitStatus(c, scheduling, 'Scheduling');
          expectError(
            await sdkError(c.restartContainerGroup(new $Eci.RestartContainerGroupRequest({ regionId: REGION, containerGroupId: scheduling }))),
            'IncorrectStatus',
            400,
            scheduling,
          );

          await waitStatus(c, id, 'Running');
          await waitEvents(c, id, (e) => countOf(e, 'Started') === 1, 'Started');
          const r = await c.restartContainerGroup(new $Eci.RestartContainerGroupRequest({ regionId: REGION, containerGroupId: id }));
          expect(r.statusCode).toBe(200);
          expect(r.body!.requestId).toMatch(REQUEST_ID);
          const seen: string[] = [];
          await waitStatus(c, id, 'Running', seen);
          expect(seen[0]).toBe('Restarting');
          const { events } = await waitEvents(c, id, (e) => countOf(e, 'Started') === 2, 'the second Started');
          expect(events).toEqual([
            agent('Started', 'Started container c1', 2),
            agent('Created', 'Created container c1', 2),
            agent('Pulled', 'Container image "nginx" already present on machine'),
            agent('Killing', 'Stopping container c1'),
            ...bootEvents(name, 'nginx', 'c1', instanceTypeEvent.default()).slice(2),
          ]);
          const g = await describeOne(c, id);
          expect(g!.status).toBe('Running');
          expect(g!.containers![0]).toMatchObject({ restartCount: 1, ready: true });
          expect(g!.containers![0]!.currentState!.state).toBe('Running');

          await waitStatus(c, done, 'Succeeded');
          expectError(
            await sdkError(c.restartContainerGroup(new $Eci.RestartContainerGroupRequest({ regionId: REGION, containerGroupId: done }))),
            'IncorrectStatus',
            400,
            done,
          );
          expect((await describeOne(c, done))!.status).toBe('Succeeded');
        });

        each('UpdateContainerGroup replaces the tags, then rolls a new image: Updating → Running', async () => {
          const c = client();
          const name = `update-${scheme}`;
          const id = await create(c, name, { tag: [tag('a', '1'), tag('b', '2')] });
          await waitStatus(c, id, 'Running');
          await waitEvents(c, id, (e) => countOf(e, 'Started') === 1, 'Started');

          const tagsOnly = await c.updateContainerGroup(
            new $Eci.UpdateContainerGroupRequest({
              regionId: REGION,
              containerGroupId: id,
              tag: [new $Eci.UpdateContainerGroupRequestTag({ key: 'c', value: '3' })],
            }),
          );
          expect(tagsOnly.statusCode).toBe(200);
          const g1 = await describeOne(c, id);
          expect(g1!.tags!.map((t) => [t.key, t.value])).toEqual([['c', '3']]);
          expect(g1!.status).toBe('Running');

          await c.updateContainerGroup(
            new $Eci.UpdateContainerGroupRequest({
              regionId: REGION,
              containerGroupId: id,
              container: [new $Eci.UpdateContainerGroupRequestContainer({ name: 'c1', image: 'busybox' })],
            }),
          );
          const seen: string[] = [];
          const g2 = await waitStatus(c, id, 'Running', seen);
          expect(seen[0]).toBe('Updating');
          expect(g2.containers![0]).toMatchObject({ name: 'c1', image: 'busybox' });
          expect(g2.tags!.map((t) => [t.key, t.value])).toEqual([['c', '3']]);
          const { events } = await waitEvents(c, id, (e) => countOf(e, 'Started') === 2, 'the second Started');
          expect(events).toEqual([
            agent('Started', 'Started container c1', 2),
            agent('Created', 'Created container c1', 2),
            agent('Pulled', `Successfully pulled image "busybox" in ${scaledGoDuration(800_000)}`),
            agent('Pulling', 'Pulling image "busybox"'),
            agent('Killing', 'Stopping container c1'),
            ...bootEvents(name, 'nginx', 'c1', instanceTypeEvent.default()).slice(2),
          ]);
          expect((await describeOne(c, id))!.containers![0]).toMatchObject({ image: 'busybox', restartCount: 1, ready: true });

          const unknown = await sdkError(
            c.updateContainerGroup(
              new $Eci.UpdateContainerGroupRequest({
                regionId: REGION,
                containerGroupId: id,
                container: [new $Eci.UpdateContainerGroupRequestContainer({ name: 'nope', image: 'x' })],
              }),
            ),
          );
          expectError(unknown, 'InvalidParameter', 400, 'Container.1.Name');
        });

        each('DeleteContainerGroup: Terminating with Killing and StopCharge, then gone; its events stay queryable', async () => {
          const c = client();
          const name = `delete-${scheme}`;
          const id = await create(c, name);
          await waitStatus(c, id, 'Running');
          await waitEvents(c, id, (e) => countOf(e, 'Started') === 1, 'Started');
          const r = await c.deleteContainerGroup(new $Eci.DeleteContainerGroupRequest({ regionId: REGION, containerGroupId: id }));
          expect(r.statusCode).toBe(200);
          expect(r.body!.requestId).toMatch(REQUEST_ID);
          expect((await describeOne(c, id))?.status).toBe('Terminating');
          // Deleting again while Terminating is accepted and adds nothing.
          expect((await c.deleteContainerGroup(new $Eci.DeleteContainerGroupRequest({ regionId: REGION, containerGroupId: id }))).statusCode).toBe(200);
          await until('the group to be gone', async () =>
            (await describeGroups(c, { containerGroupIds: JSON.stringify([id]) })).totalCount === 0 ? true : undefined,
          );
          const gone = await describeGroups(c, { containerGroupIds: JSON.stringify([id]) });
          expect(gone.containerGroups ?? []).toEqual([]);

          const { data, events } = await waitEvents(c, id, (e) => countOf(e, 'StopCharge') > 0, 'StopCharge');
          expect(events).toEqual([
            platform('StopCharge', 'The charge of current ECI instance has been stopped, but the related resources are still being cleaned'),
            agent('Killing', 'Stopping container c1'),
            ...bootEvents(name, 'nginx', 'c1', instanceTypeEvent.default()),
          ]);
          expect(data).toMatchObject({ containerGroupId: id, name, namespace: 'default' });

          expectError(
            await sdkError(c.deleteContainerGroup(new $Eci.DeleteContainerGroupRequest({ regionId: REGION, containerGroupId: id }))),
            'InvalidContainerGroupId.NotFound',
            404,
            id,
          );
          expectError(
            await sdkError(c.restartContainerGroup(new $Eci.RestartContainerGroupRequest({ regionId: REGION, containerGroupId: id }))),
            'InvalidContainerGroupId.NotFound',
            404,
            id,
          );
          expectError(
            await sdkError(
              c.updateContainerGroup(
                new $Eci.UpdateContainerGroupRequest({
                  regionId: REGION,
                  containerGroupId: id,
                  tag: [new $Eci.UpdateContainerGroupRequestTag({ key: 'k', value: 'v' })],
                }),
              ),
            ),
            'InvalidContainerGroupId.NotFound',
            404,
          );
        });

        each('ClientToken makes CreateContainerGroup idempotent', async () => {
          const c = client();
          const name = `token-${scheme}`;
          const token = `tok-${scheme}-${Date.now()}`;
          const first = await create(c, name, { clientToken: token });
          const again = await create(c, name, { clientToken: token });
          expect(again).toBe(first);
          expect((await describeGroups(c, { containerGroupName: name })).totalCount).toBe(1);
        });

        each('refused creates name the parameter and create nothing (nor any event)', async () => {
          const c = sdkClient(server.host, scheme, keys.refusals);
          const ok = { name: 'c1', image: 'nginx' };
          const cases: Array<[string, Record<string, unknown>, Array<Record<string, unknown>> | undefined, string, number, string]> = [
            ['no RegionId', { regionId: undefined }, undefined, 'MissingParameter', 400, 'RegionId'],
            ['an unknown region', { regionId: 'mars-north-1' }, undefined, 'InvalidRegionId.NotFound', 400, 'mars-north-1'],
            ['no ContainerGroupName', { containerGroupName: undefined }, undefined, 'MissingParameter', 400, 'ContainerGroupName'],
            ['a 1-character name', { containerGroupName: 'a' }, undefined, 'InvalidParameter', 400, 'ContainerGroupName'],
            ['a 129-character name', { containerGroupName: 'a'.repeat(129) }, undefined, 'InvalidParameter', 400, 'ContainerGroupName'],
            ['an upper-case name', { containerGroupName: 'Web-1' }, undefined, 'InvalidParameter', 400, 'ContainerGroupName'],
            ['an underscore', { containerGroupName: 'web_1' }, undefined, 'InvalidParameter', 400, 'ContainerGroupName'],
            ['a leading hyphen', { containerGroupName: '-web' }, undefined, 'InvalidParameter', 400, 'ContainerGroupName'],
            ['a trailing hyphen', { containerGroupName: 'web-' }, undefined, 'InvalidParameter', 400, 'ContainerGroupName'],
            ['no container', {}, [], 'MissingParameter', 400, 'Container.1.Name'],
            ['a container without image', {}, [{ name: 'c1' }], 'MissingParameter', 400, 'Container.1.Image'],
            ['a container without name', {}, [{ image: 'nginx' }], 'MissingParameter', 400, 'Container.1.Name'],
            ['two containers of one name', {}, [ok, ok], 'InvalidParameter', 400, 'Container.2.Name'],
            ['a bad container name', {}, [{ name: 'C_1', image: 'nginx' }], 'InvalidParameter', 400, 'Container.1.Name'],
            ['a negative container Cpu', {}, [{ ...ok, cpu: -1 }], 'InvalidParameter', 400, 'Container.1.Cpu'],
            ['Cpu -1', { cpu: -1 }, undefined, 'InvalidParameter', 400, 'Cpu'],
            ['Cpu 0', { cpu: 0, memory: 4 }, undefined, 'InvalidParameter', 400, 'Cpu'],
            ['Cpu 1000', { cpu: 1000 }, undefined, 'InvalidParameter', 400, 'Cpu'],
            ['Memory 0', { cpu: 2, memory: 0 }, undefined, 'InvalidParameter', 400, 'Memory'],
            ['a size no type has', { cpu: 64, memory: 4 }, undefined, 'InvalidParameter', 400, 'Cpu'],
            ['an unknown InstanceType', { instanceType: 'ecs.nope.large' }, undefined, 'InvalidInstanceType.ValueNotSupported', 400, 'InstanceType'],
            ['an unknown ZoneId', { zoneId: 'cn-hangzhou-z' }, undefined, 'InvalidZoneId.NotFound', 400, 'ZoneId'],
            ['an unknown VSwitchId', { vSwitchId: 'vsw-nope' }, undefined, 'InvalidVSwitchId.NotFound', 400, 'VSwitchId'],
            ['a vSwitch of another zone', { zoneId: 'cn-hangzhou-b', vSwitchId: vSwitchOf('k') }, undefined, 'InvalidVSwitchId.ZoneMismatch', 400, 'VSwitchId'],
            ['an unknown SecurityGroupId', { securityGroupId: 'sg-nope' }, undefined, 'InvalidSecurityGroupId.NotFound', 400, 'SecurityGroupId'],
            ['RestartPolicy Sometimes', { restartPolicy: 'Sometimes' }, undefined, 'InvalidParameter', 400, 'RestartPolicy'],
            ['SpotStrategy Cheap', { spotStrategy: 'Cheap' }, undefined, 'InvalidParameter', 400, 'SpotStrategy'],
            ['SpotWithPriceLimit without a limit', { spotStrategy: 'SpotWithPriceLimit' }, undefined, 'InvalidParameter', 400, 'SpotPriceLimit'],
            ['a tag without key', { tag: [tag('', 'v')] }, undefined, 'MissingParameter', 400, 'Tag.1.Key'],
            ['21 tags', { tag: Array.from({ length: 21 }, (_, i) => tag(`k${i}`, 'v')) }, undefined, 'InvalidParameter', 400, 'Tag'],
            ['two tags of one key', { tag: [tag('k', '1'), tag('k', '2')] }, undefined, 'InvalidParameter', 400, 'Tag.2.Key'],
            ['a 65-character ResourceGroupId', { resourceGroupId: 'r'.repeat(65) }, undefined, 'InvalidParameter', 400, 'ResourceGroupId'],
            ['a 65-character ClientToken', { clientToken: 't'.repeat(65) }, undefined, 'InvalidParameter', 400, 'ClientToken'],
            ['DryRun with good parameters', { dryRun: true }, undefined, 'DryRunOperation', 400, 'DryRun'],
          ];
          for (const [what, opts, containers, code, status, mentions] of cases) {
            const request = createRequest(`refused-${scheme}`, opts, (containers ?? [ok]) as never);
            const failure = await sdkError(c.createContainerGroup(request));
            try {
              expectError(failure, code, status, mentions);
            } catch (err) {
              throw new Error(`${what}: ${(err as Error).message}\n${JSON.stringify(failure.data)}`, { cause: err });
            }
          }
          // A create with a wrong signature changes nothing either.
          const forged = sdkClient(server.host, scheme, { id: keys.refusals.id, secret: 'not-the-secret' });
          expectError(await sdkError(forged.createContainerGroup(createRequest(`refused-${scheme}`))), 'SignatureDoesNotMatch', 400);

          const groups = await describeGroups(c);
          expect(groups.totalCount).toBe(0);
          expect(groups.containerGroups ?? []).toEqual([]);
          const events = await groupEvents(c);
          expect(events.totalCount).toBe(0);
          expect(events.data ?? []).toEqual([]);
        });

        each('bad Describe* parameters are refused with the parameter named', async () => {
          const c = client();
          const cases: Array<[string, () => Promise<unknown>, string, number, string]> = [
            ['Limit 21', () => describeGroups(c, { limit: 21 }), 'InvalidParameter', 400, 'Limit'],
            ['Limit 0', () => describeGroups(c, { limit: 0 }), 'InvalidParameter', 400, 'Limit'],
            ['an unknown Status', () => describeGroups(c, { status: 'Sleeping' }), 'InvalidParameter', 400, 'Status'],
            ['a made-up NextToken', () => describeGroups(c, { nextToken: 'not-a-token' }), 'InvalidParameter', 400, 'NextToken'],
            ['malformed ContainerGroupIds', () => describeGroups(c, { containerGroupIds: '[eci-a' }), 'InvalidParameter', 400, 'ContainerGroupIds'],
            [
              '21 ContainerGroupIds',
              () => describeGroups(c, { containerGroupIds: JSON.stringify(Array.from({ length: 21 }, (_, i) => `eci-x${i}`)) }),
              'InvalidParameter',
              400,
              'ContainerGroupIds',
            ],
            ['no RegionId', () => describeGroups(c, { regionId: undefined }), 'MissingParameter', 400, 'RegionId'],
            ['an unknown region', () => describeGroups(c, { regionId: 'xx-nowhere-9' }), 'InvalidRegionId.NotFound', 400, 'xx-nowhere-9'],
            [
              'status: 21 ContainerGroupIds',
              () =>
                c.describeContainerGroupStatus(
                  new $Eci.DescribeContainerGroupStatusRequest({
                    regionId: REGION,
                    containerGroupIds: JSON.stringify(Array.from({ length: 21 }, (_, i) => `eci-x${i}`)),
                  }),
                ),
              'InvalidParameter',
              400,
              'ContainerGroupIds',
            ],
            [
              'delete: no ContainerGroupId',
              () => c.deleteContainerGroup(new $Eci.DeleteContainerGroupRequest({ regionId: REGION })),
              'MissingParameter',
              400,
              'ContainerGroupId',
            ],
            [
              'delete: a malformed id',
              () => c.deleteContainerGroup(new $Eci.DeleteContainerGroupRequest({ regionId: REGION, containerGroupId: 'web-1' })),
              'InvalidParameter',
              400,
              'ContainerGroupId',
            ],
            [
              'delete: an unknown id',
              () => c.deleteContainerGroup(new $Eci.DeleteContainerGroupRequest({ regionId: REGION, containerGroupId: 'eci-doesnotexist0000000' })),
              'InvalidContainerGroupId.NotFound',
              404,
              'eci-doesnotexist0000000',
            ],
            [
              'restart: an unknown id',
              () => c.restartContainerGroup(new $Eci.RestartContainerGroupRequest({ regionId: REGION, containerGroupId: 'eci-doesnotexist0000000' })),
              'InvalidContainerGroupId.NotFound',
              404,
              'eci-doesnotexist0000000',
            ],
          ];
          for (const [what, call, code, status, mentions] of cases) {
            const failure = await sdkError(call());
            try {
              expectError(failure, code, status, mentions);
            } catch (err) {
              throw new Error(`${what}: ${(err as Error).message}\n${JSON.stringify(failure.data)}`, { cause: err });
            }
          }
        });

        each('credentials: a wrong secret is SignatureDoesNotMatch, an unknown key InvalidAccessKeyId.NotFound', async () => {
          const wrong = sdkClient(server.host, scheme, { id: TEST_KEY.id, secret: 'wrong-secret' });
          expectError(await sdkError(wrong.describeRegions(new $Eci.DescribeRegionsRequest({ regionId: REGION }))), 'SignatureDoesNotMatch', 400);
          const unknown = sdkClient(server.host, scheme, { id: 'LTAIunknownkey000000000', secret: 'whatever' });
          expectError(
            await sdkError(unknown.describeContainerGroups(new $Eci.DescribeContainerGroupsRequest({ regionId: REGION }))),
            'InvalidAccessKeyId.NotFound',
            404,
          );
        });
      }
    });

    describe.each(SCHEMES)('queries signed with %s', (scheme) => {
      test('DescribeContainerGroups filters: ContainerGroupIds, ContainerGroupName, Status, ZoneId, VSwitchId, ResourceGroupId, Tag.N', async () => {
        const c = sdkClient(server.host, scheme, keys.filters);
        await waitStatus(c, f.f3, 'Succeeded');
        for (const id of [f.f1, f.f2, f.f4]) await waitStatus(c, id, 'Running');
        const ids = async (opts: Record<string, unknown>) => (await allPages(c, opts)).ids;
        // Newest first.
        expect(await ids({})).toEqual([f.f4, f.f3, f.f2, f.f1]);
        expect(await ids({ containerGroupIds: JSON.stringify([f.f1, f.f3]) })).toEqual([f.f3, f.f1]);
        expect(await ids({ containerGroupIds: JSON.stringify(['eci-doesnotexist0000000']) })).toEqual([]);
        expect(await ids({ containerGroupIds: '[]' })).toEqual([]);
        expect(await ids({ containerGroupName: 'filt-f2' })).toEqual([f.f2]);
        expect(await ids({ containerGroupName: 'filt' })).toEqual([]);
        expect(await ids({ status: 'Succeeded' })).toEqual([f.f3]);
        expect(await ids({ status: 'Running' })).toEqual([f.f4, f.f2, f.f1]);
        expect(await ids({ status: 'Failed' })).toEqual([]);
        expect(await ids({ zoneId: 'cn-hangzhou-b' })).toEqual([f.f1]);
        expect(await ids({ zoneId: 'cn-hangzhou-g' })).toEqual([f.f2]);
        expect(await ids({ zoneId: ZONE_DEFAULT })).toEqual([f.f4, f.f3]);
        expect(await ids({ vSwitchId: vSwitchOf('g') })).toEqual([f.f2]);
        expect(await ids({ vSwitchId: vSwitchOf('k') })).toEqual([f.f4, f.f3]);
        expect(await ids({ resourceGroupId: 'rg-team-a' })).toEqual([f.f1]);
        expect(await ids({ resourceGroupId: DEFAULT_RESOURCE_GROUP })).toEqual([f.f4, f.f3]);
        expect(await ids({ tag: [new $Eci.DescribeContainerGroupsRequestTag({ key: 'app', value: 'web' })] })).toEqual([f.f2, f.f1]);
        expect(
          await ids({
            tag: [
              new $Eci.DescribeContainerGroupsRequestTag({ key: 'app', value: 'web' }),
              new $Eci.DescribeContainerGroupsRequestTag({ key: 'tier', value: 'front' }),
            ],
          }),
        ).toEqual([f.f1]);
        expect(await ids({ tag: [new $Eci.DescribeContainerGroupsRequestTag({ key: 'app', value: 'cache' })] })).toEqual([]);
        expect(await ids({ zoneId: 'cn-hangzhou-b', tag: [new $Eci.DescribeContainerGroupsRequestTag({ key: 'app', value: 'db' })] })).toEqual([]);
        expect(await ids({ status: 'Running', resourceGroupId: 'rg-team-b' })).toEqual([f.f2]);

        // The same filters on DescribeContainerGroupStatus.
        const st = await c.describeContainerGroupStatus(new $Eci.DescribeContainerGroupStatusRequest({ regionId: REGION, zoneId: 'cn-hangzhou-b' }));
        expect(st.body!.data!.map((d) => d.containerGroupId)).toEqual([f.f1]);
        expect(st.body!.data![0]!.podStatus!.phase).toBe('Running');
        expect(st.body!.data![0]!.podStatus!.containerStatuses![0]).toMatchObject({ ready: true, started: true });
      });

      test('DescribeContainerGroups pages through 25 groups with NextToken, each exactly once', async () => {
        const c = sdkClient(server.host, scheme, keys.pager);
        const byDefault = await allPages(c, {});
        expect(byDefault.total).toBe(25);
        expect(byDefault.sizes).toEqual([20, 5]);
        expect(byDefault.ids).toEqual([...pagerIds].reverse());
        const bySeven = await allPages(c, { tag: [new $Eci.DescribeContainerGroupsRequestTag({ key: 'batch', value: 'one' })] }, 7);
        expect(bySeven.sizes).toEqual([7, 7, 7, 4]);
        expect(bySeven.ids).toEqual([...pagerIds].reverse());
        expect((await allPages(c, {}, 20)).sizes).toEqual([20, 5]);
        // DescribeContainerGroupStatus pages the same way.
        const first = await c.describeContainerGroupStatus(new $Eci.DescribeContainerGroupStatusRequest({ regionId: REGION, limit: 20 }));
        expect(first.body!.totalCount).toBe(25);
        expect(first.body!.data).toHaveLength(20);
        const second = await c.describeContainerGroupStatus(
          new $Eci.DescribeContainerGroupStatusRequest({ regionId: REGION, limit: 20, nextToken: first.body!.nextToken }),
        );
        expect(second.body!.data).toHaveLength(5);
        expect(second.body!.nextToken ?? '').toBe('');
        expect(new Set([...first.body!.data!, ...second.body!.data!].map((d) => d.containerGroupId))).toEqual(new Set(pagerIds));
      });

      test('DescribeContainerGroupEvents: EventSource, SinceSecond, ContainerGroupIds, the group filters', async () => {
        const c = sdkClient(server.host, scheme, keys.filters);
        const f3 = await waitEvents(c, f.f3, (e) => e.length >= 6);
        const boot = bootEvents('filt-f3', 'busybox', 'c1', instanceTypeEvent.default());
        expect(f3.events).toEqual(boot);
        expect(view((await eventsOf(c, f.f3, { eventSource: 'EciService' }))?.events)).toEqual([instanceTypeEvent.default()]);
        expect(view((await eventsOf(c, f.f3, { eventSource: 'K8sAgent' }))?.events)).toEqual(boot.slice(0, 5));
        expect(view((await eventsOf(c, f.f3, { eventSource: '' }))?.events)).toEqual(boot);

        // ContainerGroupIds, alone and with the group filters.
        const groupsOf = async (opts: Record<string, unknown>) => (await groupEvents(c, opts)).data!.map((d) => d.containerGroupId).sort();
        const all = [f.f1, f.f2, f.f3, f.f4].sort();
        for (const id of all) await waitEvents(c, id, (e) => countOf(e, 'Started') >= 1);
        expect(await groupsOf({})).toEqual(all);
        expect(await groupsOf({ containerGroupIds: JSON.stringify([f.f2, f.f4]) })).toEqual([f.f2, f.f4].sort());
        expect(await groupsOf({ containerGroupIds: JSON.stringify([f.f1, f.f2]), zoneId: 'cn-hangzhou-b' })).toEqual([f.f1]);
        expect(await groupsOf({ zoneId: 'cn-hangzhou-b' })).toEqual([f.f1]);
        expect(await groupsOf({ vSwitchId: vSwitchOf('g') })).toEqual([f.f2]);
        expect(await groupsOf({ resourceGroupId: 'rg-team-a' })).toEqual([f.f1]);
        expect(await groupsOf({ tag: [new $Eci.DescribeContainerGroupEventsRequestTag({ key: 'app', value: 'web' })] })).toEqual([f.f1, f.f2].sort());
        expect(await groupsOf({ tag: [new $Eci.DescribeContainerGroupEventsRequestTag({ key: 'app', value: 'db' })] })).toEqual([f.f3]);
        expect(await groupsOf({ containerGroupIds: JSON.stringify(['eci-doesnotexist0000000']) })).toEqual([]);
        const twenty = Array.from({ length: 19 }, (_, i) => `eci-none${i}`).concat(f.f3);
        expect(await groupsOf({ containerGroupIds: JSON.stringify(twenty) })).toEqual([f.f3]);
        const totals = await groupEvents(c, { containerGroupIds: JSON.stringify([f.f3]) });
        expect(totals.totalCount).toBe(6);

        // SinceSecond: once f1 has been quiet for a second, only what is reported afterwards.
        await until('f1 to be quiet for a second', async () => {
          const recent = await eventsOf(c, f.f1, { sinceSecond: 1 });
          return (recent?.events ?? []).length === 0 ? true : undefined;
        });
        await ingest(server, keys.filters, [{ object: { name: 'filt-f1', uid: f.f1 }, reason: 'NoStock', args: [`zone-${scheme}`] }]);
        const recent = await groupEvents(c, { containerGroupIds: JSON.stringify([f.f1, f.f3]), sinceSecond: 1 });
        expect(recent.totalCount).toBe(1);
        const withEvents = recent.data!.filter((d) => (d.events ?? []).length > 0);
        expect(withEvents.map((d) => d.containerGroupId)).toEqual([f.f1]);
        expect(view(withEvents[0]!.events)).toEqual([noStock(`zone-${scheme}`)]);
        const older = view((await eventsOf(c, f.f1, { sinceSecond: 3600 }))?.events);
        expect(older[0]).toEqual(noStock(`zone-${scheme}`));
        expect(older.filter((e) => e.reason !== 'NoStock')).toEqual(bootEvents('filt-f1', 'nginx', 'c1', instanceTypeEvent.default(), 'cn-hangzhou-b'));

        // Refusals.
        const refused: Array<[Record<string, unknown>, string, string]> = [
          [{ containerGroupIds: 'not json' }, 'InvalidParameter', 'ContainerGroupIds'],
          [{ containerGroupIds: '{"a":1}' }, 'InvalidParameter', 'ContainerGroupIds'],
          [{ containerGroupIds: '[1,2]' }, 'InvalidParameter', 'ContainerGroupIds'],
          [{ containerGroupIds: JSON.stringify(Array.from({ length: 21 }, (_, i) => `eci-x${i}`)) }, 'InvalidParameter', 'ContainerGroupIds'],
          [{ eventSource: 'Kubelet' }, 'InvalidParameter', 'EventSource'],
          [{ sinceSecond: 0 }, 'InvalidParameter', 'SinceSecond'],
          [{ sinceSecond: -5 }, 'InvalidParameter', 'SinceSecond'],
          [{ limit: 0 }, 'InvalidParameter', 'Limit'],
          [{ limit: 100000 }, 'InvalidParameter', 'Limit'],
          [{ nextToken: '!!' }, 'InvalidParameter', 'NextToken'],
          [{ regionId: 'xx-nowhere-9' }, 'InvalidRegionId.NotFound', 'xx-nowhere-9'],
          [{ regionId: undefined }, 'MissingParameter', 'RegionId'],
        ];
        for (const [opts, code, mentions] of refused) {
          const failure = await sdkError(groupEvents(c, opts));
          try {
            expectError(failure, code, 400, mentions);
          } catch (err) {
            throw new Error(`${JSON.stringify(opts)}: ${(err as Error).message}\n${JSON.stringify(failure.data)}`, { cause: err });
          }
        }
      });

      test('DescribeContainerGroupEvents: Limit counts groups (default 200), NextToken pages the rest', async () => {
        const c = sdkClient(server.host, scheme, keys.evpager);
        const all = Array.from({ length: 205 }, (_, i) => `eci-evp${String(i).padStart(4, '0')}`);
        const first = await groupEvents(c);
        expect(first.data!.map((d) => d.containerGroupId)).toEqual(all.slice(0, 200));
        expect(first.totalCount).toBe(200);
        expect(first.data![7]).toMatchObject({ name: 'ev-7', namespace: 'default' });
        expect(view(first.data![7]!.events)).toEqual([noStock('cn-hangzhou-k')]);
        // The SDK's model has no NextToken in this answer; it is on the wire.
        const raw = await v3Request(server, { action: 'DescribeContainerGroupEvents', params: { RegionId: REGION }, key: keys.evpager });
        expect(raw.status).toBe(200);
        const token = raw.body.NextToken as string;
        expect(typeof token).toBe('string');
        const second = await groupEvents(c, { nextToken: token });
        expect(second.data!.map((d) => d.containerGroupId)).toEqual(all.slice(200));
        const rawLast = await v3Request(server, { action: 'DescribeContainerGroupEvents', params: { RegionId: REGION, NextToken: token }, key: keys.evpager });
        expect(rawLast.body.NextToken).toBeUndefined();

        // Limit 60: four pages, every group exactly once.
        const seen: string[] = [];
        let next: string | undefined;
        const sizes: number[] = [];
        do {
          const page = await v3Request(server, {
            action: 'DescribeContainerGroupEvents',
            params: { RegionId: REGION, Limit: '60', ...(next ? { NextToken: next } : {}) },
            key: keys.evpager,
          });
          expect(page.status).toBe(200);
          const data = page.body.Data as Array<{ ContainerGroupId: string }>;
          sizes.push(data.length);
          seen.push(...data.map((d) => d.ContainerGroupId));
          next = page.body.NextToken as string | undefined;
        } while (next);
        expect(sizes).toEqual([60, 60, 60, 25]);
        expect(seen).toEqual(all);
        expect((await groupEvents(c, { limit: 3 })).data!.map((d) => d.containerGroupId)).toEqual(all.slice(0, 3));
      });
    });

    test('WithEvent and DescribeContainerGroupEvents return at most the 50 newest events of a group', async () => {
      const c = sdkClient(server.host, 'v3', keys.capped);
      const id = await create(c, 'capped');
      await waitStatus(c, id, 'Running');
      await waitEvents(c, id, (e) => countOf(e, 'Started') === 1, 'Started');
      // 60 distinct events (distinct sources, so none is aggregated), each newer than the last.
      const base = Date.now() + 1000;
      await ingest(
        server,
        keys.capped,
        Array.from({ length: 60 }, (_, i) => ({
          object: { name: 'capped', uid: id },
          reason: 'NoStock',
          args: ['cn-hangzhou-k'],
          source: { component: `probe-${i}` },
          timestamp: new Date(base + i * 1000).toISOString(),
        })),
      );
      const expectedSources = Array.from({ length: 50 }, (_, i) => `probe-${59 - i}`);
      const events = (await eventsOf(c, id))!.events!;
      expect(events.map((e) => e.source!.component)).toEqual(expectedSources);
      const g = await describeOne(c, id, true);
      expect(g!.events).toHaveLength(50);
      expect(g!.events!.map((e) => e.name)).toEqual(events.map((e) => e.metadata!.name));
      expect((await groupEvents(c, { containerGroupIds: JSON.stringify([id]) })).totalCount).toBe(50);
    });

    describe.concurrent('isolation between accounts', () => {
      for (const scheme of SCHEMES) {
        test(`[${scheme}] B cannot see, delete, restart or update A’s groups, nor see A’s events; ingest with B’s key lands in B only`, async () => {
          const a = sdkClient(server.host, scheme);
          const b = sdkClient(server.host, scheme, keys.isolated);
          const aId = await create(a, `owned-by-a-${scheme}`);
          await waitStatus(a, aId, 'Running');
          await waitEvents(a, aId, (e) => countOf(e, 'Started') === 1, 'Started');

          const bGroups = await describeGroups(b);
          expect(bGroups.totalCount).toBe(0);
          expect((await describeGroups(b, { containerGroupIds: JSON.stringify([aId]) })).totalCount).toBe(0);
          expect((await describeGroups(b, { containerGroupName: `owned-by-a-${scheme}` })).totalCount).toBe(0);
          const bStatus = await b.describeContainerGroupStatus(
            new $Eci.DescribeContainerGroupStatusRequest({ regionId: REGION, containerGroupIds: JSON.stringify([aId]) }),
          );
          expect(bStatus.body!.data ?? []).toEqual([]);
          const bEvents = await groupEvents(b, { containerGroupIds: JSON.stringify([aId]) });
          expect(bEvents.totalCount).toBe(0);
          expect(bEvents.data ?? []).toEqual([]);

          for (const call of [
            () => b.deleteContainerGroup(new $Eci.DeleteContainerGroupRequest({ regionId: REGION, containerGroupId: aId })),
            () => b.restartContainerGroup(new $Eci.RestartContainerGroupRequest({ regionId: REGION, containerGroupId: aId })),
            () =>
              b.updateContainerGroup(
                new $Eci.UpdateContainerGroupRequest({
                  regionId: REGION,
                  containerGroupId: aId,
                  tag: [new $Eci.UpdateContainerGroupRequestTag({ key: 'x', value: 'y' })],
                }),
              ),
          ]) {
            expectError(await sdkError(call()), 'InvalidContainerGroupId.NotFound', 404, aId);
          }
          const still = await describeOne(a, aId);
          expect(still!.status).toBe('Running');
          expect(still!.tags ?? []).toEqual([]);
          const aEvents = view((await eventsOf(a, aId))!.events);
          expect(aEvents).toEqual(bootEvents(`owned-by-a-${scheme}`, 'nginx', 'c1', instanceTypeEvent.default()));

          // The same object reported by both accounts: each sees only its own, counted once.
          const shared = `eci-shared${scheme}`;
          await ingest(server, TEST_KEY, [{ object: { name: 'shared', uid: shared }, reason: 'NoStock', args: ['zone-of-a'] }]);
          await ingest(server, keys.isolated, [
            { object: { name: 'shared', uid: shared }, reason: 'NoStock', args: ['zone-of-b'] },
            // B reporting about A's group id makes a B event, never one of A's.
            { object: { name: 'spoof', uid: aId }, reason: 'NoStock', args: ['zone-of-b'] },
          ]);
          const aShared = view((await eventsOf(a, shared))!.events);
          expect(aShared).toHaveLength(1);
          expect(aShared[0]!.message).toContain('zone-of-a');
          expect(aShared[0]!.count).toBe(1);
          const bShared = view((await eventsOf(b, shared))!.events);
          expect(bShared).toHaveLength(1);
          expect(bShared[0]!.message).toContain('zone-of-b');
          expect(bShared[0]!.count).toBe(1);
          expect(view((await eventsOf(a, aId))!.events)).toEqual(aEvents);
          const bAll = await groupEvents(b);
          expect(bAll.data!.every((d) => d.events!.every((e) => e.message!.includes('zone-of-b')))).toBe(true);
          expect((await describeGroups(b)).totalCount).toBe(0);
        });
      }
    });

    test('concurrency: 200 SDK calls at once (100 creates, 100 describes, both schemes) all succeed and agree', async () => {
      const clients = SCHEMES.map((s) => sdkClient(server.host, s, keys.conc, { readTimeout: 30_000 }));
      const names = Array.from({ length: 100 }, (_, i) => `conc-${i}`);
      const creates = names.map((name, i) => clients[i % 2]!.createContainerGroup(createRequest(name, { tag: [tag('run', 'conc')] })));
      const describes = Array.from({ length: 100 }, (_, i) =>
        i % 2 === 0
          ? clients[i % 4 === 0 ? 0 : 1]!.describeContainerGroups(
              new $Eci.DescribeContainerGroupsRequest({ regionId: REGION, tag: [new $Eci.DescribeContainerGroupsRequestTag({ key: 'run', value: 'conc' })] }),
            )
          : clients[i % 4 === 1 ? 0 : 1]!.describeContainerGroupEvents(new $Eci.DescribeContainerGroupEventsRequest({ regionId: REGION })),
      );
      const [created, described] = await Promise.all([Promise.all(creates), Promise.all(describes)]);
      const ids = created.map((r) => {
        expect(r.statusCode).toBe(200);
        expect(r.body!.containerGroupId).toMatch(GROUP_ID);
        return r.body!.containerGroupId!;
      });
      expect(new Set(ids).size).toBe(100);
      const requestIds = [...created, ...described].map((r) => r.body!.requestId);
      expect(new Set(requestIds).size).toBe(200);
      for (const r of described) {
        expect(r.statusCode).toBe(200);
        if (r.body instanceof $Eci.DescribeContainerGroupsResponseBody) {
          const n = r.body.totalCount!;
          expect(n).toBeGreaterThanOrEqual(0);
          expect(n).toBeLessThanOrEqual(100);
          expect(r.body.containerGroups ?? []).toHaveLength(Math.min(20, n));
          for (const g of r.body.containerGroups ?? []) expect(ids).toContain(g.containerGroupId);
        } else {
          const body = r.body as $Eci.DescribeContainerGroupEventsResponseBody;
          for (const d of body.data ?? []) expect(ids).toContain(d.containerGroupId);
        }
      }

      // Afterwards: exactly the 100 groups, each once, with the names they were created with.
      const c = clients[0]!;
      const pages = await allPages(c, { tag: [new $Eci.DescribeContainerGroupsRequestTag({ key: 'run', value: 'conc' })] });
      expect(pages.total).toBe(100);
      expect(pages.sizes).toEqual([20, 20, 20, 20, 20]);
      expect(new Set(pages.ids)).toEqual(new Set(ids));
      const byName = new Map<string, string>();
      let token: string | undefined;
      do {
        const body = await describeGroups(c, token ? { nextToken: token } : {});
        for (const g of body.containerGroups ?? []) byName.set(g.containerGroupName!, g.containerGroupId!);
        token = body.nextToken || undefined;
      } while (token);
      expect(Object.fromEntries(byName)).toEqual(Object.fromEntries(names.map((n, i) => [n, ids[i]!])));

      // Every group boots with its six events, each counted once.
      const settled = await until(
        'all 100 groups to have started',
        async () => {
          const body = await groupEvents(c);
          const done = (body.data ?? []).length === 100 && body.data!.every((d) => countOf(view(d.events), 'Started') === 1);
          return done ? body : undefined;
        },
        40_000,
        250,
      );
      expect(settled.totalCount).toBe(600);
      for (const d of settled.data!) {
        expect(view(d.events)).toEqual(bootEvents(d.name!, 'nginx', 'c1', instanceTypeEvent.default()));
      }
    }, 60_000);
  });
}
