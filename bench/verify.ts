// The correctness side of the benchmark: what the table holds after a phase. Counts are checked
// (every report must be counted exactly once); the digests let runs, backends and the anchor be
// compared row for row.
import { createHash } from 'node:crypto';
import { key64OfHash } from '../src/store/index.js';

/**
 * Columns the full digest leaves out: random (name, uid), backend- or path-specific (id, version,
 * created_version: the anchor and the recorder number their writes differently), or the dedup key
 * in one schema's form (it is digested as the integer key instead, whichever the schema stores).
 */
const UNDIGESTED = new Set(['id', 'name', 'uid', 'version', 'created_version', 'dedup_hash', 'dedup_key']);

/** An order-independent sum of 64-bit row hashes. */
class SumOfHashes {
  private sum = 0n;

  addText(text: string): void {
    const h = createHash('sha256').update(text).digest();
    this.sum = (this.sum + h.readBigUInt64BE(0)) & 0xffff_ffff_ffff_ffffn;
  }

  hex(): string {
    return this.sum.toString(16).padStart(16, '0');
  }
}

/** A row's integer dedup key, from the column either schema has (PostgreSQL gives BIGINT as a string). */
export function rowKey(row: Record<string, unknown>): bigint {
  if (row.dedup_key !== undefined && row.dedup_key !== null) return BigInt(row.dedup_key as string | number | bigint);
  if (typeof row.dedup_hash === 'string') return key64OfHash(row.dedup_hash);
  if (row.key !== undefined) return BigInt(row.key as string | number | bigint);
  throw new Error('row has no dedup key');
}

/**
 * Two digests of a table: `digest` of every stored column but those in UNDIGESTED (the recorder's
 * table on either backend), and `keyDigest` of only (key, count, first_ts, last_ts), which the
 * anchor's narrow table has too: equal key digests mean the same events with the same counts and
 * times, whoever wrote them.
 */
export class TableDigest {
  private readonly full = new SumOfHashes();
  private readonly keys = new SumOfHashes();

  /** Adds a row as `SELECT *` returns it; numbers and the strings PostgreSQL gives for BIGINT hash alike. */
  add(row: Record<string, unknown>): void {
    const key = rowKey(row);
    this.keys.addText(`${key}\u0000${String(row.count)}\u0000${String(row.first_ts)}\u0000${String(row.last_ts)}`);
    if (row.payload !== undefined) return;
    const text = Object.keys(row)
      .filter((k) => !UNDIGESTED.has(k))
      .sort()
      .map((k) => `${k}=${String(row[k])}`)
      .join('\u0000');
    this.full.addText(`key=${key}\u0000${text}`);
  }

  hex(): string {
    return this.full.hex();
  }

  keyHex(): string {
    return this.keys.hex();
  }
}

export interface TableTotals {
  rows: number;
  sumCount: number;
  /** Of every column (UNDIGESTED aside); the anchor's table has no such digest. */
  digest: string | undefined;
  /** Of (key, count, first_ts, last_ts): comparable between the recorder and the anchor. */
  keyDigest: string;
}

/** Fails the run loudly (exit code 1 at the end) when the stored counts do not add up to the reports. */
export function checkTotals(label: string, totals: TableTotals, reports: number): boolean {
  if (totals.sumCount === reports) return true;
  console.error(
    `\n!!!!!!!! COUNT MISMATCH in ${label}: the stored counts add up to ${totals.sumCount.toLocaleString('en-US')}, ` +
      `but ${reports.toLocaleString('en-US')} reports were made. Occurrences were lost or double-counted. !!!!!!!!\n`,
  );
  return false;
}

/**
 * Whether the recorder stored what the anchor did. The workloads aggregate no similar events (no
 * object gets 10 distinct messages of one reason), so the two must hold the same keys, counts and
 * times; a difference is a failure, not something to explain away.
 */
export function checkSameRows(label: string, recorder: TableTotals, anchor: TableTotals): boolean {
  if (recorder.keyDigest === anchor.keyDigest && recorder.rows === anchor.rows) return true;
  console.error(
    `\n!!!!!!!! ROW MISMATCH in ${label}: the recorder stored ${recorder.rows.toLocaleString('en-US')} rows (key digest ` +
      `${recorder.keyDigest}), the anchor ${anchor.rows.toLocaleString('en-US')} (key digest ${anchor.keyDigest}) !!!!!!!!\n`,
  );
  return false;
}
