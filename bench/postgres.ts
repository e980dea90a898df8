// PostgreSQL phases: each in a fresh database on the server, dropped afterwards.
import pg from 'pg';
import type { ReportInput } from '../src/recorder/index.js';
import { PostgresEventStore } from '../src/store/postgres/store.js';
import type { AnchorBatch } from './anchor-batches.js';
import { peakRssBytes, TimedSpans } from './measure.js';
import { runRecorder } from './recorder-path.js';
import type { PhaseOutcome } from './sqlite.js';
import { TableDigest, type TableTotals } from './verify.js';
import { memoryNow } from './written.js';

/** Rows fetched per query while digesting the table. */
const DIGEST_PAGE = 50_000;

export async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
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

export async function inFreshDatabase<T>(serverUrl: string, fn: (url: string) => Promise<T>): Promise<T> {
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

/** Reads the whole table back, a page at a time in its physical order (ctid), for the digests. */
async function totals(url: string, table: 'events' | 'anchor'): Promise<TableTotals> {
  return withClient(url, async (c) => {
    const { rows } = await c.query<{ rows: string; sum: string }>(`SELECT count(*) AS rows, coalesce(sum(count), 0) AS sum FROM ${table}`);
    const digest = new TableDigest();
    const cursor = `digest_${table}`;
    await c.query('BEGIN');
    await c.query(`DECLARE ${cursor} NO SCROLL CURSOR FOR SELECT * FROM ${table}`);
    for (;;) {
      const page = await c.query<Record<string, unknown>>(`FETCH ${DIGEST_PAGE} FROM ${cursor}`);
      for (const row of page.rows) digest.add(row);
      if (page.rows.length < DIGEST_PAGE) break;
    }
    await c.query('COMMIT');
    return {
      rows: Number(rows[0]!.rows),
      sumCount: Number(rows[0]!.sum),
      digest: table === 'events' ? digest.hex() : undefined,
      keyDigest: digest.keyHex(),
    };
  });
}

const WRITTEN_HOW = 'WAL generated (pg_current_wal_lsn difference)';

async function walLsn(url: string): Promise<string> {
  return withClient(url, async (c) => (await c.query<{ l: string }>('SELECT pg_current_wal_lsn()::text AS l')).rows[0]!.l);
}

/** WAL bytes since `from`, and the table's size with its indexes and TOAST. */
async function written(url: string, from: string, table: string): Promise<{ writtenBytes: number; relationBytes: number }> {
  return withClient(url, async (c) => {
    const { rows } = await c.query<{ w: string; r: string }>(
      `SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), $1::pg_lsn)::bigint AS w, pg_total_relation_size($2::regclass) AS r`,
      [from, table],
    );
    return { writtenBytes: Number(rows[0]!.w), relationBytes: Number(rows[0]!.r) };
  });
}

export async function postgresRecorder(
  serverUrl: string,
  count: number,
  report: (i: number) => ReportInput,
  window: number,
  batch: number,
  marks: readonly number[] = [],
): Promise<PhaseOutcome> {
  return inFreshDatabase(serverUrl, async (url) => {
    const store = await PostgresEventStore.open(url);
    const from = await walLsn(url);
    let timing;
    try {
      timing = await runRecorder(store, count, report, window, batch, marks);
    } finally {
      await store.close();
    }
    const peak = peakRssBytes();
    const memory = memoryNow();
    return {
      seconds: timing.seconds,
      cpuSeconds: timing.cpuSeconds,
      marks: [...timing.marks],
      peakRssBytes: peak,
      memory,
      ...(await written(url, from, 'events')),
      writtenHow: WRITTEN_HOW,
      totals: await totals(url, 'events'),
    };
  });
}

/**
 * The anchor: a narrow table with one unique key (the primary key, one B-tree beside the heap),
 * the occurrences' count and times and a payload of the same bytes as the event's other columns;
 * one prepared multi-row upsert (unnest, as the store does it) per transaction of the recorder's
 * batch size, over one connection. Repeats within a batch are folded first: one statement may
 * touch a row only once.
 */
export async function postgresAnchor(serverUrl: string, batches: Iterable<AnchorBatch>, marks: readonly number[] = []): Promise<PhaseOutcome> {
  return inFreshDatabase(serverUrl, async (url) => {
    const from = await withClient(url, async (c) => {
      await c.query(`CREATE TABLE anchor (
        key BIGINT PRIMARY KEY, count BIGINT NOT NULL, first_ts BIGINT NOT NULL, last_ts BIGINT NOT NULL, payload TEXT NOT NULL)`);
      return (await c.query<{ l: string }>('SELECT pg_current_wal_lsn()::text AS l')).rows[0]!.l;
    });
    const timed = new TimedSpans();
    const wanted = new Set(marks);
    const at: Array<[number, number]> = [];
    let statements = 0;
    await withClient(url, async (c) => {
      let reports = 0;
      for (const b of batches) {
        const values = [b.keys.map(String), b.counts, b.first, b.last, b.payloads];
        await timed.time(async () => {
          await c.query('BEGIN');
          await c.query({
            name: 'anchor-upsert',
            text: `INSERT INTO anchor (key, count, first_ts, last_ts, payload)
                   SELECT * FROM unnest($1::int8[], $2::int8[], $3::int8[], $4::int8[], $5::text[])
                   ON CONFLICT (key) DO UPDATE SET count = anchor.count + excluded.count,
                     first_ts = LEAST(anchor.first_ts, excluded.first_ts), last_ts = GREATEST(anchor.last_ts, excluded.last_ts)`,
            values,
          });
          await c.query('COMMIT');
        });
        reports += b.reports;
        statements += b.keys.length;
        if (wanted.has(reports)) at.push([reports, timed.seconds]);
      }
    });
    const peak = peakRssBytes();
    const memory = memoryNow();
    return {
      seconds: timed.seconds,
      cpuSeconds: timed.cpuSeconds,
      marks: at,
      peakRssBytes: peak,
      memory,
      statements,
      ...(await written(url, from, 'anchor')),
      writtenHow: WRITTEN_HOW,
      totals: await totals(url, 'anchor'),
    };
  });
}
