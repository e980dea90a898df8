// The same scenario on a virtual clock, run once without a break and once with the emulator
// rebuilt from its documents (a fresh Emulator, scheduler and clock) between every two turns:
// both record the same events with the same counts and times, and end with the same documents.
// Timers as data and state as documents lose nothing a lifecycle needs, and fire exactly once:
// image-cache builds, virtual nodes, commit tasks mid-phase, O&M records and the shared-memory
// OOM kills of two containers included; and no event is reported outside a turn.
import { afterEach, describe, expect, it } from 'vitest';
import { S, T0 } from '../../../test/support/emulator-world.js';
import { MemorySink } from '../../../test/support/memory-sink.js';
import { ManualClock, type Clock } from '../../model/clock.js';
import { Recorder, type ReportInput } from '../../recorder/index.js';
import { SqliteEventStore } from '../../store/sqlite/store.js';
import { Emulator, type EmulatorOptions } from '../emulator.js';
import { ManualScheduler } from '../scheduler.js';
import { World } from '../world/world.js';
import type { CommitTaskDoc } from '../commits/index.js';
import type { OpsRecordsDoc } from '../ops/index.js';
import { storedClockTime } from './emulator-doc.js';

const HOUR = 3600;
const region = 'cn-hangzhou';
const SPEC = {
  regions: [
    {
      regionId: region,
      zones: [
        {
          zoneId: 'cn-hangzhou-k',
          hosts: [
            { id: 'h1', vcpu: 8 },
            { id: 'h2', vcpu: 8 },
          ],
          // One for each group the scenario places, the two that share their memory included.
          stock: 7,
        },
      ],
    },
  ],
};
const sh = (script: string) => ({ commands: ['sh', '-c'], args: [script] });
const KUBECONFIG = 'clusters:\n- name: c\n  cluster: { server: "https://10.0.0.1:6443" }\n';
const INTL = 'registry-intl.cn-hangzhou.aliyuncs.com';
const commit = (e: Emulator, id: string, tag: string) =>
  e.commits.commit({ account: 'default', regionId: region, containerGroupId: id, containerName: 'a', repository: `${INTL}/team/web`, tag }).id;
const ops = (e: Emulator, id: string, type: 'coredump' | 'tcpdump', value: 'enable' | 'disable' | { enable: boolean }) =>
  void e.opsTasks.create({ account: 'default', regionId: region, containerGroupId: id, type, value });
/** A cache's random ids: its own and its intermediate instance's. */
const cacheIds = (c: { id: string; containerGroupId: string }) => [c.id, c.containerGroupId];

/** At `at` seconds, an action on the emulator; `ids` are the groups created so far; `seen` what it noted. */
interface Act {
  at: number;
  run: (emu: Emulator, ids: string[], seen: string[]) => void;
}

const SCENARIO: Act[] = [
  {
    at: 0,
    run: (e, ids) =>
      void ids.push(
        e.create({
          regionId: region,
          containerGroupName: 'crash',
          containers: [{ name: 'c', image: 'busybox', ...sh('echo starting; sleep 3; echo bye; exit 2') }],
        }).id,
      ),
  },
  {
    at: 0,
    run: (e, ids) =>
      void ids.push(e.create({ regionId: region, containerGroupName: 'pullfail', containers: [{ name: 'c', image: 'registry.example.invalid/app:1' }] }).id),
  },
  {
    at: 1,
    run: (e, ids) =>
      void ids.push(
        e.create({
          regionId: region,
          containerGroupName: 'web',
          clientToken: 'tok',
          restartPolicy: 'OnFailure',
          containers: [
            { name: 'a', image: 'nginx' },
            { name: 'b', image: 'busybox', ...sh('sleep 40; exit 1') },
          ],
        }).id,
      ),
  },
  { at: 2, run: (e) => void e.create({ regionId: region, containerGroupName: 'web', clientToken: 'tok', containers: [{ name: 'a', image: 'nginx' }] }) },
  {
    at: 3,
    run: (e, ids) =>
      void ids.push(e.create({ regionId: region, containerGroupName: 'spot', spotStrategy: 'SpotAsPriceGo', containers: [{ name: 'a', image: 'nginx' }] }).id),
  },
  {
    at: 4,
    run: (e, ids) =>
      void ids.push(
        ...cacheIds(
          e.imageCaches.create({
            account: 'default',
            regionId: region,
            name: 'cache',
            images: ['nginx', 'busybox'],
            flash: true,
            standardCopyCount: 3,
            retentionDays: 1,
            clientToken: 'c1',
          }),
        ),
      ),
  },
  {
    at: 5,
    run: (e, ids) =>
      void ids.push(...cacheIds(e.imageCaches.create({ account: 'default', regionId: region, name: 'bad', images: ['registry.example.invalid/x:1'] }))),
  },
  {
    at: 6,
    run: (e) =>
      void e.virtualNodes.create({
        account: 'default',
        regionId: region,
        vSwitchId: 'vsw-bp1emudefaultk000000',
        securityGroupId: 'sg-bp1emudefault0000000',
        name: 'vk',
        kubeConfig: KUBECONFIG,
        clientToken: 'n1',
      }),
  },
  {
    at: 7,
    run: (e) =>
      void e.virtualNodes.create({
        account: 'default',
        regionId: region,
        vSwitchId: 'vsw-bp1emudefaultk000000',
        securityGroupId: 'sg-bp1emudefault0000000',
        name: 'vk-bad',
        kubeConfig: 'clusters: []',
      }),
  },
  {
    at: 8,
    run: (e, ids) =>
      void ids.push(
        e.create({
          regionId: region,
          containerGroupName: 'core',
          restartPolicy: 'Never',
          containers: [{ name: 'a', image: 'busybox', ...sh('sleep 20; exit 139') }],
        }).id,
      ),
  },
  // A commit whose every phase waits across a rebuild, and O&M records of three instances.
  { at: 10, run: (e, ids) => void ids.push(commit(e, ids[2]!, 'v1')) },
  { at: 11, run: (e, ids) => ops(e, ids[8]!, 'coredump', 'enable') },
  { at: 12, run: (e, ids) => ops(e, ids[1]!, 'tcpdump', { enable: true }) },
  { at: 13, run: (e, ids) => ops(e, ids[1]!, 'tcpdump', { enable: false }) },
  { at: 14, run: (e, ids) => ops(e, ids[2]!, 'coredump', 'enable') },
  // Init containers: one that succeeds, then the app container; one that crash-loops, holding it back.
  {
    at: 15,
    run: (e, ids) =>
      void ids.push(
        e.create({
          regionId: region,
          containerGroupName: 'init-ok',
          restartPolicy: 'Never',
          initContainers: [{ name: 'i', image: 'busybox', ...sh('sleep 4') }],
          containers: [{ name: 'c', image: 'busybox', ...sh('sleep 20') }],
        }).id,
      ),
  },
  {
    at: 15,
    run: (e, ids) =>
      void ids.push(
        e.create({
          regionId: region,
          containerGroupName: 'init-crash',
          initContainers: [
            { name: 'i1', image: 'busybox', ...sh('sleep 5') },
            { name: 'i2', image: 'busybox', ...sh('sleep 2; exit 1') },
          ],
          containers: [{ name: 'c', image: 'nginx' }],
        }).id,
      ),
  },
  // Two containers that share the instance's memory: together over it, the kernel kills the
  // larger; under OnFailure it restarts and is killed again (the shortage timer across rebuilds).
  {
    at: 15,
    run: (e, ids) =>
      void ids.push(
        e.create({
          regionId: region,
          containerGroupName: 'shared',
          restartPolicy: 'OnFailure',
          cpu: 2,
          memory: 4,
          containers: [
            { name: 'hold', image: 'busybox', ...sh('mem 3Gi; sleep infinity') },
            { name: 'grow', image: 'busybox', ...sh('mem 256Mi; mem +128Mi/s; sleep 20') },
          ],
        }).id,
      ),
  },
  { at: 20, run: (e, ids) => void e.restart('default', ids[2]!) },
  { at: 30, run: (e, ids) => void e.update('default', ids[2]!, { containers: [{ name: 'b', image: 'busybox:1.36', ...sh('sleep 10') }] }) },
  { at: 45, run: (e) => void e.injectFault({ kind: 'registry-slow', target: 'docker.io', duration: 120 * S }) },
  // Its instance's host fails while the container is being snapshotted.
  { at: 49, run: (e, ids) => void ids.push(commit(e, ids[2]!, 'v2')) },
  { at: 50, run: (e, ids) => void e.injectFault({ kind: 'host-failure', target: e.get('default', ids[2]!)!.hostId!, duration: 600 * S }) },
  { at: 60, run: (e) => void e.reclaimSpot({ zoneId: 'cn-hangzhou-k' }) },
  // The core file made at the instance's crash is found when the records are read.
  { at: 70, run: (e, ids) => void e.opsTasks.list('default', region, ids[8]!) },
  { at: 90, run: (e) => void e.changeWorld({ regions: [{ regionId: region, zones: [{ zoneId: 'cn-hangzhou-k', stock: 1 }] }] }) },
  { at: 95, run: (e, ids) => void ids.push(e.create({ regionId: region, containerGroupName: 'late', containers: [{ name: 'a', image: 'nginx' }] }).id) },
  { at: 200, run: (e, ids) => void e.imageCaches.update('default', ids[4]!, { images: ['nginx'] }) },
  { at: 300, run: (e, ids) => void e.delete('default', ids[1]!) },
  { at: 300, run: (e, ids) => void e.delete('default', ids[11]!) },
  { at: 310, run: (e, ids) => void e.imageCaches.delete('default', ids[6]!) },
  { at: 2 * HOUR, run: () => undefined },
];

/** A data cache's ids: its own and, once it has one, its loading job's. */
const dataCacheIds = (c: { id: string; containerGroupId?: string }) => [c.id, ...(c.containerGroupId ? [c.containerGroupId] : [])];
const DATA_SPEC = {
  // A second region to copy to.
  regions: [...SPEC.regions, { regionId: 'cn-beijing', zones: [{ zoneId: 'cn-beijing-a' }] }],
  dataSources: [
    { type: 'URL' as const, location: 'https://data.example.com/fits', sizeGB: 2, speedMBps: 50 },
    { type: 'URL' as const, location: 'https://data.example.com/big', sizeGB: 30 },
  ],
};
const url = (u: string) => ({ type: 'URL' as const, options: { url: `https://data.example.com/${u}` } });

/** Each data cache's status, and its proxy's address with whether the world's pool holds it. */
function dataCacheNotes(e: Emulator, ids: string[]): string[] {
  return e.dataCaches.toDocs().map(({ body }) => {
    const proxy = body.load?.proxy;
    const held = proxy ? ` proxy ${proxy.ip} held ${e.world.ips.isTaken(proxy.vSwitchId, proxy.ip)}` : '';
    return `${ids.indexOf(body.cache.id)} ${body.cache.status} ${body.cache.progress}${held}`;
  });
}

/**
 * Data caches through every step: a load (proxy, job, snapshot), a load that fails, a load cut
 * short by a delete, a copy, a reload, a repeated ClientToken, and the retention that ends them.
 */
const DATA_SCENARIO: Act[] = [
  {
    at: 0,
    run: (e, ids) =>
      void ids.push(
        e.dataCaches.create({ account: 'default', regionId: region, name: 'fits', path: '/fits', dataSource: url('fits'), retentionDays: 1, clientToken: 'd1' })
          .id,
      ),
  },
  {
    at: 1,
    run: (e, ids) => void ids.push(e.dataCaches.create({ account: 'default', regionId: region, name: 'big', path: '/big', dataSource: url('big') }).id),
  },
  {
    at: 2,
    run: (e, ids) => void ids.push(e.dataCaches.create({ account: 'default', regionId: region, name: 'gone', path: '/gone', dataSource: url('fits') }).id),
  },
  // The loads are under way: the jobs exist, the proxies hold their addresses.
  {
    at: 15,
    run: (e, ids, seen) =>
      void (ids.push(...ids.slice(0, 3).flatMap((id) => dataCacheIds(e.dataCaches.get('default', id)!).slice(1))), seen.push(...dataCacheNotes(e, ids))),
  },
  {
    at: 16,
    run: (e, ids, seen) => {
      const proxy = e.dataCaches.toDocs().find((d) => d.id === ids[2])!.body.load!.proxy!;
      e.dataCaches.delete('default', ids[2]!);
      seen.push(`deleted: proxy ${proxy.ip} held ${e.world.ips.isTaken(proxy.vSwitchId, proxy.ip)}`);
    },
  },
  { at: 30, run: (e, ids, seen) => void seen.push(...dataCacheNotes(e, ids)) },
  { at: 300, run: (e, ids, seen) => void seen.push(...dataCacheNotes(e, ids)) },
  { at: 301, run: (e, ids) => void ids.push(e.dataCaches.copy('default', ids[0]!, { destinationRegionId: 'cn-beijing', retentionDays: 1 }).id) },
  { at: 302, run: (e, ids) => void e.dataCaches.update('default', ids[0]!, { sizeGiB: 30 }) },
  {
    at: 303,
    run: (e, ids, seen) =>
      void seen.push(
        `token: ${e.dataCaches.create({ account: 'default', regionId: region, name: 'fits', path: '/other', dataSource: url('fits'), clientToken: 'd1' }).id === ids[0]}`,
      ),
  },
  { at: 330, run: (e, ids, seen) => void seen.push(...dataCacheNotes(e, ids)) },
  { at: 600, run: (e, ids, seen) => void (ids.push(e.dataCaches.get('default', ids[0]!)!.containerGroupId!), seen.push(...dataCacheNotes(e, ids))) },
  { at: 25 * HOUR, run: (e, ids, seen) => void seen.push(`after a day: ${dataCacheNotes(e, ids).length} caches`) },
];

interface Run {
  store: SqliteEventStore;
  recorder: TurnCheckedRecorder;
  sink: MemorySink;
  ids: string[];
  seen: string[];
  close(): Promise<void>;
}

/**
 * A recorder that notes each report made while no emulator turn is open: such an event would be
 * committed apart from the documents of the change that caused it (issue 14), so that a crash
 * between the two keeps one without the other.
 */
class TurnCheckedRecorder extends Recorder {
  private inTurn = false;
  readonly outside: string[] = [];
  override openTurn(): void {
    super.openTurn();
    this.inTurn = true;
  }
  override closeTurn(...args: Parameters<Recorder['closeTurn']>): Promise<void> {
    this.inTurn = false;
    return super.closeTurn(...args);
  }
  override reportUnchecked(input: ReportInput) {
    if (!this.inTurn) this.outside.push(`${input.object.kind ?? 'Pod'} ${input.reason}`);
    return super.reportUnchecked(input);
  }
}

function parts(timeOf: () => Clock) {
  const store = new SqliteEventStore(':memory:');
  // The recorder outlives the emulators of a rebuilt run: it reads whichever clock is current.
  const recorder = new TurnCheckedRecorder(store, { clock: { now: () => timeOf().now() } });
  return { store, recorder, sink: new MemorySink(recorder) };
}

function options(recorder: Recorder, sink: MemorySink, clock: ManualClock, scheduler: ManualScheduler, world?: World): EmulatorOptions {
  return { recorder, clock, scheduler, state: sink, timings: { backoffBase: 2 * S, backoffMax: 60 * S }, ...(world ? { world } : {}) };
}

/** The scenario without a break. */
async function straight(scenario: Act[] = SCENARIO, spec: object = SPEC, read?: (emu: Emulator, ids: string[]) => void): Promise<Run> {
  const clock = new ManualClock(T0);
  const scheduler = new ManualScheduler(clock);
  const { store, recorder, sink } = parts(() => clock);
  const emu = new Emulator(options(recorder, sink, clock, scheduler, new World(spec, clock)));
  const ids: string[] = [];
  const seen: string[] = [];
  for (const act of scenario) {
    scheduler.advanceTo(T0 + act.at * S);
    await emu.committed();
    act.run(emu, ids, seen);
    read?.(emu, ids);
  }
  await emu.committed();
  return { store, recorder, sink, ids, seen, close: async () => (emu.close(), await recorder.drain(), await store.close()) };
}

/** The scenario with a fresh emulator, built from the documents alone, after every turn. */
async function rebuilt(scenario: Act[] = SCENARIO, spec: object = SPEC): Promise<{ run: Run; rebuilds: number }> {
  let clock = new ManualClock(T0);
  let scheduler = new ManualScheduler(clock);
  const { store, recorder, sink } = parts(() => clock);
  let emu = new Emulator(options(recorder, sink, clock, scheduler, new World(spec, clock)));
  let rebuilds = 0;
  const rebuild = () => {
    emu.close();
    const loaded = sink.loaded();
    clock = new ManualClock(storedClockTime(loaded)!);
    scheduler = new ManualScheduler(clock);
    // The world given is the default one: the stored world must win.
    emu = Emulator.restore(options(recorder, sink, clock, scheduler), loaded);
    rebuilds++;
  };
  const ids: string[] = [];
  const seen: string[] = [];
  for (const act of scenario) {
    const when = T0 + act.at * S;
    while (scheduler.step(when)) rebuild();
    clock.set(when);
    await emu.committed();
    rebuild();
    act.run(emu, ids, seen);
    rebuild();
  }
  await emu.committed();
  return { run: { store, recorder, sink, ids, seen, close: async () => (emu.close(), await recorder.drain(), await store.close()) }, rebuilds };
}

/** A run's text with its group and cache ids replaced by their creation order, and snapshot ids hidden (ids are random). */
function normalized(run: Run, text: string): string {
  return run.ids
    .reduce((t, id, i) => t.split(id).join(`<id ${i}>`), text)
    .replace(/\bs-[a-z0-9]{20}\b/g, '<snapshot>')
    .replace(/\b(vnd|eci)-[a-z0-9]{20}\b/g, '<$1>');
}

async function eventsOf(run: Run): Promise<string[]> {
  await run.recorder.drain();
  const events = await run.store.list({ limit: 100_000 });
  return events
    .map((e) =>
      normalized(run, JSON.stringify([e.containerGroupId, e.source.component, e.reason, e.message, e.count, e.firstTimestamp - T0, e.lastTimestamp - T0])),
    )
    .sort();
}

function docsOf(run: Run): string {
  const loaded = run.sink.loaded();
  // Sorted once normalized: the random ids would order the two runs' documents apart.
  const docs = loaded.docs.map((d) => normalized(run, JSON.stringify(d))).sort();
  return JSON.stringify({ docs, timers: normalized(run, JSON.stringify(loaded.timers)) });
}

describe('an emulator rebuilt from its documents between every two turns', () => {
  const runs: Run[] = [];
  afterEach(async () => {
    for (const r of runs.splice(0)) await r.close();
  });

  it('records the same events and ends in the same state as one never interrupted', async () => {
    const a = await straight();
    runs.push(a);
    const { run: b, rebuilds } = await rebuilt();
    runs.push(b);
    expect(rebuilds).toBeGreaterThan(200);
    const [ea, eb] = [await eventsOf(a), await eventsOf(b)];
    // The scenario reaches what it means to: crash loops, failed pulls, restarts, faults, spot.
    for (const reason of [
      'CreateVnodeSuccess',
      'CreateVnodeFailed',
      'BackOff',
      'Failed',
      'Killing',
      'SystemFailureReboot',
      'SpotToBeReleased',
      'StopCharge',
      'Scheduled',
      'Started',
      'ImageCacheFinished',
      'ImageCacheCopyFinished',
      'ImageCacheUpdateFinished',
      'PodOOMKilled',
    ]) {
      expect(
        ea.some((e) => e.includes(`"${reason}"`)),
        reason,
      ).toBe(true);
    }
    // The init containers ran: the second one crash-looped, the first group's app container started after its init container.
    expect(ea.some((e) => e.includes('"Back-off restarting failed container i2'))).toBe(true);
    expect(ea.some((e) => e.includes('"Started container c"') && e.includes('<id 10>'))).toBe(true);
    // The commits and the O&M records came to what they mean to; the deleted instance's records went with it.
    const docs = <T>(kind: string) =>
      a.sink
        .loaded()
        .docs.filter((d) => d.kind === kind)
        .map((d) => d.body as T);
    const tasks = docs<CommitTaskDoc>('commit-task')
      .map((d) => d.task)
      .sort((x, y) => x.seq - y.seq);
    expect(tasks.map((t) => [t.status, t.phases.map((p) => `${p.phase} ${p.status}`)])).toEqual([
      ['Succeeded', ['PullBaseImage Success', 'CommitContainer Success', 'PushImage Success']],
      ['Failed', ['PullBaseImage Success', 'CommitContainer Failed']],
    ]);
    const records = Object.fromEntries(
      docs<OpsRecordsDoc>('ops-records').map((d) => [
        a.ids.indexOf(d.containerGroupId),
        d.records.map((r) => `${r.id} ${r.type} ${r.ended?.status ?? 'Ready'}`),
      ]),
    );
    expect(records).toEqual({ 8: ['ops-00000000 coredump Success'], 2: ['ops-00000002 coredump Ready'] });
    expect(eb).toEqual(ea);
    expect(docsOf(b)).toEqual(docsOf(a));
    // Every event, the caches' and the virtual nodes' included, committed with its turn's documents.
    expect([...a.recorder.outside, ...b.recorder.outside]).toEqual([]);
    // Hundreds of rebuilds: about 12 s alone, three times that beside other suites on a loaded machine.
  }, 120_000);

  it('reports no event outside a turn, whatever is read between the turns', async () => {
    // Every read the API makes of groups, image caches, virtual nodes and data caches, after each act.
    const read = (e: Emulator, ids: string[]) => {
      for (const account of ['default']) {
        e.list(account, region);
        e.imageCaches.list(account, region);
        e.virtualNodes.list(account, region);
        e.dataCaches.list(account, region, {}, 20);
        for (const id of ids) {
          e.get(account, id);
          e.imageCaches.get(account, id);
          e.virtualNodes.get(account, id);
          e.dataCaches.get(account, id);
        }
        e.worldState(account);
      }
    };
    for (const [scenario, spec] of [
      [SCENARIO, SPEC],
      [DATA_SCENARIO, DATA_SPEC],
    ] as const) {
      const run = await straight(scenario, spec, read);
      runs.push(run);
      expect((await eventsOf(run)).length).toBeGreaterThan(20);
      expect(run.recorder.outside).toEqual([]);
    }
    // The check itself: a report while no turn is open is noted.
    const run = runs[0]!;
    await run.recorder.report({ kind: 'Pod', name: 'p', namespace: 'default' }, 'Started', ['c']).catch(() => undefined);
    expect(run.recorder.outside).toEqual(['Pod Started']);
  }, 120_000);
});

describe('data caches rebuilt from their documents between every two turns', () => {
  const runs: Run[] = [];
  afterEach(async () => {
    for (const r of runs.splice(0)) await r.close();
  });

  it('load, copy, reload and expiry go on as in a run never interrupted; the proxies keep their addresses', async () => {
    const a = await straight(DATA_SCENARIO, DATA_SPEC);
    runs.push(a);
    const { run: b } = await rebuilt(DATA_SCENARIO, DATA_SPEC);
    runs.push(b);
    // Mid-load every proxy holds its address in the world's pool; a load that ends gives it back.
    expect(a.seen.map((n) => n.replace(/proxy \d+\.\d+\.\d+\.\d+/, 'proxy IP'))).toEqual([
      '0 Loading 0 proxy IP held true',
      '1 Loading 0 proxy IP held true',
      '2 Loading 0 proxy IP held true',
      'deleted: proxy IP held false',
      '0 Loading 0 proxy IP held true',
      '1 Loading 0 proxy IP held true',
      '0 Available 100',
      '1 Failed 0',
      'token: true',
      '0 Updating 0 proxy IP held true',
      '1 Failed 0',
      '6 Creating 0',
      '0 Available 100',
      '1 Failed 0',
      '6 Available 100',
      'after a day: 0 caches',
    ]);
    const [ea, eb] = [await eventsOf(a), await eventsOf(b)];
    expect(ea.some((e) => e.includes('"DataCacheLoadFailed"'))).toBe(true);
    expect(b.seen).toEqual(a.seen);
    expect(eb).toEqual(ea);
    expect(docsOf(b)).toEqual(docsOf(a));
    expect([...a.recorder.outside, ...b.recorder.outside]).toEqual([]);
    // Hundreds of rebuilds: about 12 s alone, three times that beside other suites on a loaded machine.
  }, 120_000);
});
