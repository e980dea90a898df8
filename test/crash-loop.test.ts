// One hour of `exit 1` under RestartPolicy Always on the virtual clock, through the official SDK,
// the CLI and the clock API, checked against kubelet's documented crash-loop behaviour, computed
// here from the documentation and not from the emulator's code:
// - the first exit restarts at once; then each exit waits a back-off of 10 s doubling to 5 min
//   (kubelet: backOffPeriod 10 s, MaxContainerBackOff 5 min, flowcontrol.Backoff; the first
//   restart without one: kubernetes/kubernetes#133472);
// - kubelet syncs a pod in back-off again at the back-off's end, at most the resync interval
//   (1 min) away, jittered by up to half (pod_workers.go completeWork, wait.Jitter(d, 0.5)); each
//   sync within the back-off records BackOff; the restart is the first sync past its end;
// - meanwhile the container waits: CrashLoopBackOff, "back-off 5m0s restarting failed
//   container=NAME pod=NAME_NAMESPACE(UID)"; its last state is the run that exited (1, Error).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';
import { $Eci, REGION, sdkClient, startServer, type EciClient, type Server } from './support/eci-sdk.js';
import { signedFetch, TEST_KEY } from './support/signed-fetch.js';

const START = '2026-01-01T00:00:00Z';
const HOUR_S = 3600;
/** Created → Started: the emulator's start step (timings.start), 0.3 s. */
const START_S = 0.3;
/** The resync interval (kubelet's --sync-frequency) and the jitter factor of the pod workers. */
const RESYNC_S = 60;
const JITTER = 0.5;

/** The n-th back-off (n = 1 after the second exit): 10 s doubling, capped at 5 min. */
const backoff = (n: number) => Math.min(300, 10 * 2 ** (n - 1));
/** How Go prints a whole number of seconds as kubelet's message does: 10s, 1m20s, 5m0s. */
const goSeconds = (s: number) => (s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${s % 60}s`);
/** The latest a restart can come after its back-off ends: half of the last wait, at most half the resync interval. */
const lateness = (b: number) => JITTER * Math.min(b, RESYNC_S);
/** Syncs within a back-off of b seconds (each records BackOff): the one at the exit, then one at most 1.5 min and at least 1 min apart while a minute or more is left. */
const syncBounds = (b: number) => ({ min: 1 + Math.floor((b - 1) / (RESYNC_S * (1 + JITTER))), max: 1 + Math.floor((b - 1) / RESYNC_S) });

const seconds = (rfc3339: string | undefined) => Date.parse(rfc3339!) / 1000;

describe('a crash loop over an hour of virtual time', () => {
  let server: Server;
  let sdk: EciClient;
  let id: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    server = await startServer(':memory:', ['--clock', 'virtual', '--clock-start', START, '--throttle-rate', '0']);
    sdk = sdkClient(server.host, 'v3');
    env = { ECI_EVENTS_ENDPOINT: server.url, ECI_EVENTS_ACCESS_KEY_ID: TEST_KEY.id, ECI_EVENTS_ACCESS_KEY_SECRET: TEST_KEY.secret };
    const { body } = await sdk.createContainerGroup(
      new $Eci.CreateContainerGroupRequest({
        regionId: REGION,
        containerGroupName: 'crasher',
        restartPolicy: 'Always',
        container: [new $Eci.CreateContainerGroupRequestContainer({ name: 'app', image: 'busybox', command: ['sh', '-c', 'exit 1'] })],
      }),
    );
    id = body.containerGroupId!;
  });
  afterAll(async () => server?.stop());

  const advance = async (s: number) => {
    const res = await signedFetch(`${server.url}/v1/clock`, { body: JSON.stringify({ advance: `${Math.round(s * 1000)}ms` }) });
    expect(res.status).toBe(200);
  };
  const group = async () =>
    (await sdk.describeContainerGroups(new $Eci.DescribeContainerGroupsRequest({ regionId: REGION, containerGroupIds: JSON.stringify([id]) }))).body
      .containerGroups![0]!;
  const counts = async () => {
    const { body } = await sdk.describeContainerGroupEvents(
      new $Eci.DescribeContainerGroupEventsRequest({ regionId: REGION, containerGroupIds: JSON.stringify([id]) }),
    );
    const out: Record<string, number> = {};
    for (const e of body.data![0]!.events!) out[e.reason!] = (out[e.reason!] ?? 0) + e.count!;
    return out;
  };

  it("restarts at kubelet's back-off times, records BackOff on every sync it skips, and waits in CrashLoopBackOff", async () => {
    const pod = `crasher_default(${id})`;
    let elapsed = 0;
    const step = async (s: number) => {
      await advance(s);
      elapsed += s;
    };
    // The first run: accepted, placed, pulled and started within a few seconds; `exit 1` ends it at
    // once and, a first exit, it is restarted at once: one restart, no back-off yet.
    while ((await group()).containers![0]!.restartCount! < 1) await step(1);
    let g = await group();
    let c = g.containers![0]!;
    expect(g.status).toBe('Running');
    expect(c.previousState).toMatchObject({ state: 'Terminated', exitCode: 1, reason: 'Error' });
    let lastBackOffs = (await counts())['BackOff'] ?? 0;
    expect(lastBackOffs).toBe(1); // the second run's exit, in the first back-off
    const restarts: Array<{ backoff: number; waited: number; backOffs: number }> = [];

    for (let n = 1; elapsed < HOUR_S; n++) {
      const b = backoff(n);
      // The run that exited is the last state; it ended when it started (to the second).
      const exitAt = seconds(c.previousState!.finishTime);
      expect(c.currentState).toMatchObject({
        state: 'Waiting',
        reason: 'CrashLoopBackOff',
        message: `back-off ${goSeconds(b)} restarting failed container=app pod=${pod}`,
      });
      expect(g.status).toBe('Running');
      const before = c.restartCount!;
      // Just before the back-off ends: still waiting, not restarted.
      const now = seconds((await runClock()).now);
      await step(exitAt + b - 1 - now);
      g = await group();
      c = g.containers![0]!;
      expect(c.restartCount, `restart ${n + 1} came before its back-off of ${b} s ended`).toBe(before);
      expect(c.currentState).toMatchObject({ reason: 'CrashLoopBackOff' });
      // Then a second at a time until it restarts: within the lateness the pod worker's jitter allows.
      let waited = b - 1;
      while (c.restartCount === before) {
        await step(1);
        waited += 1;
        expect(waited, `restart ${n + 1} after a back-off of ${b} s`).toBeLessThanOrEqual(b + lateness(b) + START_S + 1);
        g = await group();
        c = g.containers![0]!;
      }
      expect(c.restartCount).toBe(before + 1);
      const started = seconds(c.previousState!.startTime);
      expect(started - exitAt, `restart ${n + 1}`).toBeGreaterThanOrEqual(b);
      expect(started - exitAt, `restart ${n + 1}`).toBeLessThanOrEqual(b + lateness(b) + START_S + 1);
      // BackOff since the last restart: this back-off's syncs (less its first, counted before) and the new exit's.
      const backOffs = (await counts())['BackOff']!;
      const inBackOff = backOffs - lastBackOffs;
      const bounds = syncBounds(b);
      expect(inBackOff, `BackOff events in a back-off of ${b} s`).toBeGreaterThanOrEqual(bounds.min);
      expect(inBackOff, `BackOff events in a back-off of ${b} s`).toBeLessThanOrEqual(bounds.max);
      restarts.push({ backoff: b, waited: started - exitAt, backOffs: inBackOff });
      lastBackOffs = backOffs;
    }

    // 0, 10, 20, 40, 80, 160 s, then 5 min each: about 15 restarts in an hour, not hundreds.
    expect(restarts.map((r) => r.backoff).slice(0, 7)).toEqual([10, 20, 40, 80, 160, 300, 300]);
    const total = await counts();
    c = (await group()).containers![0]!;
    expect(c.restartCount).toBe(restarts.length + 1);
    expect(total['Started']).toBe(c.restartCount! + 1);
    expect(total['Created']).toBe(c.restartCount! + 1);
    // kubelet records BackOff on every sync it skips: more BackOff than Started, as on a real cluster.
    expect(total['BackOff']).toBe(1 + restarts.reduce((n, r) => n + r.backOffs, 0));
    expect(total['BackOff']).toBeGreaterThan(total['Started']!);
  }, 240_000);

  it('shows the group Running · CrashLoopBackOff in the CLI, and the container in back-off in groups show', () => {
    const list = runCli(['groups', 'list'], env);
    expect(list.status).toBe(0);
    expect(list.stdout.split('\n').find((l) => l.includes(id))).toMatch(/crasher.*Running · CrashLoopBackOff/);
    const show = runCli(['groups', 'show', id], env);
    expect(show.status, show.stderr).toBe(0);
    expect(show.stdout).toContain('Status:             Running · CrashLoopBackOff');
    expect(show.stdout).toMatch(
      /State:\s+Waiting\n\s+Reason:\s+CrashLoopBackOff\n\s+Message:\s+back-off 5m0s restarting failed container=app pod=crasher_default\(eci-/,
    );
    expect(show.stdout).toMatch(/Last State:\s+Terminated\n\s+Reason:\s+Error\n(.*\n)?\s+Exit Code:\s+1\n/);
    expect(show.stdout).toMatch(/Restart Count:\s+1\d\n/);
    const missing = runCli(['groups', 'show', 'eci-nosuchgroup000'], env);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/no container group eci-nosuchgroup000/);
  });

  async function runClock(): Promise<{ now: string }> {
    const res = await signedFetch(`${server.url}/v1/clock`);
    return (await res.json()) as { now: string };
  }
});
