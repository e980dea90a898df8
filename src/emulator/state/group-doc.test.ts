// The emulator's documents round-trip: every field of a group's runtime and of the world is in
// its document (a field added later without a document line fails here), fromDoc(toDoc(x))
// deep-equals x for a runtime with every field set, and at every turn of lifecycles that cover
// starts, pulls that fail, crash loops, writes, restarts, updates, faults and deletes, each stored
// document reads back into a runtime whose document is the same.
import { afterEach, describe, expect, it } from 'vitest';
import { S, T0 } from '../../../test/support/emulator-world.js';
import { MemorySink } from '../../../test/support/memory-sink.js';
import { ManualClock } from '../../model/clock.js';
import { Recorder } from '../../recorder/index.js';
import { SqliteEventStore } from '../../store/sqlite/store.js';
import type { ContainerGroup } from '../container-group.js';
import { Emulator } from '../emulator.js';
import { GroupRuntime } from '../runtime.js';
import { ManualScheduler } from '../scheduler.js';
import { World, WORLD_DOC_FIELDS, type WorldDoc } from '../world/world.js';
import { GROUP_DOC_FIELDS, GROUP_RUNTIME_TRANSIENT, groupFromDoc, groupToDoc, type GroupDoc } from './group-doc.js';
import { TimerTable } from './timers.js';

const GROUP: ContainerGroup = {
  id: 'eci-test',
  account: 'default',
  name: 'web',
  namespace: 'default',
  regionId: 'cn-hangzhou',
  zoneId: 'cn-hangzhou-k',
  status: 'Running',
  creationTime: T0,
  statusTime: T0 + S,
  startTime: T0 + S,
  nodeName: 'vk',
  instanceType: 'ecs.c6.large',
  cpu: 2,
  memory: 4,
  vpcId: 'vpc',
  vSwitchId: 'vsw',
  securityGroupId: 'sg',
  intranetIp: '172.16.0.1',
  resourceGroupId: 'rg',
  tags: [{ key: 'k', value: 'v' }],
  restartPolicy: 'Always',
  spotStrategy: 'NoSpot',
  containers: [
    {
      name: 'c',
      image: 'busybox',
      cpu: 0,
      memory: 0,
      gpu: 0,
      commands: ['sh', '-c'],
      args: ['echo hi; exit 1'],
      imagePullPolicy: 'IfNotPresent',
      restartCount: 2,
      ready: false,
      currentState: { state: 'Waiting', reason: 'CrashLoopBackOff', message: 'back-off 40s' },
      previousState: { state: 'Terminated', exitCode: 1, reason: 'Error', startTime: T0, finishTime: T0 + 1 },
    },
  ],
  initContainers: [],
  volumes: [{ name: 'v', type: 'DiskVolume', diskSize: 20 }],
  hostAliases: [],
  sysctls: [],
  ephemeralStorage: 10,
  extra: { HostName: 'h' },
};

const CRASH_LOOP = { backoff: 40 * S, lastUpdate: T0, syncs: 3 };

function fullRuntime(): GroupRuntime {
  const clock = new ManualClock(T0);
  const timers = new TimerTable(new ManualScheduler(clock));
  timers.on('k', () => undefined);
  const rt = new GroupRuntime(timers, structuredClone(GROUP), 7);
  rt.placed = true;
  rt.starting = true;
  rt.provision = {
    groupId: GROUP.id,
    account: 'default',
    regionId: 'cn-hangzhou',
    vSwitches: [],
    instanceTypes: [],
    securityGroupId: 'sg',
    spotStrategy: 'NoSpot',
    restartPolicy: 'Always',
    request: { regionId: 'cn-hangzhou', containerGroupName: 'web', containers: [] },
  };
  rt.reclaiming = true;
  rt.attempts = 2;
  rt.pulled.add('busybox');
  rt.layers.add('sha256:1');
  rt.pullBackoffs.set('nginx', { lastUpdate: T0, delay: 10 * S });
  rt.credentials = [{ server: 'r.example.com', userName: 'u', password: 'p' }];
  rt.volumes = [{ name: 'v', type: 'DiskVolume', diskSize: 20 }];
  rt.imageCache = { cacheId: 'imc-1', images: ['busybox'], layers: ['sha256:1'] };
  rt.clientToken = 'tok';
  rt.dataCacheJob = 'edc-1';
  rt.everStarted.add('c');
  rt.ephemeralStorageGiB = 10;
  rt.crashLoops = { c: CRASH_LOOP };
  rt.init = { status: 'Pending', kill: [], start: ['c'], init: true };
  rt.after(S, 'k', {});
  rt.afterFor('c', 2 * S, 'k', {});
  rt.afterWrite('c', 3 * S, 'k', {});
  rt.afterShortage(4 * S, 'k');
  const run = rt.log('c').begin(T0);
  run.write(T0, 'line one\npartial');
  rt.log('c')
    .begin(T0 + S)
    .write(T0 + S, 'second run\n');
  return rt;
}

describe('group documents', () => {
  it('list every field of the runtime', () => {
    const keys = Object.keys(fullRuntime()).filter((k) => !GROUP_RUNTIME_TRANSIENT.includes(k));
    expect(keys.sort()).toEqual([...GROUP_DOC_FIELDS].sort());
    expect(Object.keys(groupToDoc(fullRuntime())).sort()).toEqual([...GROUP_DOC_FIELDS].sort());
  });

  it('read back a runtime with every field set as it was, through JSON', () => {
    const rt = fullRuntime();
    const doc = JSON.parse(JSON.stringify(groupToDoc(rt))) as GroupDoc;
    const back = groupFromDoc(doc, (rt as unknown as { timers: TimerTable }).timers);
    expect(back).toEqual(rt);
    expect(back.log('c').previous!.read()).toEqual([
      { time: T0, text: 'line one\n' },
      { time: T0, text: 'partial' },
    ]);
  });
});

describe('world documents', () => {
  it('list every field of the world', () => {
    const w = new World(undefined, new ManualClock(T0));
    expect(Object.keys(w).sort()).toEqual(Object.keys(WORLD_DOC_FIELDS).sort());
    const kept = Object.values(WORLD_DOC_FIELDS).filter((f): f is keyof WorldDoc => f !== null);
    expect(Object.keys(w.toDoc()).sort()).toEqual(kept.sort());
  });
});

describe('documents at every turn of a lifecycle', () => {
  const closers: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const c of closers.splice(0)) await c();
  });

  it('read back into runtimes and a world whose documents are the same', async () => {
    const clock = new ManualClock(T0);
    const scheduler = new ManualScheduler(clock);
    const store = new SqliteEventStore(':memory:');
    const recorder = new Recorder(store, { clock });
    const sink = new MemorySink(recorder);
    const emu = new Emulator({ recorder, clock, scheduler, state: sink, timings: { backoffBase: S, backoffMax: 30 * S } });
    closers.push(async () => {
      emu.close();
      await recorder.drain();
      await store.close();
    });
    let checked = 0;
    const check = () => {
      const timers = new TimerTable(new ManualScheduler(new ManualClock(clock.now())));
      for (const d of sink.docs.values()) {
        const { v, ...body } = d.body as { v: number };
        expect(v).toBe(1);
        if (d.kind === 'group') expect(JSON.parse(JSON.stringify(groupToDoc(groupFromDoc(body as GroupDoc, timers))))).toEqual(body);
        if (d.kind === 'world') expect(JSON.parse(JSON.stringify(World.fromDoc(body as WorldDoc, clock).toDoc()))).toEqual(body);
        checked++;
      }
    };
    const sh = (script: string) => ({ commands: ['sh', '-c'], args: [script] });
    const region = 'cn-hangzhou';
    const crash = emu.create({
      regionId: region,
      containerGroupName: 'crash',
      containers: [{ name: 'c', image: 'busybox', ...sh('echo out; sleep 2; exit 1') }],
    });
    const bad = emu.create({ regionId: region, containerGroupName: 'bad', containers: [{ name: 'c', image: 'no-such-registry.example.com/x:1' }] });
    // Init containers: one that succeeds, then one that crash-loops, holding the app container back.
    const init = emu.create({
      regionId: region,
      containerGroupName: 'init',
      initContainers: [
        { name: 'i1', image: 'busybox', ...sh('sleep 1') },
        { name: 'i2', image: 'busybox', ...sh('sleep 1; exit 1') },
      ],
      containers: [{ name: 'c', image: 'nginx' }],
    });
    const two = emu.create({
      regionId: region,
      containerGroupName: 'two',
      clientToken: 'tok-1',
      containers: [
        { name: 'a', image: 'nginx' },
        { name: 'b', image: 'busybox', ...sh('sleep 5') },
      ],
    });
    check();
    for (let t = 0; t < 120; t++) {
      scheduler.advance(S / 2);
      if (t === 10) emu.restart('default', two.id);
      if (t === 20) emu.update('default', two.id, { containers: [{ name: 'b', image: 'busybox:1.36' }] });
      if (t === 30)
        emu.injectFault({ kind: 'host-reboot', target: emu.worldState().placements.find((p) => p.containerGroupId === crash.id)?.hostId ?? 'none' });
      if (t === 40) emu.injectFault({ kind: 'registry-slow', target: 'docker.io', duration: 20 * S });
      if (t === 60) emu.delete('default', bad.id);
      if (t === 70) emu.restart('default', init.id);
      check();
    }
    await emu.committed();
    expect(emu.get('default', init.id)!.initContainers[1]!.restartCount).toBeGreaterThan(1);
    expect(sink.turns).toBeGreaterThan(50);
    expect(checked).toBeGreaterThan(300);
  });
});
