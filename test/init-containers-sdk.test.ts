// Init containers through the official SDK and kubectl, on the virtual clock, checked against how
// kubelet runs them (pkg/kubelet/kuberuntime computeInitContainerActions) and how kubectl prints
// them (printPod): one at a time, each to exit 0 before the app containers start, its events
// naming spec.initContainers{NAME}; a failure fails the group under RestartPolicy Never, and
// crash-loops with kubelet's back-off under Always, shown as Init:CrashLoopBackOff.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';
import { $Eci, REGION, sdkClient, startServer, type EciClient, type Server } from './support/eci-sdk.js';
import { signedFetch, TEST_KEY } from './support/signed-fetch.js';

const KUBECTL = '/usr/bin/kubectl';
const START = '2026-12-01T10:00:00Z';
const seconds = (rfc3339: string | undefined) => Date.parse(rfc3339!) / 1000;
/** The cells of a printed row, split on kubectl's column gaps. */
const cells = (line: string) => line.trim().split(/\s{2,}/);

type Group = $Eci.DescribeContainerGroupsResponseBodyContainerGroups;

describe('init containers through the SDK and kubectl', () => {
  let server: Server;
  let sdk: EciClient;
  let dir: string;
  let kubeconfig: string;

  beforeAll(async () => {
    server = await startServer(':memory:', ['--clock', 'virtual', '--clock-start', START, '--throttle-rate', '0', '--kube-port', '0']);
    sdk = sdkClient(server.host, 'v3');
    dir = mkdtempSync(join(tmpdir(), 'eci-init-containers-'));
    const config = runCli(['kubeconfig', '--endpoint', server.url, '--access-key-id', TEST_KEY.id, '--access-key-secret', TEST_KEY.secret]);
    expect(config.status, config.stderr).toBe(0);
    kubeconfig = join(dir, 'kubeconfig');
    writeFileSync(kubeconfig, config.stdout);
  });
  afterAll(async () => {
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const advance = async (s: number) => {
    const res = await signedFetch(`${server.url}/v1/clock`, { body: JSON.stringify({ advance: `${Math.round(s * 1000)}ms` }) });
    expect(res.status, await res.clone().text()).toBe(200);
  };
  const create = async (name: string, restartPolicy: string, init: Array<[string, string]>, app = 'sleep infinity') =>
    (
      await sdk.createContainerGroup(
        new $Eci.CreateContainerGroupRequest({
          regionId: REGION,
          containerGroupName: name,
          restartPolicy,
          initContainer: init.map(
            ([n, script]) => new $Eci.CreateContainerGroupRequestInitContainer({ name: n, image: 'busybox', command: ['sh', '-c'], arg: [script] }),
          ),
          container: [new $Eci.CreateContainerGroupRequestContainer({ name: 'app', image: 'nginx', command: ['sh', '-c'], arg: [app] })],
        }),
      )
    ).body.containerGroupId!;
  const group = async (id: string): Promise<Group> =>
    (await sdk.describeContainerGroups(new $Eci.DescribeContainerGroupsRequest({ regionId: REGION, containerGroupIds: JSON.stringify([id]) }))).body
      .containerGroups![0]!;
  /** Moves the clock a second at a time until the group is as `done` wants it (at most `max` seconds). */
  const until = async (id: string, done: (g: Group) => boolean, max = 120) => {
    for (let s = 0; s < max; s++) {
      const g = await group(id);
      if (done(g)) return g;
      await advance(1);
    }
    throw new Error(`group ${id} did not get there in ${max} s: ${JSON.stringify(await group(id))}`);
  };
  const kubectl = (...args: string[]) => {
    const r = spawnSync(KUBECTL, ['--kubeconfig', kubeconfig, ...args], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    return r.stdout;
  };
  const podRow = (name: string) => cells(kubectl('get', 'pod', name).trim().split('\n')[1]!).slice(0, 4);
  /** The pod's kubelet events as kubectl reads them: reason, the field of the pod, time (s). */
  const kubeletEvents = (name: string) =>
    (
      JSON.parse(kubectl('get', 'events', '--field-selector', `involvedObject.name=${name}`, '-o', 'json')).items as Array<{
        reason: string;
        involvedObject: { fieldPath?: string };
        lastTimestamp: string;
        count: number;
      }>
    )
      .filter((e) => e.involvedObject.fieldPath)
      .map((e) => ({ reason: e.reason, field: e.involvedObject.fieldPath!, at: seconds(e.lastTimestamp), count: e.count }));

  it('an init container that sleeps, then exits 0: the app container starts only after it, its events in order', async () => {
    const id = await create('migrate', 'Always', [['migrate', 'echo migrating; sleep 20']]);
    let g = await until(id, (x) => x.initContainers![0]!.currentState!.state === 'Running');
    expect(g.status).toBe('Pending');
    expect(g.initContainers![0]).toMatchObject({ ready: false, restartCount: 0 });
    expect(g.containers![0]!.currentState).toMatchObject({ state: 'Waiting', reason: 'PodInitializing' });
    expect(podRow('migrate')).toEqual(['migrate', '0/1', 'Init:0/1', '0']);
    const pod = JSON.parse(kubectl('get', 'pod', 'migrate', '-o', 'json'));
    expect(pod.spec.initContainers).toMatchObject([{ name: 'migrate', image: 'busybox' }]);
    expect(pod.status.conditions).toContainEqual(
      expect.objectContaining({
        type: 'Initialized',
        status: 'False',
        reason: 'ContainersNotInitialized',
        message: 'containers with incomplete status: [migrate]',
      }),
    );

    g = await until(id, (x) => x.containers![0]!.currentState!.state === 'Running');
    expect(g.status).toBe('Running');
    const init = g.initContainers![0]!;
    expect(init).toMatchObject({ ready: true, restartCount: 0, currentState: { state: 'Terminated', exitCode: 0, reason: 'Completed' } });
    expect(seconds(init.currentState!.finishTime) - seconds(init.currentState!.startTime)).toBe(20);
    expect(seconds(g.containers![0]!.currentState!.startTime)).toBeGreaterThanOrEqual(seconds(init.currentState!.finishTime));
    expect(podRow('migrate')).toEqual(['migrate', '1/1', 'Running', '0']);
    expect(JSON.parse(kubectl('get', 'pod', 'migrate', '-o', 'json')).status.initContainerStatuses).toMatchObject([
      { name: 'migrate', ready: true, state: { terminated: { exitCode: 0, reason: 'Completed' } } },
    ]);

    // kubelet's four events for each, the init container's all before the app container's first.
    const events = kubeletEvents('migrate');
    const of = (field: string) => events.filter((e) => e.field === field);
    const initEvents = of('spec.initContainers{migrate}');
    const appEvents = of('spec.containers{app}');
    expect(initEvents.map((e) => e.reason).sort()).toEqual(['Created', 'Pulled', 'Pulling', 'Started']);
    expect(appEvents.map((e) => e.reason).sort()).toEqual(['Created', 'Pulled', 'Pulling', 'Started']);
    const at = (list: typeof events, reason: string) => list.find((e) => e.reason === reason)!.at;
    expect(at(initEvents, 'Pulling')).toBeLessThanOrEqual(at(initEvents, 'Pulled'));
    expect(at(initEvents, 'Created')).toBeLessThanOrEqual(at(initEvents, 'Started'));
    // The app container's image is pulled only once the init container has exited, 20 s after it started.
    expect(at(appEvents, 'Pulling')).toBeGreaterThanOrEqual(at(initEvents, 'Started') + 20);
    expect(at(appEvents, 'Started')).toBeGreaterThanOrEqual(at(appEvents, 'Created'));

    // Its log, by its name: DescribeContainerLog and `kubectl logs -c`.
    const log = await sdk.describeContainerLog(new $Eci.DescribeContainerLogRequest({ regionId: REGION, containerGroupId: id, containerName: 'migrate' }));
    expect(log.body.content).toBe('migrating\n');
    expect(kubectl('logs', 'migrate', '-c', 'migrate')).toBe('migrating\n');
  }, 120_000);

  it('an init container that exits 1 under Never: the group fails, the app container never starts', async () => {
    const id = await create('check', 'Never', [
      ['check', 'sleep 2; exit 1'],
      ['after', 'true'],
    ]);
    const g = await until(id, (x) => x.status === 'Failed');
    expect(g.failedTime).toBeDefined();
    expect(g.initContainers![0]).toMatchObject({ ready: false, restartCount: 0, currentState: { state: 'Terminated', exitCode: 1, reason: 'Error' } });
    expect(g.initContainers![1]!.currentState).toMatchObject({ state: 'Waiting', reason: 'PodInitializing' });
    expect(g.containers![0]).toMatchObject({ restartCount: 0, currentState: { state: 'Waiting', reason: 'PodInitializing' } });
    expect(podRow('check')).toEqual(['check', '0/1', 'Init:Error', '0']);
    const started = kubeletEvents('check')
      .filter((e) => e.reason === 'Started')
      .map((e) => e.field);
    expect(started).toEqual(['spec.initContainers{check}']);
  }, 120_000);

  it("an init container that exits 1 under Always: restarted with kubelet's back-off, Init:CrashLoopBackOff in kubectl get pods", async () => {
    const id = await create('crash', 'Always', [['wait-db', 'exit 1']]);
    // Exits at once; the first exit restarts at once, the second waits 10 s, the third 20 s.
    let g = await until(id, (x) => (x.initContainers![0]!.restartCount ?? 0) >= 2);
    const init = g.initContainers![0]!;
    expect(init.previousState).toMatchObject({ state: 'Terminated', exitCode: 1, reason: 'Error' });
    g = await until(id, (x) => x.initContainers![0]!.currentState!.reason === 'CrashLoopBackOff', 30);
    expect(g.status).toBe('Pending');
    expect(g.initContainers![0]!.currentState!.message).toMatch(/^back-off (10|20)s restarting failed container=wait-db pod=crash_default\(eci-/);
    expect(g.containers![0]).toMatchObject({ restartCount: 0, currentState: { state: 'Waiting', reason: 'PodInitializing' } });
    const row = podRow('crash');
    expect(row.slice(0, 3)).toEqual(['crash', '0/1', 'Init:CrashLoopBackOff']);
    expect(row[3]).toMatch(new RegExp(`^${g.initContainers![0]!.restartCount} \\(\\d+s ago\\)$`));
    // The restarts come at the back-off's times: 10 s after the second exit, then 20 s.
    const restarts = g.initContainers![0]!.restartCount!;
    await advance(60);
    g = await group(id);
    expect(g.initContainers![0]!.restartCount).toBeGreaterThan(restarts);
    expect(g.initContainers![0]!.restartCount).toBeLessThanOrEqual(restarts + 3);
    const backOff = kubeletEvents('crash').find((e) => e.reason === 'BackOff');
    expect(backOff).toMatchObject({ field: 'spec.initContainers{wait-db}' });
    expect(backOff!.count).toBeGreaterThanOrEqual(2);
    // The CLI shows the group Pending with the init container's trouble beside it.
    const list = runCli(['groups', 'show', id, '--endpoint', server.url, '--access-key-id', TEST_KEY.id, '--access-key-secret', TEST_KEY.secret]);
    expect(list.status, list.stderr).toBe(0);
    expect(list.stdout).toContain('Status:             Pending · CrashLoopBackOff');
    expect(list.stdout).toMatch(/Init Containers:\n {2}wait-db:/);
  }, 120_000);
});
