// PostgreSQL phases: each in a fresh database on the server, dropped afterwards.
import pg from 'pg';
import { PostgresEventStore, upsertSql } from '../src/store/postgres/store.js';
import { peakRssBytes, stopwatch, type Timing } from './measure.js';
import { runRecorder } from './recorder-path.js';
import { eventRows, foldBatches, type EventRowData } from './rows.js';
import type { PhaseOutcome } from './sqlite.js';
import { TableDigest, type TableTotals } from './verify.js';
import type { Workload } from './workload.js';

/** Rows fetched per query while digesting the table. */
const DIGEST_PAGE = 50_000;

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** The server's version, or why it cannot be reached. */
export async function probe(url: string): Promise<{ version: string } | { problem: string }> {
  try {
    return await withClient(url, async (c) => ({ version: (await c.query<{ v: string }>('SELECT version() AS v')).rows[0]!.v }));
  } catch (err) {
    return { problem: (err as Error).message || String(err) };
  }
}

async function inFreshDatabase<T>(serverUrl: string, fn: (url: string) => Promise<T>): Promise<T> {
  const name = `eci_bench_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  await withClient(serverUrl, (c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  try {
    return await fn(url.toString());
  } finally {
    await withClient(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  }
}

async function totals(url: string): Promise<TableTotals> {
  return withClient(url, async (c) => {
    const { rows } = await c.query<{ rows: string; sum: string }>('SELECT count(*) AS rows, coalesce(sum(count), 0) AS sum FROM events');
    const digest = new TableDigest();
    for (let after = 0; ; ) {
      const page = await c.query<{ id: string }>('SELECT * FROM events WHERE id > $1 ORDER BY id LIMIT $2', [after, DIGEST_PAGE]);
      for (const row of page.rows) digest.add(row);
      if (page.rows.length < DIGEST_PAGE) break;
      after = Number(page.rows[page.rows.length - 1]!.id);
    }
    return { rows: Number(rows[0]!.rows), sumCount: Number(rows[0]!.sum), digest: digest.hex() };
  });
}

export async function postgresRecorder(serverUrl: string, workload: Workload, window: number, batch: number): Promise<PhaseOutcome> {
  return inFreshDatabase(serverUrl, async (url) => {
    const store = await PostgresEventStore.open(url);
    let timing: Timing;
    try {
      timing = await runRecorder(store, workload, window, batch);
    } finally {
      await store.close();
    }
    return { ...timing, peakRssBytes: peakRssBytes(), totals: await totals(url) };
  });
}

// The store's own upsert, less the advisory lock and RETURNING.
const UPSERT = upsertSql(false);

const TEXT_FIELDS: Array<keyof EventRowData> = [
  'account', 'hash', 'name', 'namespace', 'uid', 'containerGroupId', 'apiVersion', 'kind', 'objName', 'objNamespace', 'objUid',
  'fieldPath', 'reason', 'message', 'type',
];
const TAIL_FIELDS: Array<keyof EventRowData> = ['sourceComponent', 'sourceHost', 'reportingComponent', 'reportingInstance'];

/**
 * The ceiling: one prepared multi-row upsert (unnest, as the store does it) per transaction of
 * `batch` reports, over one connection. Repeats within a batch are folded before timing, since one
 * statement may touch a row only once. A row-at-a-time loop over the wire would be slower than
 * the store itself, so it would be no ceiling.
 */
export async function postgresCeiling(serverUrl: string, workload: Workload, batch: number): Promise<PhaseOutcome> {
  const rows = eventRows(workload);
  const batches = foldBatches(workload, batch);
  return inFreshDatabase(serverUrl, async (url) => {
    await (await PostgresEventStore.open(url)).close();
    let statements = 0;
    const timing = await withClient(url, async (c) => {
      const stop = stopwatch();
      for (const b of batches) {
        const es = Array.from(b.events, (e) => rows[e]!);
        const values: unknown[] = [
          ...TEXT_FIELDS.map((f) => es.map((e) => e[f])),
          Array.from(b.counts),
          Array.from(b.first),
          Array.from(b.last),
          ...TAIL_FIELDS.map((f) => es.map((e) => e[f])),
        ];
        await c.query('BEGIN');
        await c.query({ name: 'bench-upsert', text: UPSERT, values });
        await c.query('COMMIT');
        statements += es.length;
      }
      return stop();
    });
    return { ...timing, peakRssBytes: peakRssBytes(), statements, totals: await totals(url) };
  });
}
