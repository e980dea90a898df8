// The write-ahead log is checkpointed every WAL_AUTOCHECKPOINT_PAGES (64 MiB), not at SQLite's
// default of 1,000 pages (4 MiB): batches that rewrite the same index pages are copied into the
// file once per 64 MiB of log, not once per batch; after a checkpoint the log is cut back to 64 MiB.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventWrite } from '../../../test/support/event-write.js';
import { SqliteEventStore, THREAD_MIN_WRITES, WAL_AUTOCHECKPOINT_PAGES, WAL_SIZE_LIMIT } from './store.js';

const T0 = Date.UTC(2026, 0, 1) * 1000;
const MiB = 1024 * 1024;
const BUILT_WRITE_WORKER = new URL('../../../dist/src/store/sqlite/write-worker.js', import.meta.url);
const DIES = new URL('../../../test/fixtures/write-thread/dies.mjs', import.meta.url);

describe('SQLite checkpoints', () => {
  let dir: string;
  let file: string;
  let store: SqliteEventStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'eci-events-wal-'));
    file = join(dir, 'events.db');
    store = new SqliteEventStore(file);
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lets the log grow past 4 MiB before copying it into the file', async () => {
    const text = 'x'.repeat(2000);
    for (let b = 0; b < 6; b++) {
      const batch = Array.from({ length: 1000 }, (_, i) => eventWrite(`k${b}-${i}`, T0 + b * 1000 + i, { message: `${text} ${b}-${i}` }));
      await store.record(batch);
    }
    // About 12 MiB of pages were written in six commits; a checkpoint at 4 MiB would have reset
    // the log to its start and overwritten it from there, leaving it near one commit's size.
    const wal = statSync(`${file}-wal`).size;
    expect(wal).toBeGreaterThan(8 * MiB);
    expect(statSync(file).size).toBeLessThan(4 * MiB);
    expect((await store.list({ limit: 10 })).length).toBe(10);
  });

  it('cuts the log back to its limit after a transaction larger than the limit', async () => {
    const text = 'y'.repeat(4000);
    // One batch of about 80 MiB of pages: the log grows past 64 MiB, and the commit checkpoints it.
    const big = Array.from({ length: 18_000 }, (_, i) => eventWrite(`big-${i}`, T0 + i, { message: `${text} ${i}` }));
    await store.record(big);
    expect(statSync(`${file}-wal`).size).toBeGreaterThan(WAL_SIZE_LIMIT);
    // The next transaction starts the log again from its beginning and truncates the file.
    await store.record([eventWrite('after', T0 + 20_000)]);
    expect(statSync(`${file}-wal`).size).toBeLessThanOrEqual(WAL_SIZE_LIMIT);
    expect((await store.list({ limit: 1 }))[0]!.name).toBe('ev-after');
  });
});

describe('SQLite checkpoints with the write thread', () => {
  let dir: string;
  let file: string;
  let store: SqliteEventStore;
  let status: Database.Statement;
  let reader: Database.Database;
  const open = (writeThread: URL) => {
    store = new SqliteEventStore(file, { writeThread });
    reader = new Database(file);
    // The log's frames and how many are in the file, as every connection to it sees them.
    status = reader.prepare('PRAGMA wal_checkpoint(NOOP)');
  };
  /** Commits batches of `size` 4 KB events until the log holds WAL_AUTOCHECKPOINT_PAGES frames; the last batch's number. */
  const fillLog = async (size: number): Promise<number> => {
    const text = 'z'.repeat(4000);
    for (let b = 0; ; b++) {
      await store.record(Array.from({ length: size }, (_, i) => eventWrite(`s${b}-${i}`, T0 + b * 1000 + i, { message: `${text} ${b}-${i}` })));
      if ((status.get() as { log: number }).log >= WAL_AUTOCHECKPOINT_PAGES) return b;
    }
  };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'eci-events-wal-thread-'));
    file = join(dir, 'events.db');
  });
  afterEach(async () => {
    reader.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('copies the log on the thread, never in a commit on the request thread', async () => {
    open(BUILT_WRITE_WORKER);
    expect(store.writesOffThread).toBe(true);
    // Batches under THREAD_MIN_WRITES commit in place.
    const last = await fillLog(THREAD_MIN_WRITES - 1);
    let now = status.get() as { log: number; checkpointed: number };
    // The commit that passed the size copied nothing: the thread was asked to, and does so apart.
    expect(now.checkpointed).toBeLessThan(now.log);
    for (let waited = 0; now.checkpointed < now.log && waited < 10_000; waited += 20) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      now = status.get() as { log: number; checkpointed: number };
    }
    expect(now.checkpointed).toBe(now.log);
    expect((await store.list({ limit: 1 }))[0]!.name).toBe(`ev-s${last}-${THREAD_MIN_WRITES - 2}`);
  });

  it('copies the log in place once the thread has died', async () => {
    open(DIES);
    // A batch large enough to cross to the thread, which dies on it.
    const crossing = Array.from({ length: THREAD_MIN_WRITES }, (_, i) => eventWrite(`lost-${i}`, T0 + i));
    await expect(store.record(crossing)).rejects.toThrow(/the SQLite write thread exited/);
    expect(store.writesOffThread).toBe(false);
    await fillLog(THREAD_MIN_WRITES);
    const now = status.get() as { log: number; checkpointed: number };
    expect(now.checkpointed).toBe(now.log);
  });
});
