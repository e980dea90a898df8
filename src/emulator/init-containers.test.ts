// Init containers run as kubelet runs them: one at a time, in order, each pulled, created and
// started and each to exit 0 before the next; the app containers only after the last. A failure
// is restarted with the crash-loop back-off, or, under RestartPolicy Never, fails the group.
// Default timings: accept 0.1 s, schedule 0.5 s, a first pull of busybox 0.8 s, start 0.3 s.
import { afterEach, describe, expect, it } from 'vitest';
import { S, T0, refusal, world as baseWorld } from '../../test/support/emulator-world.js';
import type { RestartPolicy } from './container-group.js';
import type { ContainerRequest } from './requests.js';

const sh = (name: string, script: string, image = 'busybox'): ContainerRequest => ({ name, image, commands: ['sh', '-c'], args: [script] });

/** A tenth of kubelet's back-off and resync interval (as emulator-exits.test.ts), so that restarts fit in seconds. */
const SHORT_BACKOFF = { backoffBase: 1 * S, backoffMax: 30 * S, podResync: 6 * S };

function world(timings = {}) {
  const w = baseWorld({ timings });
  const group = (restartPolicy: RestartPolicy, initContainers: ContainerRequest[], ...containers: ContainerRequest[]) =>
    w.emu.create({ regionId: 'cn-hangzhou', containerGroupName: 'job', restartPolicy, containers, initContainers });
  /** The group's kubelet events with the field of the pod they name: "<seconds> <reason> <fieldPath>[ ×count]". */
  const kubelet = async (id: string) => {
    await w.recorder.drain();
    const stored = (await w.store.list({ containerGroupId: id })).reverse().filter((e) => e.source.component === 'kubelet' && e.involvedObject.fieldPath);
    return stored.map((e) => `${(e.lastTimestamp - T0) / S} ${e.reason} ${e.involvedObject.fieldPath}${e.count > 1 ? ` ×${e.count}` : ''}`);
  };
  return { ...w, group, kubelet };
}

describe('init containers', () => {
  let w: ReturnType<typeof world>;
  afterEach(async () => w.close());

  it('run one at a time, each to exit 0, and the app containers start only after the last', async () => {
    w = world();
    const { id } = w.group('Always', [sh('migrate', 'sleep 5'), sh('seed', 'sleep 2')], sh('app', 'sleep infinity', 'nginx'));
    // migrate: pulled 0.6-1.4, started 1.7, exits 6.7; seed: image present, started 7.0, exits 9.0;
    // app: nginx pulled 9.0-9.8, started 10.1.
    w.at(1.7);
    let g = w.emu.get('default', id)!;
    expect(g.status).toBe('Pending');
    expect(g.initContainers.map((c) => [c.currentState.state, c.currentState.reason, c.ready])).toEqual([
      ['Running', undefined, false],
      ['Waiting', 'PodInitializing', false],
    ]);
    expect(g.containers[0]!.currentState).toEqual({ state: 'Waiting', reason: 'PodInitializing' });
    w.at(6.7);
    g = w.emu.get('default', id)!;
    expect(g.initContainers[0]).toMatchObject({
      ready: true,
      currentState: { state: 'Terminated', exitCode: 0, reason: 'Completed', finishTime: T0 + 6.7 * S },
    });
    expect(g.initContainers[1]!.currentState.state).toBe('Waiting');
    w.at(9.0);
    g = w.emu.get('default', id)!;
    expect(g.status).toBe('Pending');
    expect(g.initContainers.map((c) => c.currentState.reason)).toEqual(['Completed', 'Completed']);
    expect(g.containers[0]!.currentState).toEqual({ state: 'Waiting', reason: 'PodInitializing' });
    w.at(10.1);
    g = w.emu.get('default', id)!;
    expect(g.status).toBe('Running');
    expect(g.containers[0]).toMatchObject({ ready: true, currentState: { state: 'Running', startTime: T0 + 10.1 * S } });
    expect(await w.kubelet(id)).toEqual([
      '0.6 Pulling spec.initContainers{migrate}',
      '1.4 Pulled spec.initContainers{migrate}',
      '1.4 Created spec.initContainers{migrate}',
      '1.7 Started spec.initContainers{migrate}',
      '6.7 Pulled spec.initContainers{seed}',
      '6.7 Created spec.initContainers{seed}',
      '7 Started spec.initContainers{seed}',
      '9 Pulling spec.containers{app}',
      '9.8 Pulled spec.containers{app}',
      '9.8 Created spec.containers{app}',
      '10.1 Started spec.containers{app}',
    ]);
  });

  it('a failure under Never fails the group; the next init container and the app containers never start', async () => {
    w = world();
    const { id } = w.group('Never', [sh('check', 'sleep 1; exit 3'), sh('never', 'true')], sh('app', 'sleep infinity'));
    w.at(60);
    const g = w.emu.get('default', id)!;
    expect(g).toMatchObject({ status: 'Failed', failedTime: T0 + 2.7 * S });
    expect(g.initContainers[0]).toMatchObject({ ready: false, restartCount: 0, currentState: { state: 'Terminated', exitCode: 3, reason: 'Error' } });
    expect(g.initContainers[1]!.currentState).toEqual({ state: 'Waiting', reason: 'PodInitializing' });
    expect(g.containers[0]!.currentState).toEqual({ state: 'Waiting', reason: 'PodInitializing' });
    expect((await w.kubelet(id)).filter((e) => e.includes('Started'))).toEqual(['1.7 Started spec.initContainers{check}']);
    expect(w.scheduler.pending).toBe(0);
  });

  for (const policy of ['Always', 'OnFailure'] as const) {
    it(`a failure under ${policy} restarts with the crash-loop back-off and holds the app containers back`, async () => {
      w = world(SHORT_BACKOFF);
      // It always fails: the group stays Pending, the init container in CrashLoopBackOff.
      const { id } = w.group(policy, [sh('wait-db', 'exit 1')], sh('app', 'sleep infinity'));
      // Exits at 1.7; the first exit restarts at once (2.0), the second (2.0) waits 1 s: 3.3; then 2 s: 5.6.
      w.at(1.99);
      expect(w.emu.get('default', id)!.initContainers[0]!.restartCount).toBe(0);
      w.at(2.0);
      let g = w.emu.get('default', id)!;
      expect(g.status).toBe('Pending');
      expect(g.initContainers[0]).toMatchObject({
        restartCount: 1,
        currentState: {
          state: 'Waiting',
          reason: 'CrashLoopBackOff',
          message: expect.stringMatching(/^back-off 1s restarting failed container=wait-db pod=job_default\(eci-/),
        },
        previousState: { state: 'Terminated', exitCode: 1, reason: 'Error' },
      });
      expect(g.containers[0]!.currentState).toEqual({ state: 'Waiting', reason: 'PodInitializing' });
      w.at(20);
      g = w.emu.get('default', id)!;
      expect(g.status).toBe('Pending');
      expect(g.initContainers[0]!.restartCount).toBeGreaterThanOrEqual(3);
      expect(g.containers[0]!.restartCount).toBe(0);
      const events = await w.kubelet(id);
      expect(events.find((e) => e.includes('BackOff spec.initContainers{wait-db}'))).toMatch(/×\d+$/);
      expect(events.some((e) => e.includes('spec.containers{app}'))).toBe(false);
    });
  }

  it('an init container whose image cannot be pulled holds the app containers back until it can', async () => {
    w = world();
    // One failed pull of the init container's image: ErrImagePull, tried again at the next sync.
    w.emu.injectFault({ kind: 'registry-outage', target: 'docker.io', count: 1 });
    const { id } = w.group('Never', [sh('prep', 'sleep 1')], sh('app', 'sleep infinity'));
    // The outage times the pull out at 30.6 s; the next sync pulls again at 40.6 s.
    w.at(35);
    let g = w.emu.get('default', id)!;
    expect(g.status).toBe('Pending');
    expect(g.initContainers[0]!.currentState).toMatchObject({ state: 'Waiting', reason: 'ErrImagePull' });
    expect(g.containers[0]!.currentState).toEqual({ state: 'Waiting', reason: 'PodInitializing' });
    w.at(60);
    g = w.emu.get('default', id)!;
    expect(g.status).toBe('Running');
    expect(g.initContainers[0]!.currentState).toMatchObject({ state: 'Terminated', exitCode: 0 });
    const events = await w.kubelet(id);
    expect(events.filter((e) => e.includes('Started')).map((e) => e.split(' ')[2])).toEqual(['spec.initContainers{prep}', 'spec.containers{app}']);
    expect(events.some((e) => e.includes('Failed spec.initContainers{prep}'))).toBe(true);
  });

  it('RestartContainerGroup runs the init containers again before the app containers', async () => {
    w = world();
    const { id } = w.group('Always', [sh('prep', 'sleep 1')], sh('app', 'sleep infinity'));
    w.at(10);
    expect(w.status(id)).toBe('Running');
    w.emu.restart('default', id);
    w.at(60);
    const g = w.emu.get('default', id)!;
    expect(g.status).toBe('Running');
    expect(g.initContainers[0]).toMatchObject({ restartCount: 1, currentState: { state: 'Terminated', exitCode: 0 } });
    expect(g.containers[0]!.restartCount).toBe(1);
    // Each Started is recorded twice, the init container's both times before the app container's.
    const started = (await w.kubelet(id)).filter((e) => e.includes('Started'));
    expect(started).toEqual([expect.stringMatching(/ Started spec.initContainers\{prep\} ×2$/), expect.stringMatching(/ Started spec.containers\{app\} ×2$/)]);
    const [init, app] = started.map((e) => Number(e.split(' ')[0]));
    expect(init).toBeLessThan(app!);
  });

  it('a group deleted while an init container runs kills it', async () => {
    w = world();
    const { id } = w.group('Always', [sh('prep', 'sleep 100')], sh('app', 'sleep infinity'));
    w.at(5);
    w.emu.delete('default', id);
    expect((await w.kubelet(id)).slice(-1)).toEqual(['5 Killing spec.initContainers{prep}']);
    w.at(200);
    expect(w.emu.get('default', id)).toBeUndefined();
  });

  it("one without a command runs its image's entrypoint, taken to succeed at once", () => {
    w = world();
    const { id } = w.group('Always', [{ name: 'prep', image: 'busybox' }], sh('app', 'sleep infinity'));
    w.at(1.7);
    expect(w.emu.get('default', id)!.initContainers[0]!.currentState).toMatchObject({
      state: 'Terminated',
      exitCode: 0,
      reason: 'Completed',
      startTime: T0 + 1.7 * S,
      finishTime: T0 + 1.7 * S,
    });
    w.at(2.0);
    expect(w.emu.get('default', id)!).toMatchObject({ status: 'Running', containers: [{ currentState: { state: 'Running' } }] });
  });

  it("keep a log that DescribeContainerLog reads by the init container's name", () => {
    w = world();
    const { id } = w.group('Always', [sh('migrate', 'echo migrated; sleep 1')], sh('app', 'sleep infinity'));
    w.at(10);
    expect(
      w.emu
        .containerLog('default', id, 'migrate', false)
        .read()
        .map((l) => l.text),
    ).toEqual(['migrated\n']);
  });

  // Their names share one namespace with the containers': CreateContainerGroup's parser checks
  // that (container-group-params.test.ts), as it checks every name.
  it('have their scripts checked at create', () => {
    w = world();
    expect(refusal(() => w.group('Always', [sh('prep', 'mem lots')], sh('app', 'sleep infinity')))).toMatchObject({
      code: 'InvalidParameter',
      parameter: 'InitContainer.1.Arg',
    });
  });
});
