// The same scenario on a virtual clock, run once without a break and once with the emulator
// rebuilt from its documents (a fresh Emulator, scheduler and clock) between every two turns:
// both record the same events with the same counts and times, and end with the same documents.
// Timers as data and state as documents lose nothing a lifecycle needs, and fire exactly once.
import { afterEach, describe, expect, it } from 'vitest';
import { S, T0 } from '../../../test/support/emulator-world.js';
import { MemorySink } from '../../../test/support/memory-sink.js';
import { ManualClock, type Clock } from '../../model/clock.js';
import { Recorder } from '../../recorder/index.js';
import { SqliteEventStore } from '../../store/sqlite/store.js';
import { Emulator, type EmulatorOptions } from '../emulator.js';
import { ManualScheduler } from '../scheduler.js';
import { World } from '../world/world.js';
import { storedClockTime } from './emulator-doc.js';

const HOUR = 3600;
const region = 'cn-hangzhou';
const SPEC = { regions: [{ regionId: region, zones: [{ zoneId: 'cn-hangzhou-k', hosts: [{ id: 'h1', vcpu: 8 }, { id: 'h2', vcpu: 8 }], stock: 6 }] }] };
const sh = (script: string) => ({ commands: ['sh', '-c'], args: [script] });
const KUBECONFIG = 'clusters:\n- name: c\n  cluster: { server: "https://10.0.0.1:6443" }\n';
/** A cache's random ids: its own and its intermediate instance's. */
const cacheIds = (c: { id: string; containerGroupId: string }) => [c.id, c.containerGroupId];

/** At `at` seconds, an action on the emulator; `ids` are the groups created so far. */
interface Act {
  at: number;
  run: (emu: Emulator, ids: string[]) => void;
}

const SCENARIO: Act[] = [
  { at: 0, run: (e, ids) => void ids.push(e.create({ regionId: region, containerGroupName: 'crash', containers: [{ name: 'c', image: 'busybox', ...sh('echo starting; sleep 3; echo bye; exit 2') }] }).id) },
  { at: 0, run: (e, ids) => void ids.push(e.create({ regionId: region, containerGroupName: 'pullfail', containers: [{ name: 'c', image: 'registry.example.invalid/app:1' }] }).id) },
  { at: 1, run: (e, ids) => void ids.push(e.create({ regionId: region, containerGroupName: 'web', clientToken: 'tok', restartPolicy: 'OnFailure', containers: [{ name: 'a', image: 'nginx' }, { name: 'b', image: 'busybox', ...sh('sleep 40; exit 1') }] }).id) },
  { at: 2, run: (e) => void e.create({ regionId: region, containerGroupName: 'web', clientToken: 'tok', containers: [{ name: 'a', image: 'nginx' }] }) },
  { at: 3, run: (e, ids) => void ids.push(e.create({ regionId: region, containerGroupName: 'spot', spotStrategy: 'SpotAsPriceGo', containers: [{ name: 'a', image: 'nginx' }] }).id) },
  { at: 4, run: (e, ids) => void ids.push(...cacheIds(e.imageCaches.create({ account: 'default', regionId: region, name: 'cache', images: ['nginx', 'busybox'], flash: true, standardCopyCount: 3, retentionDays: 1, clientToken: 'c1' }))) },
  { at: 5, run: (e, ids) => void ids.push(...cacheIds(e.imageCaches.create({ account: 'default', regionId: region, name: 'bad', images: ['registry.example.invalid/x:1'] }))) },
  { at: 6, run: (e) => void e.virtualNodes.create({ account: 'default', regionId: region, vSwitchId: 'vsw-bp1emudefaultk000000', securityGroupId: 'sg-bp1emudefault0000000', name: 'vk', kubeConfig: KUBECONFIG, clientToken: 'n1' }) },
  { at: 7, run: (e) => void e.virtualNodes.create({ account: 'default', regionId: region, vSwitchId: 'vsw-bp1emudefaultk000000', securityGroupId: 'sg-bp1emudefault0000000', name: 'vk-bad', kubeConfig: 'clusters: []' }) },
  // Init containers: one that succeeds, then the app container; one that crash-loops, holding it back.
  { at: 8, run: (e, ids) => void ids.push(e.create({ regionId: region, containerGroupName: 'init-ok', restartPolicy: 'Never', initContainers: [{ name: 'i', image: 'busybox', ...sh('sleep 4') }], containers: [{ name: 'c', image: 'busybox', ...sh('sleep 20') }] }).id) },
  { at: 8, run: (e, ids) => void ids.push(e.create({ regionId: region, containerGroupName: 'init-crash', initContainers: [{ name: 'i1', image: 'busybox', ...sh('sleep 5') }, { name: 'i2', image: 'busybox', ...sh('sleep 2; exit 1') }], containers: [{ name: 'c', image: 'nginx' }] }).id) },
  { at: 20, run: (e, ids) => void e.restart('default', ids[2]!) },
  { at: 30, run: (e, ids) => void e.update('default', ids[2]!, { containers: [{ name: 'b', image: 'busybox:1.36', ...sh('sleep 10') }] }) },
  { at: 45, run: (e) => void e.injectFault({ kind: 'registry-slow', target: 'docker.io', duration: 120 * S }) },
  { at: 50, run: (e, ids) => void e.injectFault({ kind: 'host-failure', target: e.get('default', ids[2]!)!.hostId!, duration: 600 * S }) },
  { at: 60, run: (e) => void e.reclaimSpot({ zoneId: 'cn-hangzhou-k' }) },
  { at: 90, run: (e) => void e.changeWorld({ regions: [{ regionId: region, zones: [{ zoneId: 'cn-hangzhou-k', stock: 1 }] }] }) },
  { at: 95, run: (e, ids) => void ids.push(e.create({ regionId: region, containerGroupName: 'late', containers: [{ name: 'a', image: 'nginx' }] }).id) },
  { at: 200, run: (e, ids) => void e.imageCaches.update('default', ids[4]!, { images: ['nginx'] }) },
  { at: 300, run: (e, ids) => void e.delete('default', ids[1]!) },
  { at: 300, run: (e, ids) => void e.delete('default', ids[9]!) },
  { at: 310, run: (e, ids) => void e.imageCaches.delete('default', ids[6]!) },
  { at: 2 * HOUR, run: () => undefined },
];

interface Run {
  store: SqliteEventStore;
  recorder: Recorder;
  sink: MemorySink;
  ids: string[];
  close(): Promise<void>;
}

function parts(timeOf: () => Clock) {
  const store = new SqliteEventStore(':memory:');
  // The recorder outlives the emulators of a rebuilt run: it reads whichever clock is current.
  const recorder = new Recorder(store, { clock: { now: () => timeOf().now() } });
  return { store, recorder, sink: new MemorySink(recorder) };
}

function options(recorder: Recorder, sink: MemorySink, clock: ManualClock, scheduler: ManualScheduler, world?: World): EmulatorOptions {
  return { recorder, clock, scheduler, state: sink, timings: { backoffBase: 2 * S, backoffMax: 60 * S }, ...(world ? { world } : {}) };
}

/** The scenario without a break. */
async function straight(): Promise<Run> {
  const clock = new ManualClock(T0);
  const scheduler = new ManualScheduler(clock);
  const { store, recorder, sink } = parts(() => clock);
  const emu = new Emulator(options(recorder, sink, clock, scheduler, new World(SPEC, clock)));
  const ids: string[] = [];
  for (const act of SCENARIO) {
    scheduler.advanceTo(T0 + act.at * S);
    await emu.committed();
    act.run(emu, ids);
  }
  await emu.committed();
  return { store, recorder, sink, ids, close: async () => (emu.close(), await recorder.drain(), await store.close()) };
}

/** The scenario with a fresh emulator, built from the documents alone, after every turn. */
async function rebuilt(): Promise<{ run: Run; rebuilds: number }> {
  let clock = new ManualClock(T0);
  let scheduler = new ManualScheduler(clock);
  const { store, recorder, sink } = parts(() => clock);
  let emu = new Emulator(options(recorder, sink, clock, scheduler, new World(SPEC, clock)));
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
  for (const act of SCENARIO) {
    const when = T0 + act.at * S;
    while (scheduler.step(when)) rebuild();
    clock.set(when);
    await emu.committed();
    rebuild();
    act.run(emu, ids);
    rebuild();
  }
  await emu.committed();
  return { run: { store, recorder, sink, ids, close: async () => (emu.close(), await recorder.drain(), await store.close()) }, rebuilds };
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
    .map((e) => normalized(run, JSON.stringify([e.containerGroupId, e.source.component, e.reason, e.message, e.count, e.firstTimestamp - T0, e.lastTimestamp - T0])))
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
    for (const reason of ['CreateVnodeSuccess', 'CreateVnodeFailed', 'BackOff', 'Failed', 'Killing', 'SystemFailureReboot', 'SpotToBeReleased', 'StopCharge', 'Scheduled', 'Started', 'ImageCacheFinished', 'ImageCacheCopyFinished', 'ImageCacheUpdateFinished']) {
      expect(ea.some((e) => e.includes(`"${reason}"`)), reason).toBe(true);
    }
    // The init containers ran: the second one crash-looped, the first group's app container started after its init container.
    expect(ea.some((e) => e.includes('"Back-off restarting failed container i2'))).toBe(true);
    expect(ea.some((e) => e.includes('"Started container c"') && e.includes('<id 8>'))).toBe(true);
    expect(eb).toEqual(ea);
    expect(docsOf(b)).toEqual(docsOf(a));
    // Hundreds of rebuilds: about 12 s alone, three times that beside other suites on a loaded machine.
  }, 120_000);
});
