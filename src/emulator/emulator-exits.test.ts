import { afterEach, describe, expect, it } from 'vitest';
import { S, T0, world as baseWorld } from '../../test/support/emulator-world.js';
import type { RestartPolicy } from './container-group.js';
import type { EmulatorOptions } from './emulator.js';
import type { ContainerRequest } from './requests.js';

// Container fate and restart policies. Default timings: a one-container group starts its
// container at 1.7 s (0.1 accept + 0.5 schedule + 0.8 pull + 0.3 start).

function world(options: Partial<EmulatorOptions> = {}) {
  const w = baseWorld(options);
  const group = (restartPolicy: RestartPolicy, ...containers: ContainerRequest[]) =>
    w.emu.create({ regionId: 'cn-hangzhou', containerGroupName: 'job', restartPolicy, containers });
  return { ...w, group };
}

/** A tenth of kubelet's back-off and resync interval (the defaults), so that a few restarts fit in seconds. */
const SHORT_BACKOFF = { backoffBase: 1 * S, backoffMax: 30 * S, podResync: 6 * S };

const sh = (name: string, script: string, image = 'busybox'): ContainerRequest => ({ name, image, commands: ['sh', '-c'], args: [script] });

describe('RestartPolicy Never', () => {
  let w: ReturnType<typeof world>;
  afterEach(async () => w.close());

  it('sleep N then exit 0: Succeeded, the container Terminated with Completed', async () => {
    w = world();
    const { id } = w.group('Never', sh('job', 'sleep 5'));
    w.at(6.699);
    expect(w.emu.get('default', id)!.status).toBe('Running');
    w.at(6.7);
    expect(w.emu.get('default', id)).toMatchObject({
      status: 'Succeeded',
      succeededTime: T0 + 6.7 * S,
      containers: [
        {
          ready: false,
          restartCount: 0,
          currentState: { state: 'Terminated', startTime: T0 + 1.7 * S, finishTime: T0 + 6.7 * S, exitCode: 0, reason: 'Completed' },
        },
      ],
    });
    expect(w.emu.get('default', id)!.failedTime).toBeUndefined();
    expect(w.scheduler.pending).toBe(0);
    expect((await w.events(id)).slice(-1)).toEqual(['1.7 kubelet Started Started container job']);
  });

  it('exit N: Failed, the container Terminated with the code and Error', () => {
    w = world();
    const { id } = w.group('Never', sh('job', 'sleep 2; exit 3'));
    w.at(60);
    expect(w.emu.get('default', id)).toMatchObject({
      status: 'Failed',
      failedTime: T0 + 3.7 * S,
      containers: [{ currentState: { state: 'Terminated', exitCode: 3, reason: 'Error', finishTime: T0 + 3.7 * S } }],
    });
  });

  it('true and false end at once: Succeeded or Failed right after Running', () => {
    w = world();
    const ok = w.group('Never', { name: 'job', image: 'busybox', commands: ['true'] });
    const bad = w.group('Never', { name: 'job', image: 'busybox', commands: ['false'] });
    w.at(1.7);
    expect([w.emu.get('default', ok.id)!.status, w.emu.get('default', bad.id)!.status]).toEqual(['Succeeded', 'Failed']);
    expect(w.emu.get('default', bad.id)!.containers[0]!.currentState).toMatchObject({ exitCode: 1, reason: 'Error' });
  });

  it('waits for every container: Running while one still runs, then Succeeded only if all exited 0', () => {
    w = world();
    const both = w.group('Never', sh('first', 'echo done'), sh('second', 'sleep 3'));
    const mixed = w.group('Never', sh('first', 'exit 1'), sh('second', 'sleep 3'));
    const server = w.group('Never', sh('first', 'false'), { name: 'web', image: 'nginx' });
    // first: pulled 0.6-1.4, started 1.7 and exited; second: image present, started 2.0, exits 5.0
    w.at(2.0);
    expect(w.emu.get('default', both.id)!.status).toBe('Running');
    expect(w.emu.get('default', both.id)!.containers.map((c) => c.currentState.state)).toEqual(['Terminated', 'Running']);
    w.at(5.0);
    expect(w.emu.get('default', both.id)).toMatchObject({ status: 'Succeeded', succeededTime: T0 + 5 * S });
    expect(w.emu.get('default', mixed.id)).toMatchObject({ status: 'Failed', failedTime: T0 + 5 * S });
    w.at(600);
    expect(w.emu.get('default', server.id)!.status).toBe('Running');
  });
});

describe('RestartPolicy OnFailure', () => {
  let w: ReturnType<typeof world>;
  afterEach(async () => w.close());

  it('restarts the first exit at once, then waits out a back-off in CrashLoopBackOff; BackOff on the sync it skips', async () => {
    w = world({ timings: SHORT_BACKOFF });
    const { id } = w.group('OnFailure', sh('job', 'sleep 1; exit 2'));
    w.at(2.7); // exited, and restarted at once: no back-off before the first restart (kubelet's doBackOff)
    let c = w.emu.get('default', id)!.containers[0]!;
    expect(w.emu.get('default', id)!.status).toBe('Running');
    expect(c).toMatchObject({
      restartCount: 0,
      ready: false,
      currentState: { state: 'Waiting', reason: 'ContainerCreating' },
      previousState: { state: 'Terminated', exitCode: 2, reason: 'Error', startTime: T0 + 1.7 * S, finishTime: T0 + 2.7 * S },
    });
    w.at(3.0);
    expect(w.emu.get('default', id)!.containers[0]).toMatchObject({ restartCount: 1, ready: true, currentState: { state: 'Running', startTime: T0 + 3 * S } });
    w.at(4.0); // second exit: in back-off (1 s)
    c = w.emu.get('default', id)!.containers[0]!;
    expect(c).toMatchObject({
      restartCount: 1,
      currentState: { state: 'Waiting', reason: 'CrashLoopBackOff', message: `back-off 1s restarting failed container=job pod=job_default(${id})` },
      previousState: { state: 'Terminated', exitCode: 2, finishTime: T0 + 4 * S },
    });
    // The pod worker syncs again at the back-off's end, jittered by up to half (1 to 1.5 s): it restarts.
    w.at(5.5 + 0.3);
    c = w.emu.get('default', id)!.containers[0]!;
    expect(c.restartCount).toBe(2);
    expect(c.currentState.state).toBe('Running');
    const restarted = (c.currentState.startTime! - 0.3 * S - T0) / S;
    expect(restarted).toBeGreaterThanOrEqual(5);
    expect(restarted).toBeLessThan(5.5);
    const events = await w.events(id);
    expect(events.slice(0, 4)).toEqual([
      '0 EciService DefaultInstanceTypeMatch The default instanceType used for current eci instance is ecs.c6.large',
      '0.6 kubelet Scheduled Successfully assigned default/job to virtual-kubelet-cn-hangzhou-k',
      '0.6 kubelet Pulling Pulling image "busybox"',
      '1.4 kubelet Pulled Successfully pulled image "busybox" in 800ms',
    ]);
    expect(events.filter((e) => / (Created|Started|BackOff) /.test(e))).toEqual([
      `4 kubelet BackOff Back-off restarting failed container job in pod job_default(${id})`,
      `${restarted} kubelet Created Created container job ×3`,
      `${(c.currentState.startTime! - T0) / S} kubelet Started Started container job ×3`,
    ]);
  });

  it('does not restart a container that exited 0, and ends Succeeded once every container has', () => {
    w = world();
    const { id } = w.group('OnFailure', sh('a', 'true'), sh('b', 'sleep 2'));
    w.at(60);
    expect(w.emu.get('default', id)).toMatchObject({
      status: 'Succeeded',
      succeededTime: T0 + 4 * S,
      containers: [
        { restartCount: 0, currentState: { state: 'Terminated', exitCode: 0 } },
        { restartCount: 0, currentState: { state: 'Terminated', exitCode: 0 } },
      ],
    });
  });
});

describe('RestartPolicy Always', () => {
  let w: ReturnType<typeof world>;
  afterEach(async () => w.close());

  it('restarts every exited container, with back-offs doubling up to the cap; the group stays Running', () => {
    // A pod sync every 0.1 to 0.15 s: each restart comes at the first sync once its back-off has passed.
    w = world({ timings: { accept: 0, schedule: 0, pull: 0, start: 0, backoffBase: 1 * S, backoffMax: 4 * S, podResync: 0.1 * S } });
    const { id } = w.group('Always', sh('loop', 'sleep 1'));
    const starts: number[] = [];
    const messages = new Set<string>();
    for (let t = 0; t <= 20; t += 0.01) {
      w.at(t);
      const c = w.emu.get('default', id)!.containers[0]!;
      if (c.currentState.state === 'Running' && !starts.includes(c.currentState.startTime!)) starts.push(c.currentState.startTime!);
      if (c.currentState.reason === 'CrashLoopBackOff') messages.add(c.currentState.message!.split(' ')[1]!);
      expect(w.emu.get('default', id)!.status).toBe('Running');
    }
    // start 0, exit 1, restart at once; exit 2, then back-offs of 1, 2, 4, 4 s (the cap) from each exit.
    const s = starts.map((x) => (x - T0) / S);
    expect(s.slice(0, 2)).toEqual([0, 1]);
    let exit = 2;
    for (const [i, backoff] of [1, 2, 4, 4].entries()) {
      const wait = s[i + 2]! - exit;
      expect(wait, `restart ${i + 2}`).toBeGreaterThanOrEqual(backoff);
      expect(wait, `restart ${i + 2}`).toBeLessThan(backoff + 0.15);
      exit = s[i + 2]! + 1;
    }
    expect([...messages]).toEqual(['1s', '2s', '4s']);
  });

  it('forgets the back-off of a container that ran for twice the cap since it last grew', () => {
    w = world({ timings: { accept: 0, schedule: 0, pull: 0, start: 0, backoffBase: 1 * S, backoffMax: 4 * S, podResync: 0.1 * S } });
    const { id } = w.group('Always', sh('slow', 'sleep 10'));
    // start 0, exit 10 → restart at once (back-off 1 s from 10); exit 20: 20 - 10 > 8, expired → at once again.
    w.at(20);
    const c = w.emu.get('default', id)!.containers[0]!;
    expect(c).toMatchObject({ restartCount: 2, currentState: { state: 'Running', startTime: T0 + 20 * S } });
  });

  it('restarts a container that completed, too, and leaves a server alone', async () => {
    w = world({ timings: SHORT_BACKOFF });
    const { id } = w.group('Always', sh('once', 'echo hi'), { name: 'web', image: 'nginx' });
    w.at(30);
    const g = w.emu.get('default', id)!;
    expect(g.status).toBe('Running');
    expect(g.containers[0]!.restartCount).toBeGreaterThan(2);
    expect(g.containers[0]!.previousState).toMatchObject({ state: 'Terminated', exitCode: 0, reason: 'Completed' });
    expect(g.containers[1]).toMatchObject({ restartCount: 0, ready: true, currentState: { state: 'Running', startTime: T0 + 2.8 * S } });
  });
});

describe("containers sharing the instance's memory and disk (workload/instance.ts)", () => {
  let w: ReturnType<typeof world>;
  afterEach(async () => w.close());
  const shared = (restartPolicy: RestartPolicy, ...containers: ContainerRequest[]) =>
    w.emu.create({ regionId: 'cn-hangzhou', containerGroupName: 'pair', restartPolicy, cpu: 2, memory: 4, containers });
  const startOf = (id: string, name: string) => {
    const s = w.emu.get('default', id)!.containers.find((c) => c.name === name)!.currentState;
    return s.startTime!;
  };

  it('together over 4 GiB: the larger is killed the microsecond after, then the grower alone 24 s later', async () => {
    w = world();
    const { id } = shared('Never', sh('hold', 'mem 3Gi; sleep infinity'), sh('grow', 'mem 256Mi; mem +128Mi/s; sleep infinity'));
    w.at(3);
    const [hold, grow] = [startOf(id, 'hold'), startOf(id, 'grow')];
    expect(hold).toBeLessThanOrEqual(grow);
    w.at((grow - T0) / S + 6);
    expect(w.emu.get('default', id)!.containers.map((c) => c.currentState.state)).toEqual(['Running', 'Running']);
    w.at(200);
    const g = w.emu.get('default', id)!;
    expect(g.status).toBe('Failed');
    expect(g.containers.map((c) => [c.name, c.currentState.exitCode, c.currentState.reason, c.currentState.finishTime! - grow])).toEqual([
      ['hold', 137, 'OOMKilled', 6 * S + 1],
      ['grow', 137, 'OOMKilled', 30 * S + 1],
    ]);
    const oom = (await w.events(id)).filter((e) => e.includes('OOMKilled'));
    expect(oom).toHaveLength(2);
    for (const e of oom) expect(e).toMatch(/EciService PodOOMKilled System OOM encountered, victim process: sh, pid: \d+$/);
    expect(w.scheduler.pending).toBe(0);
  });

  it('RestartContainerGroup before the crossing: nothing is killed while they stop, and the new runs count from their starts', async () => {
    w = world();
    const { id } = shared('Always', sh('hold', 'mem 3Gi; sleep infinity'), sh('grow', 'mem 256Mi; mem +128Mi/s; sleep infinity'));
    w.at(3);
    const grow = startOf(id, 'grow');
    // The crossing (6 s after the grower's start) falls in the half second they take to stop.
    w.at((grow - T0) / S + 5.8);
    w.emu.restart('default', id);
    w.at((grow - T0) / S + 9);
    const again = startOf(id, 'grow');
    expect(again).toBeGreaterThan(grow + 6 * S);
    // The restarted pair crosses 6 s after the grower's new start: nothing before.
    expect((await w.events(id)).filter((e) => e.includes('OOMKilled'))).toEqual([]);
    w.at((again - T0) / S + 6);
    expect((await w.events(id)).filter((e) => e.includes('OOMKilled'))).toEqual([]);
    w.at((again - T0) / S + 6.000001);
    const g = w.emu.get('default', id)!;
    const hold = g.containers.find((c) => c.name === 'hold')!;
    expect(hold.currentState.state === 'Terminated' ? hold.currentState.reason : hold.previousState?.reason).toBe('OOMKilled');
    expect((await w.events(id)).filter((e) => e.includes('PodOOMKilled'))).toHaveLength(1);
    expect(g.containers.find((c) => c.name === 'grow')!.currentState.state).toBe('Running');
  });

  it('the writer that takes the shared disk past 30 GiB fails; the one that wrote first runs on', async () => {
    w = world();
    const { id } = shared('Never', sh('keep', 'disk 20Gi; sleep infinity'), sh('write', 'sleep 5; disk +2Gi/s; sleep infinity'));
    w.at(100);
    const g = w.emu.get('default', id)!;
    const write = g.containers.find((c) => c.name === 'write')!.currentState;
    expect(write).toMatchObject({ state: 'Terminated', exitCode: 1, reason: 'Error' });
    expect(write.finishTime! - write.startTime!).toBe(10 * S + 1);
    expect(g.containers.find((c) => c.name === 'keep')!.currentState.state).toBe('Running');
    expect((await w.events(id)).filter((e) => e.includes('DiskFull'))).toHaveLength(1);
  });

  it('a script whose last statement takes too much is killed at the allocation, not Completed', async () => {
    w = world();
    const over = (name: string, script: string, memory?: number) => ({ ...sh(name, script), ...(memory ? { memory } : {}) });
    const own = shared('Never', over('own', 'mem 2Gi', 1));
    const instance = shared('Never', over('instance', 'sleep 1; mem 8Gi'));
    const disk = shared('Never', over('disk', 'disk 40Gi'));
    w.at(60);
    const end = (id: string) => {
      const s = w.emu.get('default', id)!.containers[0]!.currentState;
      return [s.exitCode, s.reason, s.finishTime! - s.startTime!];
    };
    expect(end(own.id)).toEqual([137, 'OOMKilled', 0]);
    expect(end(instance.id)).toEqual([137, 'OOMKilled', 1 * S]);
    expect(end(disk.id)).toEqual([1, 'Error', 0]);
    expect((await w.events(own.id)).filter((e) => e.includes('OOMKilled'))).toEqual([
      expect.stringMatching(/EciService OOMKilled Memory cgroup out of memory/),
    ]);
    expect((await w.events(instance.id)).filter((e) => e.includes('OOMKilled'))).toEqual([expect.stringMatching(/EciService PodOOMKilled System OOM/)]);
    expect((await w.events(disk.id)).filter((e) => e.includes('DiskFull'))).toHaveLength(1);
  });
});
