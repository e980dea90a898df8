// The store takes two record() calls at once (writeDepth 2) and sends both on its one pipelined
// write connection, so that one process's batches commit in the order they were handed over, as
// the recorder expects of a store with writeDepth above 1 (event-store.ts).
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventWrite } from '../../../test/support/event-write.js';
import { freshDatabase, postgresAvailable } from '../../../test/support/postgres.js';
import { PostgresEventStore } from './store.js';

/** The write lock ecie_record() takes (record-function.ts). */
const WRITE_LOCK = 1701013861;
const T0 = Date.UTC(2026, 0, 1) * 1000;

describe.skipIf(!postgresAvailable)('postgres: record() calls in flight', () => {
  let db: { url: string; drop: () => Promise<void> };
  let store: PostgresEventStore;
  let holder: pg.Client;

  beforeEach(async () => {
    db = await freshDatabase();
    store = await PostgresEventStore.open(db.url);
    holder = new pg.Client({ connectionString: db.url });
    await holder.connect();
  });

  afterEach(async () => {
    await holder.end().catch(() => undefined);
    await store.close();
    await db.drop();
  });

  /** Backends of this database waiting for a lock (the write lock, while the holder has it). */
  const waiting = async (): Promise<number> =>
    Number(
      (await holder.query<{ n: string }>("SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'")).rows[0]!
        .n,
    );

  const until = async (check: () => Promise<boolean>): Promise<void> => {
    for (let i = 0; i < 200 && !(await check()); i++) await new Promise((r) => setTimeout(r, 25));
  };

  it('says it takes two, and the server runs the second only after the first, on one connection', async () => {
    expect(store.writeDepth).toBe(2);
    await holder.query('SELECT pg_advisory_lock($1)', [WRITE_LOCK]);
    const first = store.record([eventWrite('a', T0)]);
    const second = store.record([eventWrite('b', T0)]);
    await until(async () => (await waiting()) >= 1);
    // Sent on two connections, the second would wait for the lock beside the first within milliseconds.
    await new Promise((r) => setTimeout(r, 300));
    expect(await waiting()).toBe(1);
    await holder.query('SELECT pg_advisory_unlock($1)', [WRITE_LOCK]);
    const [[a], [b]] = await Promise.all([first, second]);
    expect(b!.resourceVersion).toBeGreaterThan(a!.resourceVersion);
  });

  it('sends the next call after one the database refuses, which stores nothing', async () => {
    const refused = store.record([eventWrite('bad', T0, { reason: null as unknown as string })]);
    const next = store.record([eventWrite('good', T0)]);
    await expect(refused).rejects.toThrow(/reason/);
    const [good] = await next;
    expect(good).toMatchObject({ name: 'ev-good', count: 1 });
    expect((await store.list({})).map((e) => e.name)).toEqual(['ev-good']);
  });

  it('opens another write connection once the one it had is ended', async () => {
    await store.record([eventWrite('before', T0)]);
    const ended = await holder.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'eci-events writes'",
    );
    expect(ended.rowCount).toBe(1);
    // The server's notice of the end reaches the connection at once; the next batch finds it gone.
    await new Promise((r) => setTimeout(r, 200));
    const [after] = await store.record([eventWrite('after', T0)]);
    expect(after).toMatchObject({ name: 'ev-after', count: 1 });
    expect((await store.list({})).map((e) => e.name).sort()).toEqual(['ev-after', 'ev-before']);
  });
});
