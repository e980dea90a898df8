// The emulator's leader is killed outright (SIGKILL) mid-lifecycle, with two replicas on one
// PostgreSQL database and a virtual clock: the follower takes the lease over within seconds,
// restores the emulator from the store and runs it on. Every create the leader acknowledged is
// there; a group Scheduling at the kill is placed and runs; a crash loop keeps its restart count
// and back-off; each timer fired exactly once across the two replicas (exact event counts).
import { afterAll, describe, expect, it } from 'vitest';
import { $Eci, REGION, sdkClient, startServer, until, type EciClient, type Server } from './support/eci-sdk.js';
import { create, describeGroups, view } from './support/eci-views.js';
import { freshDatabase, postgresAvailable } from './support/postgres.js';
import { signedJson } from './support/signed-fetch.js';

const START = '2026-01-01T00:00:00Z';
const FLAGS = ['--clock', 'virtual', '--clock-start', START, '--kube-port', '0', '--throttle-rate', '0', '--election-interval', '200ms'];

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

const killed = (s: Server) =>
  new Promise<void>((resolve) => {
    s.child.once('exit', () => resolve());
    s.child.kill('SIGKILL');
  });

const servers: Server[] = [];
const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const s of servers) if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL');
  for (const c of cleanups) await c();
});

/** Occurrences of each event of a group, by its name in the run (ids differ between runs). */
function countsByName(events: Record<string, string[]>, names: Record<string, string>) {
  return Object.fromEntries(
    Object.entries(events).map(([id, list]) => [
      names[id]!,
      Object.fromEntries(list.map((e) => [e.replaceAll(id, '<id>').replace(/ ×\d+$/, ''), count([e], e.split(' ')[0]!)])),
    ]),
  );
}

/** The same steps on one replica that nobody kills: what the failover run must come to. */
async function straightRun() {
  const db = await freshDatabase();
  cleanups.push(db.drop);
  const server = await startServer(db.url, FLAGS);
  servers.push(server);
  const sdk = sdkClient(server.host, 'v3');
  const advance = async (by: string) => expect((await signedJson(server.url, 'POST', '/v1/clock', { advance: by })).status).toBe(200);
  const web = await create(sdk, 'web', { restartPolicy: 'Always' });
  const crash = await create(sdk, 'crash', { restartPolicy: 'Always' }, [{ name: 'c', image: 'busybox', command: ['sh', '-c', 'echo boom; exit 3'] }]);
  await advance('95s');
  const sched = await create(sdk, 'sched', {});
  await advance('60s');
  const groups = (await describeGroups(sdk, { limit: 20 })).containerGroups!;
  const names = { [web]: 'web', [crash]: 'crash', [sched]: 'sched' } as Record<string, string>;
  const out = {
    restarts: Object.fromEntries(groups.map((g) => [names[g.containerGroupId!]!, g.containers![0]!.restartCount])),
    counts: countsByName(await allEvents(sdk, [web, crash, sched]), names),
  };
  await server.stop();
  return out;
}

describe.skipIf(!postgresAvailable)('the emulator leader killed with SIGKILL, two replicas on PostgreSQL', () => {
  it('the follower takes over within seconds; groups keep their lifecycle; every timer fires once', async () => {
    const db = await freshDatabase();
    cleanups.push(db.drop);
    const leader = await startServer(db.url, FLAGS);
    servers.push(leader);
    const follower = await startServer(db.url, FLAGS);
    servers.push(follower);
    // Everything goes through the follower, which forwards to whoever leads.
    const sdk = sdkClient(follower.host, 'v3');
    const api = (method: 'GET' | 'POST', path: string, body?: unknown) => signedJson(follower.url, method, path, body);
    const advance = async (by: string) => {
      const r = await api('POST', '/v1/clock', { advance: by });
      expect(r.status, r.text).toBe(200);
      expect(r.body.now).toBeDefined();
    };

    const web = await create(sdk, 'web', { restartPolicy: 'Always' });
    const crash = await create(sdk, 'crash', { restartPolicy: 'Always' }, [{ name: 'c', image: 'busybox', command: ['sh', '-c', 'echo boom; exit 3'] }]);
    await advance('95s');
    // Scheduling at the kill: acknowledged, not placed.
    const sched = await create(sdk, 'sched', {});
    const ids = [web, crash, sched];
    const before = {
      groups: (await describeGroups(sdk, { limit: 20 })).containerGroups,
      events: await allEvents(sdk, ids),
      clock: (await api('GET', '/v1/clock')).body,
    };
    expect(before.groups!.find((g) => g.containerGroupId === sched)!.status).toBe('Scheduling');
    // The crash loop is well under way at the kill.
    expect(before.groups!.find((g) => g.containerGroupId === crash)!.containers![0]!.restartCount).toBeGreaterThanOrEqual(3);

    const epochBefore = ((await (await fetch(`${follower.url}/healthz`)).json()) as { emulator: { epoch: number } }).emulator.epoch;
    await killed(leader);
    // The follower takes the lease (PostgreSQL released the dead session's lock) and leads.
    const health = await until(
      'the follower to lead',
      async () => {
        const h = (await (await fetch(`${follower.url}/healthz`)).json()) as { emulator: { role: string; leader: string; epoch: number } };
        return h.emulator.role === 'leader' ? h : undefined;
      },
      10_000,
      50,
    );
    expect(health.emulator).toEqual({ role: 'leader', leader: follower.url, epoch: epochBefore + 1 });

    // Everything the leader acknowledged, as it was: groups field by field, events, the clock.
    expect((await describeGroups(sdk, { limit: 20 })).containerGroups).toEqual(before.groups);
    expect(await allEvents(sdk, ids)).toEqual(before.events);
    expect((await api('GET', '/v1/clock')).body).toEqual(before.clock);
    const answered = await fetch(`${follower.url}/v1/clock`, { method: 'GET' });
    expect(answered.headers.get('x-eci-events-replica')).toBe(follower.url);

    // The lifecycle goes on from where it was, on the new leader's timers.
    await advance('60s');
    const after = await describeGroups(sdk, { limit: 20 });
    expect(Object.fromEntries(after.containerGroups!.map((g) => [g.containerGroupId!, g.status]))).toEqual({
      [web]: 'Running',
      [crash]: 'Running',
      [sched]: 'Running',
    });
    const events = await allEvents(sdk, ids);
    for (const id of ids) expect(count(events[id], 'Scheduled'), id).toBe(1);
    expect(count(events[web], 'Started')).toBe(1);
    expect(count(events[sched], 'Started')).toBe(1);
    // Every timer fired once across the two replicas: the same restarts and event counts as the
    // same steps on one replica nobody killed.
    const names = { [web]: 'web', [crash]: 'crash', [sched]: 'sched' } as Record<string, string>;
    const straight = await straightRun();
    expect(Object.fromEntries(after.containerGroups!.map((g) => [names[g.containerGroupId!]!, g.containers![0]!.restartCount]))).toEqual(straight.restarts);
    expect(countsByName(events, names)).toEqual(straight.counts);
    expect(straight.restarts['crash']).toBeGreaterThanOrEqual(4);

    // A replica started now follows the new leader and sees the same groups.
    const third = await startServer(db.url, FLAGS);
    servers.push(third);
    expect(((await (await fetch(`${third.url}/healthz`)).json()) as { emulator: { role: string; leader: string } }).emulator).toMatchObject({
      role: 'follower',
      leader: follower.url,
    });
    expect((await describeGroups(sdkClient(third.host, 'v1'), { limit: 20 })).containerGroups).toEqual(after.containerGroups);
  }, 180_000);
});
