// Tenant safety: two accounts share one `eci-events serve` (SQLite, and PostgreSQL when it
// answers). The victim ingests, calls the OpenAPI through the official SDK, watches its events
// with the Kubernetes-style API over TLS and reads the console's routes, while the attacker, an
// account with a valid key of its own, sends every hostile input of issue 11 at the same time.
// Every victim request must succeed and the victim's counts must come out exact.
import { Agent, request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signV3 } from '../src/api/core/signature.js';
import { BACKENDS } from './support/backends.js';
import { $Eci, createKeys, REGION, sdkClient, startServer, type Key, type Server } from './support/eci-sdk.js';
import { signedFetch, TEST_KEY } from './support/signed-fetch.js';

/** The victim's ingest: distinct events, each reported this many times over the run. */
const OBJECTS = 8;
const ROUNDS = 30;
/** Sockets the attacker opens from its own loopback address and never uses. */
const IDLE_SOCKETS = 300;

function victimReport(i: number, round: number) {
  return {
    object: { name: `victim-${i}`, uid: `eci-victim-${i}`, namespace: 'default' },
    reason: 'NoStock',
    args: [`zone ${i}`],
    idempotencyKey: `victim-${i}-${round}`,
  };
}

interface WatchLog {
  lines: Array<{ type: string; object: { count?: number; involvedObject?: { name?: string } } }>;
  status?: number;
  close(): void;
}

/** A Kubernetes-style watch of the account's events over TLS, as client-go opens one. */
function watchEvents(kube: { url: string; ca: string }, key: Key): Promise<WatchLog> {
  return new Promise((resolve, reject) => {
    const log: WatchLog = { lines: [], close: () => req.destroy() };
    const req = httpsRequest(`${kube.url}/api/v1/events?watch=1`, { ca: kube.ca, headers: { authorization: `Bearer ${key.id}:${key.secret}` } }, (res) => {
      log.status = res.statusCode;
      let buffer = '';
      res.setEncoding('utf8').on('data', (chunk: string) => {
        buffer += chunk;
        const parts = buffer.split('\n');
        buffer = parts.pop()!;
        for (const line of parts) if (line.trim()) log.lines.push(JSON.parse(line));
      });
      res.on('error', () => undefined);
      resolve(log);
    });
    req.on('error', (err) => (log.status === undefined ? reject(err) : undefined));
    req.end();
  });
}

/** Every hostile input of issue 11, from the attacker's own valid key; resolves with what each got. */
async function attack(server: Server, attacker: Key, victimGroup: string): Promise<{ got: Record<string, number>; loopId: string }> {
  const got: Record<string, number> = {};
  const note = (name: string, status: number) => (got[name] = status);
  const post = (path: string, body: unknown, key = attacker) => signedFetch(`${server.url}${path}`, { method: 'POST', body: JSON.stringify(body) }, key);

  // A group of its own that crash-loops for as long as the clock runs.
  const sdk = sdkClient(server.host, 'v3', attacker);
  const loop = await sdk.createContainerGroup(
    new $Eci.CreateContainerGroupRequest({
      regionId: REGION,
      containerGroupName: 'attacker-loop',
      cpu: 1,
      memory: 2,
      restartPolicy: 'Always',
      container: [new $Eci.CreateContainerGroupRequestContainer({ name: 'c', image: 'busybox', command: ['sh', '-c', 'exit 1'] })],
    }),
  );

  // The inputs that once took the whole service down, even from the operator, are refused by bound.
  note(
    'operator-world-huge',
    (await post('/v1/world', { regions: [{ id: 'cn-hangzhou', zones: [{ id: 'cn-hangzhou-k', hosts: 30_000_000 }] }] }, TEST_KEY)).status,
  );
  note('operator-clock-huge', (await post('/v1/clock', { advance: '100000000d' }, TEST_KEY)).status);

  // Control routes are the operator's.
  note('world-huge', (await post('/v1/world', { regions: [{ id: 'cn-hangzhou', zones: [{ id: 'cn-hangzhou-k', hosts: 30_000_000 }] }] })).status);
  note('world-balance', (await post('/v1/world', { accounts: [{ id: 'victim', balance: 0 }] })).status);
  note('clock', (await post('/v1/clock', { advance: '100000000d' })).status);
  note('fault', (await post('/v1/faults', { kind: 'host-failure', target: 'h-cn-hangzhou-k-1' })).status);
  note('reclaim', (await post('/v1/spot/reclaim', { zoneId: 'cn-hangzhou-k' })).status);
  const world = await signedFetch(`${server.url}/v1/world`, {}, attacker);
  note('world-read', world.status);
  got.worldShowsVictim = (await world.text()).includes(victimGroup) ? 1 : 0;
  const peek = await sdk.describeContainerGroupEvents(
    new $Eci.DescribeContainerGroupEventsRequest({ regionId: REGION, containerGroupIds: JSON.stringify([victimGroup]) }),
  );
  got.peekedEvents = (peek.body?.data ?? []).reduce((n, g) => n + (g.events?.length ?? 0), 0);

  // Strings no backend can hold, in bursts that share group commits with the victim's writes.
  await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      post('/v1/ingest', { reports: [{ object: { name: `nul\u0000${i}`, uid: `eci-att-${i}` }, reason: 'NoStock', args: ['zone\u0000k'] }] }).then((r) =>
        note(`nul-${i}`, r.status),
      ),
    ),
  );

  // A replayed request, and signatures that do not cover what they carry.
  const url = new URL(`${server.url}/v1/ingest`);
  const body = JSON.stringify({ reports: [{ object: { name: 'replayed', uid: 'eci-att-replay' }, reason: 'NoStock', args: ['zone k'] }] });
  const headers = signV3(
    { method: 'POST', host: url.host, path: url.pathname, query: {}, body, action: 'Ingest', version: '2018-08-08', contentType: 'application/json' },
    attacker.id,
    attacker.secret,
  );
  note('replay-first', (await fetch(url, { method: 'POST', headers, body })).status);
  const replayed = await fetch(url, { method: 'POST', headers, body });
  note('replay-second', replayed.status);
  got.replayRefusedAsUsedNonce = ((await replayed.json()) as { error: { code: string } }).error.code === 'SignatureNonceUsed' ? 1 : 0;
  const clockUrl = new URL(`${server.url}/v1/clock`);
  const forClock = signV3(
    { method: 'GET', host: clockUrl.host, path: clockUrl.pathname, query: {}, body: '', action: 'Ingest', version: '2018-08-08' },
    attacker.id,
    attacker.secret,
  );
  note('wrong-path', (await fetch(`${server.url}/v1/world`, { headers: forClock })).status);

  // The bearer token on the plain listener, and a flood that only the attacker's flow control sees.
  note('bearer-plain', (await fetch(`${server.url}/api/v1/events`, { headers: { authorization: `Bearer ${attacker.id}:${attacker.secret}` } })).status);
  // In waves until flow control refuses one: on a loaded machine a wave can take long enough for
  // the bucket (100/s after a burst of 200) to refill, and the server must outrun it first.
  got.floodThrottled = 0;
  for (let sent = 0; sent < 4000 && got.floodThrottled === 0; sent += 400) {
    const flood = await floodFrom('127.0.0.3', `${server.url}/v1/events?limit=1`, attacker, 400);
    got.floodThrottled = flood.filter((s) => s === 429).length;
  }
  return { got, loopId: loop.body!.containerGroupId! };
}

/**
 * `count` signed GETs from the attacker's own loopback address, 32 at a time on kept-alive
 * connections (under the per-address cap, so flow control is what answers them); their statuses.
 */
async function floodFrom(localAddress: string, url: string, key: Key, count: number): Promise<number[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: 32, localAddress });
  const u = new URL(url);
  const one = () =>
    new Promise<number>((resolve, reject) => {
      const headers = signV3(
        { method: 'GET', host: u.host, path: u.pathname, query: Object.fromEntries(u.searchParams), body: '', action: 'Ingest', version: '2018-08-08' },
        key.id,
        key.secret,
      );
      const req = httpRequest(u, { agent, headers }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode!));
      });
      req.on('error', reject);
      req.end();
    });
  try {
    return await Promise.all(Array.from({ length: count }, one));
  } finally {
    agent.destroy();
  }
}

/** What the sockets not closed yet were doing, for a failure's message. */
function openSockets(sockets: Socket[]) {
  return sockets
    .filter((s) => !s.closed)
    .map((s) => ({ port: s.localPort, state: s.readyState, connecting: s.connecting, read: s.bytesRead, ended: s.readableEnded }));
}

/** Sockets from 127.0.0.2 that never send a byte; resolves once they are all opened or refused. */
async function idleSockets(port: number): Promise<Socket[]> {
  const sockets = await Promise.all(
    Array.from(
      { length: IDLE_SOCKETS },
      () =>
        new Promise<Socket>((resolve) => {
          const s = connect({ host: '127.0.0.1', port, localAddress: '127.0.0.2' });
          s.on('error', () => undefined);
          // Reads what the server may send before it closes (Node's 408 for a request not begun in
          // time, when its check comes before the silent socket's own timeout): left unread, those
          // bytes would hold back 'end', and the socket would look open though the server closed it.
          s.resume();
          s.once('connect', () => resolve(s));
          s.once('close', () => resolve(s));
        }),
    ),
  );
  return sockets;
}

for (const backend of BACKENDS) {
  describe.skipIf(!backend.available)(`two tenants on one service (${backend.name})`, () => {
    let location: { db: string; cleanup: () => Promise<void> };
    let server: Server;
    let victim: Key;
    let attacker: Key;
    let kube: { url: string; ca: string };

    beforeAll(async () => {
      location = await backend.location();
      // The keys' tables exist once a service has opened the database; the service is the operator's (default account).
      // Retention longer than the month the clock is moved, so the victim's counts are all kept.
      server = await startServer(location.db, [
        '--kube-port',
        '0',
        '--clock',
        'virtual',
        '--retention',
        '60d',
        '--max-connections-per-address',
        '64',
        '--headers-timeout',
        '2s',
      ]);
      ({ victim, attacker } = await createKeys(location.db, ['victim', 'attacker'] as const));
      const endpoint = await (await signedFetch(`${server.url}/v1/kube`, {}, victim)).json();
      kube = { url: endpoint.server, ca: endpoint.certificateAuthority };
    });

    afterAll(async () => {
      await server?.stop();
      await location?.cleanup();
    });

    it('keeps every victim request answered and its counts exact while the attacker tries everything', async () => {
      const sdk = sdkClient(server.host, 'v3', victim);
      const watch = await watchEvents(kube, victim);
      expect(watch.status).toBe(200);

      const created = await sdk.createContainerGroup(
        new $Eci.CreateContainerGroupRequest({
          regionId: REGION,
          containerGroupName: 'victim-web',
          cpu: 1,
          memory: 2,
          container: [new $Eci.CreateContainerGroupRequestContainer({ name: 'web', image: 'nginx:1.27', command: ['sleep', 'infinity'] })],
        }),
      );
      const groupId = created.body!.containerGroupId!;

      const idle = await idleSockets(Number(new URL(server.url).port));
      const hostile = attack(server, attacker, groupId);

      // The victim's own work, while the attack runs.
      const statuses: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        const batch = Array.from({ length: OBJECTS }, (_, i) => victimReport(i, round));
        const answers = await Promise.all([
          signedFetch(`${server.url}/v1/ingest`, { method: 'POST', body: JSON.stringify({ reports: batch }) }, victim),
          signedFetch(`${server.url}/v1/events?limit=5`, {}, victim),
          sdk
            .describeContainerGroupEvents(
              new $Eci.DescribeContainerGroupEventsRequest({ regionId: REGION, containerGroupIds: JSON.stringify([groupId, 'eci-victim-0']) }),
            )
            .then(
              () => 200,
              (e: { statusCode?: number }) => e.statusCode ?? 0,
            ),
        ]);
        for (const a of answers) statuses.push(typeof a === 'number' ? a : a.status);
      }
      const { got, loopId } = await hostile;
      // The operator moves the clock a month: the victim's group starts, the attacker's loops
      // thousands of times, and the victim's reads answer meanwhile.
      const advance = signedFetch(`${server.url}/v1/clock`, { method: 'POST', body: JSON.stringify({ advance: '30d' }) });
      statuses.push((await signedFetch(`${server.url}/v1/events?limit=5`, {}, victim)).status);
      expect((await advance).status).toBe(200);
      // The month really ran: the attacker's container restarted thousands of times (kubelet's
      // back-off caps at 5 minutes), each counted into its one BackOff event.
      const loopEvents = await sdkClient(server.host, 'v3', attacker).describeContainerGroupEvents(
        new $Eci.DescribeContainerGroupEventsRequest({ regionId: REGION, containerGroupIds: JSON.stringify([loopId]) }),
      );
      const backOff = loopEvents.body!.data![0]!.events!.filter((e) => e.reason === 'BackOff').reduce((n, e) => n + (e.count ?? 0), 0);
      expect(backOff).toBeGreaterThan(8000);
      // Past the cap, the attacker's silent sockets were closed at once; the rest within the headers timeout.
      // CI twice found some of them "open" after the wait, each having read Node's 408 and no more:
      // those were closed, the unread answer hid it (the sockets now read it). Says what any open
      // one was doing.
      for (const deadline = Date.now() + 30_000; openSockets(idle).length && Date.now() < deadline;) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(openSockets(idle)).toEqual([]);
      for (const s of idle) s.destroy();

      expect(statuses.filter((s) => s !== 200)).toEqual([]);

      // The attacker got a refusal for each hostile input.
      for (const name of ['world-huge', 'world-balance', 'clock', 'fault', 'reclaim']) expect(got[name], name).toBe(403);
      expect(got['operator-world-huge']).toBe(400);
      expect(got['operator-clock-huge']).toBe(400);
      expect(got['world-read']).toBe(200);
      expect(got.worldShowsVictim).toBe(0);
      expect(got.peekedEvents).toBe(0);
      // A NUL is refused per item, never a 500 (which once failed everybody's group commit).
      expect(Object.entries(got).filter(([k, v]) => k.startsWith('nul-') && v >= 500)).toEqual([]);
      expect(got['replay-first']).toBe(200);
      // Credential refusals have the OpenAPI's statuses on /v1 too (one status per code).
      expect(got['replay-second']).toBe(400);
      expect(got.replayRefusedAsUsedNonce).toBe(1);
      expect(got['wrong-path']).toBe(400);
      expect(got['bearer-plain']).toBe(403);
      expect(got.floodThrottled).toBeGreaterThan(0);

      // The victim's counts are exact, by the JSON API and by the SDK.
      const events = (await (await signedFetch(`${server.url}/v1/events?limit=500`, {}, victim)).json()) as {
        items: Array<{ involvedObject: { name: string }; reason: string; count: number }>;
      };
      for (let i = 0; i < OBJECTS; i++) {
        const e = events.items.filter((x) => x.involvedObject.name === `victim-${i}`);
        expect(e.map((x) => [x.reason, x.count])).toEqual([['NoStock', ROUNDS]]);
      }
      expect(events.items.some((x) => x.involvedObject.name.startsWith('nul') || x.involvedObject.name === 'replayed')).toBe(false);
      const described = await sdk.describeContainerGroupEvents(
        new $Eci.DescribeContainerGroupEventsRequest({ regionId: REGION, containerGroupIds: JSON.stringify([groupId]) }),
      );
      const reasons = described.body!.data![0]!.events!.map((e) => `${e.reason}:${e.count}`);
      for (const r of ['Scheduled:1', 'Pulling:1', 'Pulled:1', 'Created:1', 'Started:1']) expect(reasons).toContain(r);

      // The console's routes for the victim: its session sees its group and nothing of the attacker's.
      const signIn = await fetch(`${server.url}/v1/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ accessKeyId: victim.id, accessKeySecret: victim.secret }),
      });
      expect(signIn.status).toBe(200);
      const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
      const groups = await fetch(`${server.url}/v1/groups`, { headers: { cookie } });
      expect(groups.status).toBe(200);
      const listed = await groups.text();
      expect(listed).toContain(groupId);
      expect(listed).not.toContain('eci-att-');

      // The watch heard every one of the victim's reports and none of the attacker's.
      await expect.poll(() => watch.lines.filter((l) => l.object.involvedObject?.name === 'victim-0').at(-1)?.object.count, { timeout: 30_000 }).toBe(ROUNDS);
      expect(watch.lines.some((l) => (l.object.involvedObject?.name ?? '').startsWith('nul'))).toBe(false);
      watch.close();
    }, 180_000);
  });
}
