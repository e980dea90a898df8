// The workload verbs (docs/WORKLOADS.md) through the official SDK on a virtual clock: a container
// over its memory limit is OOMKilled (exit 137, the seed's OOMKilled or PodOOMKilled event as ECI
// records them, then the restart policy), one that fills the temporary storage fails with
// DiskFull, log lines reach DescribeContainerLog, cpu and mem reach DescribeContainerGroupMetric,
// containers share the instance's memory and disk, and a bad statement is refused at create.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { $Eci, REGION, sdkClient, sdkError, startServer, type EciClient, type Server } from './support/eci-sdk.js';
import { signedFetch } from './support/signed-fetch.js';

const START = '2026-04-01T00:00:00Z';
const T0 = Date.parse(START) / 1000;

describe('workloads that use memory, disk and CPU and write logs', () => {
  let server: Server;
  let sdk: EciClient;

  beforeAll(async () => {
    server = await startServer(':memory:', ['--clock', 'virtual', '--clock-start', START, '--throttle-rate', '0']);
    sdk = sdkClient(server.host, 'v3');
  });
  afterAll(async () => server?.stop());

  const advanceTo = async (seconds: number) => {
    const res = await signedFetch(`${server.url}/v1/clock`, { body: JSON.stringify({ to: new Date((T0 + seconds) * 1000).toISOString() }) });
    expect(res.status, await res.clone().text()).toBe(200);
  };
  const create = async (name: string, script: string, extra: Record<string, unknown> = {}, container: Record<string, unknown> = {}) =>
    (
      await sdk.createContainerGroup(
        new $Eci.CreateContainerGroupRequest({
          regionId: REGION,
          containerGroupName: name,
          restartPolicy: 'Never',
          ...extra,
          container: [new $Eci.CreateContainerGroupRequestContainer({ name: 'app', image: 'busybox', command: ['sh', '-c'], arg: [script], ...container })],
        }),
      )
    ).body.containerGroupId!;
  const group = async (id: string) =>
    (await sdk.describeContainerGroups(new $Eci.DescribeContainerGroupsRequest({ regionId: REGION, containerGroupIds: JSON.stringify([id]) }))).body
      .containerGroups![0]!;
  const events = async (id: string) => {
    const { body } = await sdk.describeContainerGroupEvents(
      new $Eci.DescribeContainerGroupEventsRequest({ regionId: REGION, containerGroupIds: JSON.stringify([id]) }),
    );
    return body.data![0]!.events!;
  };
  const started = (g: $Eci.DescribeContainerGroupsResponseBodyContainerGroups, state: 'currentState' | 'previousState' = 'currentState') =>
    Date.parse(g.containers![0]![state]!.startTime!) / 1000 - T0;
  /** A terminated run lasted from `min` to `max` seconds (the clock's steps make it no closer). */
  const expectRan = (state: { startTime?: string; finishTime?: string }, min: number, max: number) => {
    const ran = (Date.parse(state.finishTime!) - Date.parse(state.startTime!)) / 1000;
    expect(ran).toBeGreaterThanOrEqual(min);
    expect(ran).toBeLessThanOrEqual(max);
  };

  it('over its own Memory: the memory cgroup kills it, exit 137 OOMKilled, and ECI records OOMKilled', async () => {
    // 512 MiB, then 128 MiB more a second: over 1 GiB 4 s after the start.
    const id = await create('oom-cgroup', 'mem 512Mi; mem +128Mi/s; sleep infinity', { cpu: 2, memory: 4 }, { cpu: 1, memory: 1 });
    await advanceTo(3);
    const running = await group(id);
    expect(running.containers![0]!.currentState).toMatchObject({ state: 'Running' });
    await advanceTo(30);
    const g = await group(id);
    expect(g.status).toBe('Failed');
    const state = g.containers![0]!.currentState!;
    expect(state).toMatchObject({ state: 'Terminated', exitCode: 137, reason: 'OOMKilled' });
    expectRan(state, 4, 5);
    const oom = (await events(id)).filter((e) => e.reason === 'OOMKilled' || e.reason === 'PodOOMKilled');
    expect(oom).toHaveLength(1);
    expect(oom[0]).toMatchObject({ reason: 'OOMKilled', type: 'Warning', count: 1, source: { component: 'EciService' } });
    expect(oom[0]!.message).toMatch(/^Memory cgroup out of memory: Kill process \d+ \(sh\) score 1000 or sacrifice child$/);
  });

  it("over the instance's memory (no Memory of its own): a system OOM, recorded as PodOOMKilled", async () => {
    const id = await create('oom-system', 'mem +1Gi/s; sleep 60', { cpu: 1, memory: 2 });
    await advanceTo(60);
    const g = await group(id);
    expect(g.status).toBe('Failed');
    expect(g.containers![0]!.currentState).toMatchObject({ state: 'Terminated', exitCode: 137, reason: 'OOMKilled' });
    const oom = (await events(id)).filter((e) => /OOMKilled/.test(e.reason!));
    expect(oom.map((e) => e.reason)).toEqual(['PodOOMKilled']);
    expect(oom[0]).toMatchObject({ type: 'Warning', count: 1, source: { component: 'EciService' } });
    expect(oom[0]!.message).toMatch(/^System OOM encountered, victim process: sh, pid: \d+$/);
  });

  it("OOMKilled under Always: restarted at once, then kubelet's back-off; every run counted", async () => {
    const id = await create('oom-loop', 'mem 2Gi; sleep infinity', { restartPolicy: 'Always', cpu: 2, memory: 4 }, { memory: 1 });
    await advanceTo(120);
    const g = await group(id);
    const c = g.containers![0]!;
    expect(g.status).toBe('Running');
    expect(c.currentState).toMatchObject({ state: 'Waiting', reason: 'CrashLoopBackOff' });
    expect(c.previousState).toMatchObject({ state: 'Terminated', exitCode: 137, reason: 'OOMKilled' });
    expect(c.restartCount).toBeGreaterThanOrEqual(3);
    const all = await events(id);
    const count = (reason: string) => all.filter((e) => e.reason === reason).reduce((n, e) => n + e.count!, 0);
    // Each run is killed the instant it starts: one OOMKilled per start (a new pid each time).
    expect(count('OOMKilled')).toBe(count('Started'));
    expect(count('Started')).toBe(c.restartCount! + 1);
    expect(count('BackOff')).toBeGreaterThanOrEqual(c.restartCount! - 1);
    expect(count('PodOOMKilled')).toBe(0);
  });

  it('filling the temporary storage (30 GiB + EphemeralStorage): No space left on device, exit 1, DiskFull', async () => {
    // 40 GiB: 20 at once, then 10 a second: full 2 s after the start.
    const id = await create('disk-full', 'echo writing; disk 20Gi; disk +10Gi/s; sleep infinity', { ephemeralStorage: 10 });
    await advanceTo(150);
    const g = await group(id);
    expect(g.status).toBe('Failed');
    const state = g.containers![0]!.currentState!;
    expect(state).toMatchObject({ state: 'Terminated', exitCode: 1, reason: 'Error' });
    expectRan(state, 2, 3);
    const full = (await events(id)).filter((e) => e.reason === 'DiskFull');
    expect(full).toEqual([
      expect.objectContaining({
        type: 'Warning',
        count: 1,
        message: 'There is insufficient disk space for the current ECI instance',
        source: expect.objectContaining({ component: 'EciService' }),
      }),
    ]);
    const log = await sdk.describeContainerLog(new $Eci.DescribeContainerLogRequest({ regionId: REGION, containerGroupId: id, containerName: 'app' }));
    expect(log.body!.content).toBe('writing\ndisk: write error: No space left on device\n');

    // Without EphemeralStorage the free 30 GiB is all there is: 31 GiB fails at once; 29 GiB runs.
    const over = await create('disk-over', 'disk 31Gi; sleep 5');
    const under = await create('disk-under', 'disk 29Gi; sleep 5');
    await advanceTo(200);
    expect((await group(over)).containers![0]!.currentState).toMatchObject({ exitCode: 1 });
    expect((await group(under)).containers![0]!.currentState).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect((await events(under)).filter((e) => e.reason === 'DiskFull')).toEqual([]);
  });

  it('log TEXT every D writes a line now and each D after, into DescribeContainerLog', async () => {
    const id = await create('ticker', 'log "tick tock" every 2s; cpu 500m; sleep infinity');
    await advanceTo(203);
    const g = await group(id);
    const start = started(g);
    const until = 260;
    await advanceTo(until);
    const log = await sdk.describeContainerLog(new $Eci.DescribeContainerLogRequest({ regionId: REGION, containerGroupId: id, containerName: 'app' }));
    const lines = log.body!.content!.split('\n').filter(Boolean);
    expect(new Set(lines)).toEqual(new Set(['tick tock']));
    expect(lines).toHaveLength(Math.floor((until - start) / 2) + 1);
  });

  const containers = (specs: Array<[string, string, Record<string, unknown>?]>) =>
    specs.map(
      ([name, script, more]) => new $Eci.CreateContainerGroupRequestContainer({ name, image: 'busybox', command: ['sh', '-c'], arg: [script], ...more }),
    );
  const createMany = async (name: string, specs: Array<[string, string, Record<string, unknown>?]>, extra: Record<string, unknown> = {}) =>
    (
      await sdk.createContainerGroup(
        new $Eci.CreateContainerGroupRequest({ regionId: REGION, containerGroupName: name, restartPolicy: 'Never', ...extra, container: containers(specs) }),
      )
    ).body.containerGroupId!;
  const byName = (g: $Eci.DescribeContainerGroupsResponseBodyContainerGroups) => Object.fromEntries(g.containers!.map((c) => [c.name!, c]));
  const seconds = (rfc3339: string) => Date.parse(rfc3339) / 1000;

  it("containers share the instance's memory: over it together, the kernel kills the largest user, then the next", async () => {
    // 4 GiB for two containers without Memory: 3 GiB held, and 256 MiB growing 128 MiB a second.
    // Together over 4 GiB 6 s after the grower starts: the holder (the larger) is the victim. Then
    // the grower alone reaches 4 GiB 24 s later.
    const id = await createMany(
      'oom-shared',
      [
        ['holder', 'mem 3Gi; sleep infinity'],
        ['grower', 'mem 256Mi; mem +128Mi/s; sleep infinity'],
      ],
      { cpu: 2, memory: 4 },
    );
    await advanceTo(400);
    const c = byName(await group(id));
    const growerStart = seconds(c['grower']!.currentState!.startTime!);
    expect(seconds(c['holder']!.currentState!.startTime!)).toBeLessThanOrEqual(growerStart + 6);
    for (const [name, after] of [
      ['holder', 6],
      ['grower', 30],
    ] as const) {
      const state = c[name]!.currentState!;
      expect(state, name).toMatchObject({ state: 'Terminated', exitCode: 137, reason: 'OOMKilled' });
      const at = seconds(state.finishTime!) - growerStart;
      expect(at, name).toBeGreaterThanOrEqual(after);
      expect(at, name).toBeLessThanOrEqual(after + 1);
    }
    const oom = (await events(id)).filter((e) => /OOMKilled/.test(e.reason!));
    // Two kills, two pids: two events, each a system OOM.
    expect(oom.map((e) => [e.reason, e.count])).toEqual([
      ['PodOOMKilled', 1],
      ['PodOOMKilled', 1],
    ]);
    for (const e of oom) expect(e.message).toMatch(/^System OOM encountered, victim process: sh, pid: \d+$/);
  });

  it("a container without Memory of its own is the victim before a larger one with it (kubelet's oom_score_adj)", async () => {
    // The limited container asks for 3 of the 4 GiB (adj 250) and holds 2.5 GiB, within its own
    // limit; the other names none (adj 999) and grows 512 MiB a second: over 4 GiB together after
    // 3 s, when it holds only 1.5 GiB. It is killed; the limited one runs on.
    const id = await createMany(
      'oom-adj',
      [
        ['limited', 'mem 2560Mi; sleep infinity', { memory: 3 }],
        ['free', 'mem +512Mi/s; sleep infinity'],
      ],
      { cpu: 2, memory: 4 },
    );
    await advanceTo(500);
    const c = byName(await group(id));
    expect(c['limited']!.currentState).toMatchObject({ state: 'Running' });
    const state = c['free']!.currentState!;
    expect(state).toMatchObject({ state: 'Terminated', exitCode: 137, reason: 'OOMKilled' });
    expectRan(state, 3, 4);
    expect((await events(id)).filter((e) => /OOMKilled/.test(e.reason!)).map((e) => [e.reason, e.count])).toEqual([['PodOOMKilled', 1]]);
  });

  it('containers share the temporary storage: the writer that goes over gets ENOSPC and DiskFull, the other runs on', async () => {
    // 30 GiB (no EphemeralStorage): 20 GiB written at once by one, 2 GiB a second from 5 s by the
    // other: full 5 s later, and the second's write is the one that fails.
    const id = await createMany('disk-shared', [
      ['keeper', 'disk 20Gi; sleep infinity'],
      ['writer', 'echo writing; sleep 5; disk +2Gi/s; sleep infinity'],
    ]);
    await advanceTo(600);
    const c = byName(await group(id));
    expect(c['keeper']!.currentState).toMatchObject({ state: 'Running' });
    const state = c['writer']!.currentState!;
    expect(state).toMatchObject({ state: 'Terminated', exitCode: 1, reason: 'Error' });
    expectRan(state, 10, 11);
    expect((await events(id)).filter((e) => e.reason === 'DiskFull').map((e) => e.count)).toEqual([1]);
    const log = async (name: string) =>
      (await sdk.describeContainerLog(new $Eci.DescribeContainerLogRequest({ regionId: REGION, containerGroupId: id, containerName: name }))).body!.content;
    expect(await log('writer')).toBe('writing\ndisk: write error: No space left on device\n');
    expect(await log('keeper')).toBe('');
  });

  it('cpu and mem show in DescribeContainerGroupMetric: the cores and bytes the script sets, while it runs', async () => {
    const id = await create('metered', 'cpu 1500m; mem 700Mi; sleep infinity', { cpu: 2, memory: 4 });
    await advanceTo(800);
    const start = started(await group(id));
    const { body } = await sdk.describeContainerGroupMetric(new $Eci.DescribeContainerGroupMetricRequest({ regionId: REGION, containerGroupId: id }));
    const running = (body.records ?? []).filter((r) => Date.parse(r.timestamp!) / 1000 - T0 > start);
    expect(running.length).toBeGreaterThan(1);
    for (const r of running) {
      const app = r.containers![0]!;
      expect(app.CPU).toMatchObject({ usageNanoCores: 1.5e9, limit: 2000 });
      expect(app.memory!.workingSet).toBe(700 * 2 ** 20);
      expect(r.memory!.availableBytes).toBe(4 * 2 ** 30 - 700 * 2 ** 20);
    }
    // 1.5 cores for 15 s between two records, in core-nanoseconds.
    const [a, b] = running.slice(-2);
    expect(b!.containers![0]!.CPU!.usageCoreNanoSeconds! - a!.containers![0]!.CPU!.usageCoreNanoSeconds!).toBe(15 * 1.5e9);
  });

  it('refuses a bad workload statement at create, naming the parameter and the statement, and creates nothing', async () => {
    const before = (await sdk.describeContainerGroups(new $Eci.DescribeContainerGroupsRequest({ regionId: REGION }))).body.totalCount;
    for (const [script, why] of [
      ['echo hi; mem lots', /statement 2 "mem lots": "lots" is not a size/],
      ['disk +1Gi/week', /statement 1 "disk \+1Gi\/week"/],
      ['cpu half', /cpu takes one number of cores/],
      ['log "x" every soon', /"soon" is not a duration/],
      ['log', /log needs the text/],
    ] as const) {
      const f = await sdkError(create('bad-script', script));
      expect(f.code, script).toBe('InvalidParameter');
      expect(f.message, script).toMatch(/Container\.1\.Arg/);
      expect(f.message, script).toMatch(why);
    }
    expect((await sdk.describeContainerGroups(new $Eci.DescribeContainerGroupsRequest({ regionId: REGION }))).body.totalCount).toBe(before);
  });
});

// On the real clock the emulator's timers run in whole milliseconds, and late: a script whose last
// statement takes too much must still be killed at the allocation, not exit 0 because its exit
// timer ran before the instance's shortage timer (seen with `eci-events groups create --command
// "mem 8Gi"`). Several of each, as the order of two timers a millisecond apart is what is at stake.
describe('a last statement over a limit, on the real clock', () => {
  let server: Server;
  let sdk: EciClient;
  beforeAll(async () => {
    server = await startServer(':memory:', ['--time-scale', '0.01', '--throttle-rate', '0']);
    sdk = sdkClient(server.host, 'v3');
  });
  afterAll(async () => server?.stop());

  it('mem over the instance, at once or after a second, is OOMKilled with PodOOMKilled; disk over it fails with DiskFull', async () => {
    const scripts = { now: 'mem 8Gi', later: 'sleep 1; mem 8Gi', disk: 'disk 40Gi' };
    const ids: Array<[keyof typeof scripts, string]> = [];
    for (let i = 0; i < 3; i++) {
      for (const [kind, script] of Object.entries(scripts) as Array<[keyof typeof scripts, string]>) {
        const { body } = await sdk.createContainerGroup(
          new $Eci.CreateContainerGroupRequest({
            regionId: REGION,
            containerGroupName: `last-${kind}-${i}`,
            restartPolicy: 'Never',
            cpu: 2,
            memory: 4,
            container: [new $Eci.CreateContainerGroupRequestContainer({ name: 'app', image: 'busybox', command: ['sh', '-c'], arg: [script] })],
          }),
        );
        ids.push([kind, body.containerGroupId!]);
      }
    }
    const describe = async () =>
      (
        await sdk.describeContainerGroups(
          new $Eci.DescribeContainerGroupsRequest({ regionId: REGION, containerGroupIds: JSON.stringify(ids.map(([, id]) => id)) }),
        )
      ).body.containerGroups!;
    // A deadline only a real failure reaches, even on a loaded machine: each run takes about 1.5 s.
    for (const deadline = Date.now() + 60_000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 200))) {
      if ((await describe()).every((g) => g.status === 'Failed' || g.status === 'Succeeded')) break;
    }
    const groups = new Map((await describe()).map((g) => [g.containerGroupId!, g]));
    for (const [kind, id] of ids) {
      const g = groups.get(id)!;
      const want = kind === 'disk' ? { exitCode: 1, reason: 'Error' } : { exitCode: 137, reason: 'OOMKilled' };
      expect({ kind, status: g.status, ...g.containers![0]!.currentState }, id).toMatchObject({ kind, status: 'Failed', state: 'Terminated', ...want });
      const { body } = await sdk.describeContainerGroupEvents(
        new $Eci.DescribeContainerGroupEventsRequest({ regionId: REGION, containerGroupIds: JSON.stringify([id]) }),
      );
      const reasons = body.data![0]!.events!.map((e) => e.reason);
      expect(reasons, id).toContain(kind === 'disk' ? 'DiskFull' : 'PodOOMKilled');
    }
  });
});
