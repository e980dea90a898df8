// The virtual clock cannot wedge the service or poison the store (issue 11, finding 2), against a
// started `serve --clock virtual` on each backend: a year of a crash loop advances in steps that
// leave /healthz answering meanwhile, restarts back off as kubelet's do (10 s doubling to 5 min)
// and are counted exactly; an advance past the maximum, or past the clock's ceiling, is refused
// with a code that names the limit and changes nothing, and every read of the account still
// answers. --clock-start is bounded the same way.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';
import { BACKENDS } from './support/backends.js';
import { $Eci, REGION, sdkClient, startServer, type EciClient, type Server } from './support/eci-sdk.js';
import { type JsonAnswer, signedJson, TEST_KEY } from './support/signed-fetch.js';

const START = '2026-01-01T00:00:00Z';
const YEAR_S = 365 * 86_400;
/** kubelet's longest back-off: a crash loop restarts about once per 5 min (and 0.3 s to start). */
const CAP_S = 300;

const call = (server: Server, method: 'GET' | 'POST', path: string, body?: unknown) => signedJson(server.url, method, path, body);

for (const backend of BACKENDS) {
  describe.skipIf(!backend.available)(`the virtual clock on ${backend.name}`, () => {
    let server: Server;
    let sdk: EciClient;
    let cleanup: () => Promise<void>;
    let env: Record<string, string>;
    /** The crash-looping group of the first test. */
    let id = 'eci-none';

    beforeAll(async () => {
      const location = await backend.location();
      cleanup = location.cleanup;
      server = await startServer(location.db, ['--clock', 'virtual', '--clock-start', START]);
      sdk = sdkClient(server.host, 'v3');
      env = { ECI_EVENTS_ENDPOINT: server.url, ECI_EVENTS_ACCESS_KEY_ID: TEST_KEY.id, ECI_EVENTS_ACCESS_KEY_SECRET: TEST_KEY.secret };
    });
    afterAll(async () => {
      await server?.stop();
      await cleanup?.();
    });

    // The change feed is read from what is kept: after a year's advance retention has removed the
    // first events, and a reader from version 0 is rightly told it is behind (410).
    const reads = async () => {
      const statuses = await Promise.all(['/v1/events', '/v1/changes', '/v1/groups', '/v1/clock'].map(async (p) => [p, (await call(server, 'GET', p)).status]));
      const events = await sdk.describeContainerGroupEvents(
        new $Eci.DescribeContainerGroupEventsRequest({ regionId: REGION, containerGroupIds: JSON.stringify([id]) }),
      );
      return { statuses: Object.fromEntries(statuses), events: events.body.data![0]!.events! };
    };

    it('advances a year over a crash loop in steps: /healthz answers while it runs, restarts back off to 5 min, counts are exact', async () => {
      const created = await sdk.createContainerGroup(
        new $Eci.CreateContainerGroupRequest({
          regionId: REGION,
          containerGroupName: 'crashloop',
          restartPolicy: 'Always',
          container: [new $Eci.CreateContainerGroupRequestContainer({ name: 'c', image: 'busybox', command: ['sh', '-c', 'exit 1'] })],
        }),
      );
      id = created.body.containerGroupId!;

      let advanced: JsonAnswer | undefined;
      const advancing = call(server, 'POST', '/v1/clock', { advance: '365d' }).then((a) => (advanced = a));
      // Asked after the advance, answered before it: the advance yields to other requests.
      const health = await fetch(`${server.url}/healthz`);
      expect(health.status).toBe(200);
      const during = await call(server, 'GET', '/v1/clock');
      expect(advanced, 'the advance answered before /healthz and GET /v1/clock did').toBeUndefined();
      expect(during.status).toBe(200);
      expect(during.body.now >= START && during.body.now < '2027-01-01T00:00:00Z').toBe(true);

      await advancing;
      expect({ status: advanced!.status, body: advanced!.body }).toEqual({ status: 200, body: { mode: 'virtual', now: '2027-01-01T00:00:00Z', timeScale: 1 } });

      const group = (await sdk.describeContainerGroups(new $Eci.DescribeContainerGroupsRequest({ regionId: REGION, containerGroupIds: JSON.stringify([id]) })))
        .body.containerGroups![0]!;
      const restarts = group.containers![0]!.restartCount!;
      // 10, 20, 40, 80, 160 s, then 5 min each, the restart at the pod sync that comes at most half
      // a back-off's last minute late (30 s): a year is about 100,000 restarts, not millions.
      expect(restarts).toBeGreaterThan(Math.floor(YEAR_S / (CAP_S + 31)));
      expect(restarts).toBeLessThanOrEqual(Math.floor(YEAR_S / CAP_S));
      expect(group.containers![0]!.currentState).toMatchObject({ state: 'Waiting', reason: 'CrashLoopBackOff' });

      const { statuses, events } = await reads();
      expect(statuses).toEqual({ '/v1/events': 200, '/v1/changes': 200, '/v1/groups': 200, '/v1/clock': 200 });
      const count = (reason: string, message?: RegExp) =>
        events.filter((e) => e.reason === reason && (!message || message.test(e.message!))).reduce((n, e) => n + e.count!, 0);
      // Every start but the first is a restart. Every exit but the first is in back-off, and kubelet
      // records BackOff on each sync it skips: one at the exit, then one every 60 to 90 s of a 5 min back-off.
      expect(count('Started')).toBe(restarts + 1);
      expect(count('BackOff')).toBeGreaterThanOrEqual(4 * (restarts - 6));
      expect(count('BackOff')).toBeLessThanOrEqual(5 * restarts);
      expect(count('Created')).toBe(restarts + 1);
      expect(count('Pulled', /already present/)).toBe(restarts);
      // One stored event per repeat, its count the number of occurrences.
      expect(events.filter((e) => e.reason === 'BackOff')).toHaveLength(1);
      expect(events.find((e) => e.reason === 'BackOff')!.lastTimestamp! > '2026-12-31T23:50:00Z').toBe(true);
    }, 180_000); // a year of kubelet's pod syncs: some 600,000 events to record on a shared machine

    it('refuses an advance of 100000000d with a code naming the maximum; nothing moves and every read still answers', async () => {
      const before = (await call(server, 'GET', '/v1/clock')).body;
      const huge = await call(server, 'POST', '/v1/clock', { advance: '100000000d' });
      expect(huge.status).toBe(400);
      expect(huge.body.error).toMatchObject({ code: 'ClockAdvanceTooLarge', maximum: '400d' });
      expect(huge.body.error.message).toMatch(/^advance: "100000000d" moves the clock more than 400d, the most one request may/);
      const cli = runCli(['clock', 'advance', '100000000d'], env);
      expect(cli.status).toBe(2);
      expect(cli.stderr).toMatch(/400d/);
      for (const [body, message] of [
        [{ advance: '0s' }, /^advance: "0s" does not move the clock/],
        [{ advance: '-5m' }, /^advance: not a duration: "-5m"/],
        [{ advance: 'tomorrow' }, /^advance: not a duration/],
        [{ to: '2999-01-01T00:00:00Z' }, /^to: "2999-01-01T00:00:00Z" moves the clock more than 400d/],
        [{ to: 'soon' }, /^to: not an RFC 3339 time/],
      ] as const) {
        const r = await call(server, 'POST', '/v1/clock', body);
        expect([r.status, r.body.error.message], JSON.stringify(body)).toEqual([400, expect.stringMatching(message)]);
      }
      expect((await call(server, 'GET', '/v1/clock')).body).toEqual(before);
      const { statuses, events } = await reads();
      expect(statuses).toEqual({ '/v1/events': 200, '/v1/changes': 200, '/v1/groups': 200, '/v1/clock': 200 });
      expect(events.length).toBeGreaterThan(0);
    });
    it('refuses a reported time RFC 3339 cannot write (past 9999-12-31T23:59:59Z), per item, and reads still answer', async () => {
      const report = (timestamp: string) => ({ object: { name: 'late-pod', uid: id }, reason: 'StopCharge', args: [], timestamp });
      const r = await call(server, 'POST', '/v1/ingest', { reports: [report('9999-12-31T23:59:59-01:00'), report('2026-06-01T00:00:00Z')] });
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ accepted: 1, rejected: 1 });
      expect(r.body.results[0]).toEqual({
        index: 0,
        ok: false,
        error: {
          code: 'InvalidField',
          field: 'timestamp',
          message: 'timestamp must be a time from 1970-01-01T00:00:00Z to 9999-12-31T23:59:59Z, got 253402304399000000 microseconds since the epoch',
        },
      });
      const { statuses, events } = await reads();
      expect(statuses).toEqual({ '/v1/events': 200, '/v1/changes': 200, '/v1/groups': 200, '/v1/clock': 200 });
      expect(events.filter((e) => e.reason === 'StopCharge').map((e) => e.lastTimestamp)).toEqual(['2026-06-01T00:00:00Z']);
    });
  });

  describe.skipIf(!backend.available)(`the clock's ceiling on ${backend.name}`, () => {
    let server: Server;
    let cleanup: () => Promise<void>;

    beforeAll(async () => {
      const location = await backend.location();
      cleanup = location.cleanup;
      server = await startServer(location.db, ['--clock', 'virtual', '--clock-start', '9997-12-31T00:00:00Z']);
    });
    afterAll(async () => {
      await server?.stop();
      await cleanup?.();
    });

    it('goes up to 9998-01-01T00:00:00Z and no further; events there are stored and read back', async () => {
      const past = await call(server, 'POST', '/v1/clock', { advance: '2d' });
      expect(past.status).toBe(400);
      expect(past.body.error).toMatchObject({ code: 'ClockCeilingReached', ceiling: '9998-01-01T00:00:00Z' });
      expect(past.body.error.message).toMatch(/^advance: "2d" would take the clock past 9998-01-01T00:00:00Z, the furthest a virtual clock goes/);

      const sdk = sdkClient(server.host, 'v3');
      const { body } = await sdk.createContainerGroup(
        new $Eci.CreateContainerGroupRequest({
          regionId: REGION,
          containerGroupName: 'late',
          container: [new $Eci.CreateContainerGroupRequestContainer({ name: 'c', image: 'nginx' })],
        }),
      );
      expect((await call(server, 'POST', '/v1/clock', { to: '9998-01-01T00:00:00Z' })).body).toEqual({
        mode: 'virtual',
        now: '9998-01-01T00:00:00Z',
        timeScale: 1,
      });
      const events = await sdk.describeContainerGroupEvents(
        new $Eci.DescribeContainerGroupEventsRequest({ regionId: REGION, containerGroupIds: JSON.stringify([body.containerGroupId]) }),
      );
      expect(events.body.data![0]!.events!.map((e) => e.reason)).toContain('Started');
      expect(events.body.data![0]!.events!.every((e) => /^9997-12-31T00:00:0\dZ$/.test(e.lastTimestamp!))).toBe(true);
      expect((await call(server, 'POST', '/v1/clock', { advance: '1s' })).body.error.code).toBe('ClockCeilingReached');
      expect((await call(server, 'GET', '/v1/changes?after=0')).status).toBe(200);
    });
  });
}

describe('serve --clock-start', () => {
  it('refuses a start past the ceiling or before the epoch, saying which', () => {
    const late = runCli(['serve', '--port', '0', '--db', ':memory:', '--clock', 'virtual', '--clock-start', '9999-06-01T00:00:00Z']);
    expect(late.status).toBe(2);
    expect(late.stderr).toMatch(/--clock-start: 9999-06-01T00:00:00Z is out of range: a virtual clock goes no further than 9998-01-01T00:00:00Z/);
    const early = runCli(['serve', '--port', '0', '--db', ':memory:', '--clock', 'virtual', '--clock-start', '1969-12-31T23:59:59Z']);
    expect(early.status).toBe(2);
    expect(early.stderr).toMatch(/--clock-start: 1969-12-31T23:59:59Z is out of range: a virtual clock starts at 1970-01-01T00:00:00Z at the earliest/);
  });
});
