// namespaces() is served by the events_account_namespace_tail index on both backends: its query
// (sql/event-sql.ts namespacesSql) probes the index once per namespace instead of reading the account's events.
// The Kubernetes GET of one event (get()) probes the same index by the name's tail, then compares
// the whole name.
// The plans are asked of each database (EXPLAIN), with PostgreSQL told to avoid a sequential scan
// where it can: a table this small would otherwise be read whole whatever the indexes.
import Database from 'better-sqlite3';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { BACKENDS, freshStorePerTest } from '../../test/support/backends.js';
import { eventWrite } from '../../test/support/event-write.js';
import { POSTGRES } from './postgres/dialect.js';
import { SQLITE } from './sqlite/dialect.js';
import { Bind } from './sql/dialect.js';
import { eventByNameSql, namespacesSql } from './sql/event-sql.js';

const T0 = Date.UTC(2026, 0, 1) * 1000;

async function plan(backend: string, db: string, query: 'namespaces' | 'get'): Promise<string> {
  const b = new Bind(backend === 'sqlite' ? SQLITE : POSTGRES);
  const sql = query === 'get' ? eventByNameSql(b, 'acct-1', 'ns-1', 'ev-e1') : namespacesSql(b, 'acct-1');
  if (backend === 'sqlite') {
    const conn = new Database(db, { readonly: true });
    try {
      const rows = conn.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(b.values) as Array<{ detail: string }>;
      return rows.map((r) => r.detail).join('\n');
    } finally {
      conn.close();
    }
  }
  const client = new pg.Client({ connectionString: db });
  await client.connect();
  try {
    await client.query('SET enable_seqscan = off');
    const { rows } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, b.values);
    return rows.map((r) => r['QUERY PLAN']).join('\n');
  } finally {
    await client.end();
  }
}

for (const backend of BACKENDS) {
  describe.skipIf(!backend.available)(`namespaces() on ${backend.name}`, () => {
    const fresh = freshStorePerTest(backend);

    it('probes the account-and-namespace index, and reads no event row', async () => {
      const writes = Array.from({ length: 60 }, (_, i) => eventWrite(`e${i}`, T0 + i, { account: `acct-${i % 3}`, namespace: `ns-${i % 4}` }));
      await fresh.store.record(writes);
      expect(await fresh.store.namespaces('acct-1')).toEqual(['ns-0', 'ns-1', 'ns-2', 'ns-3']);
      const p = await plan(backend.name, fresh.db, 'namespaces');
      expect(p).toContain(
        backend.name === 'sqlite' ? 'USING COVERING INDEX events_account_namespace_tail' : 'Index Only Scan using events_account_namespace_tail',
      );
      expect(p).not.toMatch(/Seq Scan|SCAN events|TEMP B-TREE|HashAggregate/);
    });

    it('gets one event of an account by one probe of the same index', async () => {
      const writes = Array.from({ length: 60 }, (_, i) => eventWrite(`e${i}`, T0 + i, { account: `acct-${i % 3}`, namespace: `ns-${i % 4}` }));
      await fresh.store.record(writes);
      expect(await fresh.store.get('acct-1', 'ns-1', 'ev-e1')).toMatchObject({ account: 'acct-1', namespace: 'ns-1', name: 'ev-e1' });
      expect(await fresh.store.get('acct-2', 'ns-1', 'ev-e1')).toBeUndefined();
      const p = await plan(backend.name, fresh.db, 'get');
      expect(p).toMatch(
        backend.name === 'sqlite'
          ? /SEARCH events USING INDEX events_account_namespace_tail \(account=\? AND namespace=\? AND <expr>=\?\)/
          : /Index Scan using events_account_namespace_tail on events[^\n]*\n\s+Index Cond: \(\(account = [^)]+\) AND \(\(namespace\)::text = [^)]+\) AND \("right"\(name, 16\) = [^)]+\)\)\n\s+Filter: \(name = [^)]+\)$/,
      );
      expect(p).not.toMatch(/Seq Scan|SCAN events/);
    });
  });
}
