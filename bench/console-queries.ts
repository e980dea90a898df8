// `npm run build && node dist/bench/console-queries.js [--groups N] [--big N] [--skip-postgres]`:
// the console's reads (events pages by cursor, per-group summaries, the histogram) on a store
// holding one group of `--big` events (default 100,000) and `--groups` more (default 20,000) of
// 5 events each. Prints the median time of each read; asserts nothing but the page sizes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { EventStore, EventWrite } from '../src/store/index.js';
import { PostgresEventStore } from '../src/store/postgres/store.js';
import { SqliteEventStore } from '../src/store/sqlite/store.js';

const arg = (name: string, fallback: number) => {
  const at = process.argv.indexOf(name);
  return at < 0 ? fallback : Number(process.argv[at + 1]);
};
const GROUPS = arg('--groups', 20_000);
const BIG = arg('--big', 100_000);
const PG_URL = process.env.ECI_EVENTS_BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432/test';
const T0 = Date.UTC(2026, 0, 1) * 1000;
const REASONS = ['Started', 'Pulled', 'NoStock', 'OOMKilled', 'BackOff'];

function write(i: number, group: string, at: number): EventWrite {
  const reason = REASONS[i % REASONS.length]!;
  return {
    account: 'acct',
    key: `${group}:${i}`,
    name: `e${i}`,
    namespace: 'default',
    uid: `u${i}`,
    involvedObject: { apiVersion: 'v1', kind: 'Pod', name: `pod-${group}`, namespace: 'default', uid: group },
    containerGroupId: group,
    reason,
    message: `${reason} message ${i}`,
    type: i % 3 === 0 ? 'Warning' : 'Normal',
    source: { component: 'kubelet', host: 'eci' },
    reportingComponent: 'kubelet',
    reportingInstance: 'eci',
    count: 1 + (i % 4),
    firstTimestamp: at,
    lastTimestamp: at,
  };
}

async function fill(store: EventStore): Promise<void> {
  let batch: EventWrite[] = [];
  const flush = async () => {
    if (batch.length) await store.record(batch);
    batch = [];
  };
  for (let i = 0; i < BIG; i++) {
    batch.push(write(i, 'eci-big', T0 + i * 10_000));
    if (batch.length === 5000) await flush();
  }
  for (let g = 0; g < GROUPS; g++) {
    for (let j = 0; j < 5; j++) batch.push(write(j, `eci-g${String(g).padStart(6, '0')}`, T0 + (g * 5 + j) * 7_000));
    if (batch.length >= 5000) await flush();
  }
  await flush();
}

async function median(label: string, runs: number, fn: () => Promise<unknown>): Promise<void> {
  await fn(); // warm
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  console.log(`  ${label.padEnd(58)} ${times[Math.floor(runs / 2)]!.toFixed(2).padStart(9)} ms`);
}

async function measure(name: string, store: EventStore, settle?: () => Promise<void>): Promise<void> {
  const t = performance.now();
  await fill(store);
  // PostgreSQL plans from statistics; autovacuum gathers them soon after a bulk load like this one.
  await settle?.();
  console.log(`\n${name}: ${(BIG + GROUPS * 5).toLocaleString('en-US')} events filled in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  const q = { account: 'acct', containerGroupId: 'eci-big' };
  await median('big group: first page of 100', 20, () => store.list({ ...q, limit: 101 }));
  const deep = (await store.list({ ...q, limit: 90_000 })).at(-1)!;
  const before = { lastTimestamp: deep.lastTimestamp, version: deep.resourceVersion };
  await median('big group: page of 100 after 90,000 (cursor)', 20, async () => {
    if ((await store.list({ ...q, before, limit: 101 })).length !== 101) throw new Error('short page');
  });
  await median('big group: first 100 Warning with text "oomkilled"', 20, () => store.list({ ...q, type: 'Warning', text: 'oomkilled', limit: 101 }));
  await median('big group: first 100 of a reason absent from it', 5, () => store.list({ ...q, reasons: ['Nope'], limit: 101 }));
  await median('all groups: first page of 100', 20, () => store.list({ account: 'acct', limit: 101 }));
  await median('all groups: first 100 with reason NoStock', 20, () => store.list({ account: 'acct', reasons: ['NoStock'], limit: 101 }));
  await median(`groupSummaries: ${(GROUPS + 1).toLocaleString('en-US')} groups`, 5, async () => {
    if ((await store.groupSummaries('acct')).length !== GROUPS + 1) throw new Error('groups missing');
  });
  await median('groupSummaries of one group (the big one)', 5, () => store.groupSummaries('acct', ['eci-big']));
  const to = T0 + BIG * 10_000;
  await median("histogram, 60 buckets over the big group's span, all groups", 5, () =>
    store.histogram({ account: 'acct', from: T0, to, bucketMicros: Math.ceil((to - T0) / 60) }),
  );
  await median('histogram, 60 buckets, the big group, Warning only', 5, () =>
    store.histogram({ account: 'acct', containerGroupId: 'eci-big', type: 'Warning', from: T0, to, bucketMicros: Math.ceil((to - T0) / 60) }),
  );
}

const dir = mkdtempSync(join(tmpdir(), 'eci-events-bench-'));
try {
  const sqlite = new SqliteEventStore(join(dir, 'events.db'));
  await measure('SQLite', sqlite);
  await sqlite.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}

if (!process.argv.includes('--skip-postgres')) {
  const name = `eci_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  try {
    const store = await PostgresEventStore.open(url.toString());
    await measure('PostgreSQL', store, async () => {
      const c = new pg.Client({ connectionString: url.toString() });
      await c.connect();
      await c.query('VACUUM ANALYZE events');
      await c.end();
    });
    await store.close();
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}
