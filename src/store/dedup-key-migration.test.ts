// The migration to integer dedup keys (issue 15), on a database left at the schema before it with
// rows in it: every event and idempotency key is kept, and the keys computed before and after
// name the same events, so that a repeat still counts towards its stored row.
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BACKENDS } from '../../test/support/backends.js';
import { eventWrite } from '../../test/support/event-write.js';
import type { Micros } from '../model/event.js';
import type { EventStore } from './event-store.js';
import { MIGRATIONS as PG_MIGRATIONS } from './postgres/migrations.js';
import { MIGRATIONS as SQLITE_MIGRATIONS } from './sqlite/migrations.js';

const T0: Micros = Date.UTC(2026, 0, 1) * 1000;
/** Where the migration to integer keys is in each list: later ones follow it. */
const SQLITE_KEY_MIGRATION = SQLITE_MIGRATIONS.findIndex((sql) => sql.includes('eci_key64_of_hash'));
const PG_KEY_MIGRATION = PG_MIGRATIONS.findIndex((sql) => sql.includes('ADD COLUMN dedup_key'));
/** How the schema before the migration hashed a dedup key. */
const oldHash = (key: string): string => createHash('sha256').update(key).digest('base64url');

const COLUMNS = `dedup_hash, account, name, namespace, uid, version, container_group_id, obj_api_version, obj_kind, obj_name,
  obj_namespace, obj_uid, obj_field_path, reason, message, type, count, first_ts, last_ts, source_component, source_host,
  reporting_component, reporting_instance, created_version`;

/** Two events as the previous schema stored them. */
function oldRows(): unknown[][] {
  return ['k-1', 'k-2'].map((key, i) => {
    const w = eventWrite(key, T0 + i);
    return [
      oldHash(key),
      w.account,
      w.name,
      w.namespace,
      w.uid,
      7 + i,
      w.containerGroupId,
      'v1',
      'Pod',
      'cg-1',
      'default',
      'eci-1',
      '',
      w.reason,
      w.message,
      w.type,
      3 + i,
      T0 + i,
      T0 + i,
      'EciService',
      '',
      'EciService',
      '',
      5 + i,
    ];
  });
}

const atPreviousSchema: Record<string, (db: string) => Promise<void>> = {
  async sqlite(file) {
    const db = new Database(file);
    db.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)');
    SQLITE_MIGRATIONS.slice(0, SQLITE_KEY_MIGRATION).forEach((sql, i) => {
      db.exec(sql);
      db.prepare('INSERT INTO schema_migrations VALUES (?, 0)').run(i + 1);
    });
    const insert = db.prepare(
      `INSERT INTO events (${COLUMNS}) VALUES (${COLUMNS.split(',')
        .map(() => '?')
        .join(', ')})`,
    );
    for (const row of oldRows()) insert.run(row);
    db.prepare(`UPDATE counters SET value = 8 WHERE name = 'version'`).run();
    db.prepare(`INSERT INTO idempotency_keys VALUES ('acct-1', 'idem-1', ?, ?)`).run(oldHash('k-1'), Date.now());
    db.close();
  },
  async postgres(url) {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      await c.query('CREATE TABLE schema_migrations (version INT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())');
      for (const [i, sql] of PG_MIGRATIONS.slice(0, PG_KEY_MIGRATION).entries()) {
        await c.query(sql);
        await c.query('INSERT INTO schema_migrations (version) VALUES ($1)', [i + 1]);
      }
      for (const row of oldRows()) {
        await c.query(`INSERT INTO events (${COLUMNS}) VALUES (${row.map((_, i) => `$${i + 1}`).join(', ')})`, row);
      }
      await c.query(`SELECT setval('event_version_seq', 8)`);
      await c.query(`INSERT INTO idempotency_keys VALUES ('acct-1', 'idem-1', $1, $2)`, [oldHash('k-1'), Date.now()]);
    } finally {
      await c.end();
    }
  },
};

for (const backend of BACKENDS) {
  describe.skipIf(!backend.available)(`migrating to integer dedup keys: ${backend.name}`, () => {
    let location: { db: string; cleanup: () => Promise<void> };
    let store: EventStore | undefined;

    beforeEach(async () => {
      location = await backend.location();
      await atPreviousSchema[backend.name]!(location.db);
    });
    afterEach(async () => {
      await store?.close();
      await location.cleanup();
    });

    it('keeps every event as it was, and counts a repeat towards the stored row', async () => {
      store = await backend.open(location.db);
      const before = await store.changesAfter(0, 10);
      expect(before.map((e) => [e.name, e.count, e.resourceVersion, e.createdVersion, e.message])).toEqual([
        ['ev-k-1', 3, 7, 5, 'message of k-1'],
        ['ev-k-2', 4, 8, 6, 'message of k-2'],
      ]);
      expect((await store.get('acct-1', 'default', 'ev-k-2'))?.count).toBe(4);

      const [repeat] = await store.record([eventWrite('k-2', T0 + 10, { name: 'ev-new', uid: 'uid-new' })]);
      expect(repeat).toMatchObject({ name: 'ev-k-2', count: 5, createdVersion: 6, lastTimestamp: T0 + 10 });
      expect(repeat!.resourceVersion).toBeGreaterThan(8);
      expect((await store.list({})).length).toBe(2);
    });

    it('answers an idempotency key used before the migration with its event, counting nothing', async () => {
      store = await backend.open(location.db);
      const [again] = await store.record([eventWrite('k-1', T0 + 20, { idempotencyKey: 'idem-1' })]);
      expect(again).toMatchObject({ name: 'ev-k-1', count: 3, resourceVersion: 7 });
      const [fresh] = await store.record([eventWrite('k-1', T0 + 21, { idempotencyKey: 'idem-2' })]);
      expect(fresh).toMatchObject({ name: 'ev-k-1', count: 4 });
    });
  });
}
