// The store backends every feature test loops over (Kysely's way): SQLite always, PostgreSQL
// when a server is reachable (see postgres.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventStore } from '../../src/store/index.js';
import { PostgresEventStore } from '../../src/store/postgres/store.js';
import { SqliteEventStore } from '../../src/store/sqlite/store.js';
import { writeWorkerAvailable } from '../../src/store/sqlite/write-thread.js';
import { afterEach, beforeEach } from 'vitest';
import { freshDatabase, postgresAvailable } from './postgres.js';

export interface Backend {
  name: string;
  available: boolean;
  /** A new, empty location: a SQLite file path or a PostgreSQL URL. */
  location(): Promise<{ db: string; cleanup: () => Promise<void> }>;
  open(db: string): Promise<EventStore>;
}

export const BACKENDS: Backend[] = [
  {
    name: 'sqlite',
    available: true,
    async location() {
      const dir = mkdtempSync(join(tmpdir(), 'eci-events-'));
      return { db: join(dir, 'events.db'), cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
    },
    async open(db) {
      return new SqliteEventStore(db);
    },
  },
  {
    name: 'postgres',
    available: postgresAvailable,
    async location() {
      const { url, drop } = await freshDatabase();
      return { db: url, cleanup: drop };
    },
    async open(db) {
      return PostgresEventStore.open(db);
    },
  },
];

/** The write thread's compiled entry (`npm run build`; vitest runs the sources, which have none). */
const BUILT_WRITE_WORKER = new URL('../../dist/src/store/sqlite/write-worker.js', import.meta.url);

/**
 * SQLite with its batches written on the write thread (serve --sqlite-writes thread), from the
 * built code: the storage contract holds on that path too. Every batch crosses, however small
 * (serve writes small ones in place while the thread is idle, the other backend here).
 */
export const SQLITE_WRITE_THREAD: Backend = {
  ...BACKENDS[0]!,
  name: 'sqlite (write thread)',
  available: writeWorkerAvailable(BUILT_WRITE_WORKER),
  async open(db) {
    const store = new SqliteEventStore(db, { writeThread: BUILT_WRITE_WORKER, threadMinWrites: 0 });
    if (!store.writesOffThread) throw new Error('the write thread did not start');
    return store;
  },
};

/** The backends the storage contract runs on: every backend, and SQLite's write thread. */
export const STORE_BACKENDS: Backend[] = [...BACKENDS, SQLITE_WRITE_THREAD];

/**
 * A new, empty store of the backend for each test of the calling describe block, closed and
 * removed after it: `fresh.store`, and `fresh.db` where it lives.
 */
export function freshStorePerTest(backend: Backend): { readonly store: EventStore; readonly db: string } {
  let location: { db: string; cleanup: () => Promise<void> } | undefined;
  let store: EventStore | undefined;
  beforeEach(async () => {
    location = await backend.location();
    store = await backend.open(location.db);
  });
  afterEach(async () => {
    await store?.close();
    await location?.cleanup();
    store = undefined;
    location = undefined;
  });
  return {
    get store() {
      if (!store) throw new Error('no store outside a test');
      return store;
    },
    get db() {
      if (!location) throw new Error('no store outside a test');
      return location.db;
    },
  };
}
