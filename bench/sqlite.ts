// SQLite phases: each in a new temporary file, deleted afterwards.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ReportInput } from '../src/recorder/index.js';
import { SqliteEventStore, WAL_AUTOCHECKPOINT_PAGES, WAL_SIZE_LIMIT } from '../src/store/sqlite/store.js';
import type { AnchorBatch } from './anchor-batches.js';
import { peakRssBytes, TimedSpans, type Timing } from './measure.js';
import { runRecorder } from './recorder-path.js';
import { TableDigest, type TableTotals } from './verify.js';
import { memoryNow, processWriteBytes, type MemoryAtEnd } from './written.js';

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

function totals(file: string, table: 'events' | 'anchor'): TableTotals {
  const db = new Database(file, { readonly: true });
  try {
    db.defaultSafeIntegers(true);
    const { rows, sumCount } = db.prepare(`SELECT count(*) AS rows, coalesce(sum(count), 0) AS sumCount FROM ${table}`).get() as {
      rows: bigint;
      sumCount: bigint;
    };
    const digest = new TableDigest();
    for (const row of db.prepare(`SELECT * FROM ${table}`).iterate()) digest.add(row as Record<string, unknown>);
    return { rows: Number(rows), sumCount: Number(sumCount), digest: table === 'events' ? digest.hex() : undefined, keyDigest: digest.keyHex() };
  } finally {
    db.close();
  }
}

export interface PhaseOutcome extends Timing {
  /** Peak RSS when the timed part ended (before the table is read back for the totals). */
  peakRssBytes: number;
  /** Rows the anchor's statements upserted. */
  statements?: number;
  /** [reports, seconds from the start until they were committed], for the storm's spans. */
  marks: Array<[number, number]>;
  /** Bytes written while timed, and how they were counted. */
  writtenBytes?: number;
  writtenHow: string;
  /** PostgreSQL: the table's size with its indexes and TOAST at the end. */
  relationBytes?: number;
  /** SQLite: the file and its WAL at the end. */
  fileBytes?: number;
  /** SQLite: the mmap_size in force. */
  mmapSize?: number;
  memory: MemoryAtEnd;
  totals: TableTotals;
}

const WRITTEN_HOW = 'write_bytes of /proc/self/io (WAL appends and checkpoints alike)';

function fileBytes(file: string): number {
  const db = new Database(file, { readonly: true });
  try {
    const pages = db.pragma('page_count', { simple: true }) as number;
    const size = db.pragma('page_size', { simple: true }) as number;
    return pages * size;
  } finally {
    db.close();
  }
}

/**
 * The recorder with the store's own settings, on `count` reports made by `report`; with
 * `writeThread`, batches are written on the store's write thread (which counts in the process's CPU).
 */
export async function sqliteRecorder(
  count: number,
  report: (i: number) => ReportInput,
  window: number,
  batch: number,
  marks: readonly number[] = [],
  writeThread = false,
): Promise<PhaseOutcome> {
  return inTempFile(async (file) => {
    const store = new SqliteEventStore(file, { writeThread });
    if (writeThread && !store.writesOffThread) throw new Error('the SQLite write thread is not available (run the compiled bench, dist/bench/run.js)');
    const before = processWriteBytes();
    const timing = await runRecorder(store, count, report, window, batch, marks);
    const after = processWriteBytes();
    const peak = peakRssBytes();
    const memory = memoryNow();
    const mmapSize = store.mmapSize;
    await store.close();
    return {
      seconds: timing.seconds,
      cpuSeconds: timing.cpuSeconds,
      marks: [...timing.marks],
      peakRssBytes: peak,
      memory,
      mmapSize,
      ...(before !== undefined && after !== undefined ? { writtenBytes: after - before } : {}),
      writtenHow: WRITTEN_HOW,
      fileBytes: fileBytes(file),
      totals: totals(file, 'events'),
    };
  });
}

/**
 * The anchor: a narrow table with one unique key (the rowid, so one B-tree), the occurrences'
 * count and times and a payload of the same bytes as the event's other columns; one prepared
 * upsert per report, straight through better-sqlite3, in transactions of the recorder's batch
 * size. Same file settings as the store (WAL, synchronous=FULL, its checkpoints, page cache and map).
 */
export async function sqliteAnchor(batches: Iterable<AnchorBatch>, marks: readonly number[] = []): Promise<PhaseOutcome> {
  return inTempFile(async (file) => {
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('cache_size = -65536');
    db.pragma(`mmap_size = ${0x7fff0000}`);
    db.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
    db.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT}`);
    db.exec(`CREATE TABLE anchor (
      key INTEGER PRIMARY KEY, count INTEGER NOT NULL, first_ts INTEGER NOT NULL, last_ts INTEGER NOT NULL, payload TEXT NOT NULL)`);
    const upsert = db.prepare(
      `INSERT INTO anchor (key, count, first_ts, last_ts, payload) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET count = count + excluded.count, first_ts = min(first_ts, excluded.first_ts),
         last_ts = max(last_ts, excluded.last_ts)`,
    );
    const write = db.transaction((b: AnchorBatch) => {
      for (let j = 0; j < b.keys.length; j++) upsert.run(b.keys[j], b.counts[j], b.first[j], b.last[j], b.payloads[j]);
    });
    const timed = new TimedSpans();
    const wanted = new Set(marks);
    const at: Array<[number, number]> = [];
    let reports = 0;
    let statements = 0;
    const before = processWriteBytes();
    for (const b of batches) {
      await timed.time(() => write.immediate(b));
      reports += b.reports;
      statements += b.keys.length;
      if (wanted.has(reports)) at.push([reports, timed.seconds]);
    }
    const after = processWriteBytes();
    const peak = peakRssBytes();
    const memory = memoryNow();
    const mmapSize = Number(db.pragma('mmap_size', { simple: true }));
    db.close();
    return {
      seconds: timed.seconds,
      cpuSeconds: timed.cpuSeconds,
      marks: at,
      peakRssBytes: peak,
      memory,
      mmapSize,
      statements,
      ...(before !== undefined && after !== undefined ? { writtenBytes: after - before } : {}),
      writtenHow: WRITTEN_HOW,
      fileBytes: fileBytes(file),
      totals: totals(file, 'anchor'),
    };
  });
}
