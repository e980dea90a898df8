// Two `serve` replicas on one PostgreSQL database and a virtual clock: what a follower serves
// itself follows the leader. Its virtual clock follows the stored one (an ingest without a
// timestamp is stamped at the leader's time, not at the time the follower started); and a pod
// watch opened on the leader ends once that replica is deposed (its emulator stops), as the API
// server ends a watch it cannot serve, so that the client lists again where the emulator runs.
import type { IncomingMessage } from 'node:http';
import { request } from 'node:https';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LEADER_LOCK } from '../src/store/postgres/lease.js';
import { create } from './support/eci-views.js';
import { sdkClient, startServer, until, type Server } from './support/eci-sdk.js';
import { freshDatabase, postgresAvailable } from './support/postgres.js';
import { signedJson, TEST_KEY } from './support/signed-fetch.js';

const START = '2026-01-01T00:00:00Z';
const FLAGS = ['--clock', 'virtual', '--clock-start', START, '--kube-port', '0', '--throttle-rate', '0', '--election-interval', '200ms'];
const REPLICA = 'x-eci-events-replica';

interface Health {
  emulator: { role: string; leader?: string };
}

const health = async (s: Server) => (await (await fetch(`${s.url}/healthz`)).json()) as Health;

/** A streamed GET on a replica's Kubernetes-style listener: the answer as it comes, and whether it ended. */
async function kubeStream(s: Server, path: string) {
  const kube = await signedJson(s.url, 'GET', '/v1/kube');
  expect(kube.status, kube.text).toBe(200);
  const { server, certificateAuthority } = kube.body as { server: string; certificateAuthority: string };
  return new Promise<{ res: IncomingMessage; text: () => string; ended: () => boolean; stop: () => void }>((resolve, reject) => {
    const req = request(`${server}${path}`, { ca: certificateAuthority, headers: { authorization: `Bearer ${TEST_KEY.id}:${TEST_KEY.secret}` } }, (res) => {
      let text = '';
      let ended = false;
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => (ended = true));
      res.on('error', () => (ended = true));
      resolve({ res, text: () => text, ended: () => ended, stop: () => req.destroy() });
    });
    req.on('error', reject);
    req.end();
  });
}

describe.skipIf(!postgresAvailable)('a follower keeps up with the leader (two replicas, PostgreSQL, virtual clock)', () => {
  let db: { url: string; drop: () => Promise<void> };
  let leader: Server;
  let follower: Server;

  beforeAll(async () => {
    db = await freshDatabase();
    leader = await startServer(db.url, FLAGS);
    follower = await startServer(db.url, FLAGS);
    expect((await health(follower)).emulator.role).toBe('follower');
  });

  afterAll(async () => {
    await follower?.stop();
    await leader?.stop();
    await db?.drop();
  });

  it("follows the leader's virtual clock: the follower stamps what it ingests at the leader's time", async () => {
    const advanced = await signedJson(follower.url, 'POST', '/v1/clock', { advance: '2h' });
    expect(advanced.status, advanced.text).toBe(200);
    // Moved by the leader (the follower forwarded the advance): the follower's own clock catches up on an election round.
    expect(Date.parse(advanced.body.now as string)).toBe(Date.parse('2026-01-01T02:00:00Z'));
    const stamped = await until("the follower to stamp at the leader's time", async () => {
      const r = await signedJson(follower.url, 'POST', '/v1/ingest?answer=event', {
        reports: [{ object: { name: 'follower-pod', uid: 'eci-follower' }, reason: 'NoStock', args: ['cn-hangzhou-k'] }],
      });
      expect(r.status, r.text).toBe(200);
      const at = r.body.results[0].event.lastTimestamp as string;
      return Date.parse(at) >= Date.parse('2026-01-01T02:00:00Z') ? at : undefined;
    });
    expect(Date.parse(stamped)).toBe(Date.parse('2026-01-01T02:00:00Z'));
  });

  it('ends a pod watch opened on the leader once it is deposed; a new watch there lands on the one that leads', async () => {
    await create(sdkClient(leader.host, 'v3'), 'watched');
    const watch = await kubeStream(leader, '/api/v1/namespaces/default/pods?watch=true');
    expect(watch.res.statusCode).toBe(200);
    expect(watch.res.headers[REPLICA]).toBe(leader.url);
    await until('the watch to replay the pod', async () => (watch.text().includes('"ADDED"') ? true : undefined));

    // The leader's lock connection ends (as in a network partition): it is deposed on its next round.
    const admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    try {
      const killed = await admin.query(
        `SELECT pg_terminate_backend(pid) AS done FROM pg_locks
         WHERE locktype = 'advisory' AND classid = 0 AND objid = $1 AND objsubid = 1 AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
        [LEADER_LOCK],
      );
      expect(killed.rows).toEqual([{ done: true }]);
    } finally {
      await admin.end();
    }
    await until('the watch on the deposed leader to end', async () => (watch.ended() ? true : undefined));
    watch.stop();

    // Whoever leads now (the other replica, or this one again after a new election), a watch through
    // the old leader is served by it, and replays the pod.
    const now = await until('a leader', async () => {
      const h = await health(leader);
      return h.emulator.role === 'leader' || h.emulator.role === 'follower' ? h.emulator.leader : undefined;
    });
    const again = await kubeStream(leader, '/api/v1/namespaces/default/pods?watch=true');
    try {
      expect(again.res.statusCode).toBe(200);
      expect(again.res.headers[REPLICA]).toBe(now);
      await until('the new watch to replay the pod', async () => (again.text().includes('"ADDED"') ? true : undefined));
    } finally {
      again.stop();
    }
  });
});
