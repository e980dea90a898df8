// SQLite phases: each in a new temporary file, deleted afterwards.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '../src/store/sqlite/store.js';
import { peakRssBytes, stopwatch, type Timing } from './measure.js';
import { runRecorder } from './recorder-path.js';
import { eventRows, reportTime, type EventRowData } from './rows.js';
import { TableDigest, type TableTotals } from './verify.js';
import type { Workload } from './workload.js';

export function sqliteVersion(): string {
  const db = new Database(':memory:');
  try {
    return (db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
  } finally {
    db.close();
  }
}

async function inTempFile<T>(fn: (file: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'eci-events-bench-'));
  try {
    return await fn(join(dir, 'events.db'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function totals(file: string): TableTotals {
  const db = new Database(file, { readonly: true });
  try {
    const { rows, sumCount } = db.prepare('SELECT count(*) AS rows, coalesce(sum(count), 0) AS sumCount FROM events').get() as TableTotals;
    const digest = new TableDigest();
    for (const row of db.prepare('SELECT * FROM events').iterate()) digest.add(row as Record<string, unknown>);
    return { rows, sumCount, digest: digest.hex() };
  } finally {
    db.close();
  }
}

export interface PhaseOutcome extends Timing {
  /** Peak RSS when the timed part ended (before the table is read back for the totals). */
  peakRssBytes: number;
  /** Statements the database executed for the events (upserts). */
  statements?: number;
  totals: TableTotals;
}

export async function sqliteRecorder(workload: Workload, window: number, batch: number): Promise<PhaseOutcome> {
  return inTempFile(async (file) => {
    const store = new SqliteEventStore(file);
    const timing = await runRecorder(store, workload, window, batch);
    const peak = peakRssBytes();
    await store.close();
    return { ...timing, peakRssBytes: peak, totals: totals(file) };
  });
}

// The store's own upsert, less RETURNING, with positional parameters.
const UPSERT = `INSERT INTO events (account, dedup_hash, name, namespace, uid, version, container_group_id,
    obj_api_version, obj_kind, obj_name, obj_namespace, obj_uid, obj_field_path, reason, message, type, count,
    first_ts, last_ts, source_component, source_host, reporting_component, reporting_instance, created_version)
  VALUES (${new Array(24).fill('?').join(', ')})
  ON CONFLICT (dedup_hash) DO UPDATE SET
    count = count + excluded.count,
    first_ts = min(first_ts, excluded.first_ts),
    message = CASE WHEN excluded.last_ts >= last_ts THEN excluded.message ELSE message END,
    last_ts = max(last_ts, excluded.last_ts),
    version = excluded.version`;

/**
 * The ceiling: one prepared upsert per report, straight through better-sqlite3, in transactions
 * of `batch` reports, each taking its versions from the counter as the store does. Same file
 * settings as the store (WAL, synchronous=FULL); the schema is the store's own.
 */
export async function sqliteCeiling(workload: Workload, batch: number): Promise<PhaseOutcome> {
  const rows: EventRowData[] = eventRows(workload);
  return inTempFile(async (file) => {
    await new SqliteEventStore(file).close();
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    const take = db.prepare(`UPDATE counters SET value = value + ? WHERE name = 'version' RETURNING value`);
    const upsert = db.prepare(UPSERT);
    const { sequence } = workload;
    const p: Array<string | number> = new Array(24);
    const write = db.transaction((from: number, to: number) => {
      let version = (take.get(to - from) as { value: number }).value - (to - from);
      for (let i = from; i < to; i++) {
        const e = rows[sequence[i]!]!;
        p[0] = e.account; p[1] = e.hash; p[2] = e.name; p[3] = e.namespace; p[4] = e.uid; p[5] = ++version;
        p[6] = e.containerGroupId; p[7] = e.apiVersion; p[8] = e.kind; p[9] = e.objName; p[10] = e.objNamespace;
        p[11] = e.objUid; p[12] = e.fieldPath; p[13] = e.reason; p[14] = e.message; p[15] = e.type; p[16] = 1;
        p[17] = p[18] = reportTime(i);
        p[19] = e.sourceComponent; p[20] = e.sourceHost; p[21] = e.reportingComponent; p[22] = e.reportingInstance; p[23] = version;
        upsert.run(p);
      }
    });
    const stop = stopwatch();
    for (let from = 0; from < sequence.length; from += batch) write.immediate(from, Math.min(from + batch, sequence.length));
    const timing = stop();
    const peak = peakRssBytes();
    db.close();
    return { ...timing, peakRssBytes: peak, statements: sequence.length, totals: totals(file) };
  });
}
