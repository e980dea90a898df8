// The emulator's leader lease: one holder at a time on PostgreSQL, taken over when the holder's
// connection ends, fenced by epoch; on SQLite, one serving process per database file.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, postgresAvailable } from '../../test/support/postgres.js';
import { LeaseHeldError, type Advertisement, type LeaderRecord } from './emulator-lease.js';
import { Leadership, type Role } from './leadership.js';
import { LEADER_LOCK, PostgresEmulatorLease } from './postgres/lease.js';
import { PostgresEventStore } from './postgres/store.js';
import { SqliteEmulatorLease } from './sqlite/lease.js';

const A: Advertisement = { replica: 'http://10.0.0.1:8080', apiUrl: 'http://10.0.0.1:8080', kubeUrl: 'https://10.0.0.1:6443', kubeFingerprint: 'AB:CD' };
const B: Advertisement = { replica: 'http://10.0.0.2:8080', apiUrl: 'http://10.0.0.2:8080' };

describe.skipIf(!postgresAvailable)('PostgreSQL emulator lease', () => {
  let db: { url: string; drop: () => Promise<void> };
  const open: PostgresEmulatorLease[] = [];
  const lease = () => {
    const l = PostgresEmulatorLease.open(db.url);
    open.push(l);
    return l;
  };

  beforeAll(async () => {
    db = await freshDatabase();
    // The store's migrations make the lease's table.
    await (await PostgresEventStore.open(db.url)).close();
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((l) => l.close()));
  });
  afterAll(async () => db.drop());

  /** Runs the fence of `epoch` in a transaction, as a turn commit does; true when it let the commit through. */
  async function fencePasses(l: PostgresEmulatorLease, epoch: number): Promise<boolean> {
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    try {
      await c.query('BEGIN');
      const fence = l.fence(epoch);
      const passed = (await c.query(fence.sql, [...fence.params])).rowCount === 1;
      await c.query('ROLLBACK');
      return passed;
    } finally {
      await c.end();
    }
  }

  it('has one holder at a time; the other learns who leads; a closed holder is taken over under a new epoch', async () => {
    const a = lease();
    const b = lease();
    const first = (await a.tryAcquire(A))!;
    expect(first).toMatchObject({ ...A, epoch: first.epoch });
    expect(await b.tryAcquire(B)).toBeUndefined();
    expect(await b.current()).toEqual(first);
    expect(await a.stillHeld()).toBe(true);
    // Asking again while holding changes nothing.
    expect((await a.tryAcquire(A))!.epoch).toBe(first.epoch);

    await a.close();
    const second = (await b.tryAcquire(B))!;
    expect(second).toMatchObject({ ...B, epoch: first.epoch + 1 });
    expect(second.kubeUrl).toBeUndefined();
    expect(await lease().current()).toEqual(second);
  });

  it('is lost when its connection ends (as at kill -9), and a follower takes it over at once', async () => {
    const a = lease();
    const b = lease();
    const held = (await a.tryAcquire(A))!;
    const admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    try {
      // The session holding the advisory lock, ended by the server: what a killed process leaves.
      // Advisory locks are per database: other test files' replicas hold the same key in theirs.
      const { rowCount } = await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_locks
         WHERE locktype = 'advisory' AND objid = $1 AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
        [LEADER_LOCK],
      );
      expect(rowCount).toBe(1);
    } finally {
      await admin.end();
    }
    const taken = (await b.tryAcquire(B))!;
    expect(taken.epoch).toBe(held.epoch + 1);
    expect(await a.stillHeld()).toBe(false);
    // It may try again like any follower: the lease is held.
    expect(await a.tryAcquire(A)).toBeUndefined();
  });

  it("fences a deposed leader's turn commits: only the published epoch passes", async () => {
    const a = lease();
    const b = lease();
    const old = (await a.tryAcquire(A))!;
    expect(await fencePasses(a, old.epoch)).toBe(true);
    await a.release();
    const now = (await b.tryAcquire(B))!;
    expect(await fencePasses(a, old.epoch)).toBe(false);
    expect(await fencePasses(b, now.epoch)).toBe(true);
  });

  it('makes the taking-over wait for a turn committing under the old epoch', async () => {
    const a = lease();
    const b = lease();
    const old = (await a.tryAcquire(A))!;
    const turn = new pg.Client({ connectionString: db.url });
    const watcher = new pg.Client({ connectionString: db.url });
    await turn.connect();
    await watcher.connect();
    try {
      await turn.query('BEGIN');
      const fence = a.fence(old.epoch);
      expect((await turn.query(fence.sql, [...fence.params])).rowCount).toBe(1);
      await a.release();
      let taken: LeaderRecord | undefined;
      const taking = b.tryAcquire(B).then((r) => (taken = r));
      // The epoch bump waits for the turn's row lock (seen in pg_stat_activity, read outside the
      // turn, whose transaction would keep one snapshot of it); it lands only after the turn commits.
      for (;;) {
        const { rows } = await watcher.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
        );
        if (rows[0]!.n > 0) break;
        await new Promise((r) => setTimeout(r, 10));
      }
      expect(taken).toBeUndefined();
      await turn.query('COMMIT');
      await taking;
      expect(taken!.epoch).toBe(old.epoch + 1);
    } finally {
      await turn.end();
      await watcher.end();
    }
  });

  it('elects through Leadership: the follower takes over when the leader stops, calling lead and depose', async () => {
    const calls: string[] = [];
    const hooks = (name: string) => ({
      lead: async (r: LeaderRecord) => void calls.push(`${name} leads ${r.epoch}`),
      depose: async () => void calls.push(`${name} deposed`),
      onError: (err: unknown) => calls.push(`${name} error ${String(err)}`),
    });
    const la = new Leadership(lease(), A, hooks('a'), 50);
    const lb = new Leadership(lease(), B, hooks('b'), 50);
    await la.start();
    await lb.start();
    const ra = la.role() as Extract<Role, { kind: 'leader' }>;
    expect(ra.kind).toBe('leader');
    expect(lb.role()).toEqual({ kind: 'follower', leader: ra.record });
    await la.stop();
    // 30 s: reached only on a real failure, even on a loaded machine.
    for (const deadline = Date.now() + 30_000; lb.role().kind !== 'leader' && Date.now() < deadline;) await new Promise((r) => setTimeout(r, 20));
    const rb = lb.role() as Extract<Role, { kind: 'leader' }>;
    expect(rb.kind).toBe('leader');
    expect(rb.record.epoch).toBe(ra.record.epoch + 1);
    expect(calls).toEqual([`a leads ${ra.record.epoch}`, 'a deposed', `b leads ${rb.record.epoch}`]);
    await lb.stop();
  });

  it('a leader that cannot bring the emulator up gives the lease up', async () => {
    const failing = new Leadership(
      lease(),
      A,
      { lead: async () => Promise.reject(new Error('restore failed')), depose: async () => undefined, onError: () => undefined },
      50,
    );
    await expect(failing.start()).rejects.toThrow('restore failed');
    const other = lease();
    expect(await other.tryAcquire(B)).toBeDefined();
    await failing.stop();
  });
});

describe('SQLite serving lock', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('refuses a second serve on the same database file, naming it, and allows one after the first ends', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eci-lease-'));
    dirs.push(dir);
    const db = join(dir, 'events.db');
    const first = SqliteEmulatorLease.open(db);
    expect(statSync(`${db}-lock`).mode & 0o777).toBe(0o600);
    expect(() => SqliteEmulatorLease.open(db)).toThrow(LeaseHeldError);
    expect(() => SqliteEmulatorLease.open(db)).toThrow(`another eci-events serve is serving ${db}`);
    // One process leads from the start, under one epoch, and fences nothing.
    expect(first.shared).toBe(false);
    expect(await first.tryAcquire(A)).toMatchObject({ ...A, epoch: 1 });
    expect(first.fence()).toBeUndefined();
    await first.close();
    const again = SqliteEmulatorLease.open(db);
    await again.close();
  });

  it('takes no lock for an in-memory database', async () => {
    const a = SqliteEmulatorLease.open(':memory:');
    const b = SqliteEmulatorLease.open(':memory:');
    expect(await b.tryAcquire(B)).toMatchObject({ epoch: 1 });
    await a.close();
    await b.close();
  });
});
