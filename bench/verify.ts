// The correctness side of the benchmark: what the table holds after a phase. Counts are checked
// (every report must be counted exactly once); the digest lets runs and backends be compared.
import { createHash } from 'node:crypto';

/** Columns the digest leaves out: random (name, uid) or backend-specific (id, version). */
const UNDIGESTED = new Set(['id', 'name', 'uid', 'version']);

/** An order-independent hash of a table's rows: the sum of the rows' own hashes. */
export class TableDigest {
  private sum = 0n;

  /** Adds a row as `SELECT *` returns it; numbers and the strings PostgreSQL gives for BIGINT hash alike. */
  add(row: Record<string, unknown>): void {
    const text = Object.keys(row)
      .filter((k) => !UNDIGESTED.has(k))
      .sort()
      .map((k) => `${k}=${String(row[k])}`)
      .join('\u0000');
    const h = createHash('sha256').update(text).digest();
    this.sum = (this.sum + h.readBigUInt64BE(0)) & 0xffff_ffff_ffff_ffffn;
  }

  hex(): string {
    return this.sum.toString(16).padStart(16, '0');
  }
}

export interface TableTotals {
  rows: number;
  sumCount: number;
  digest: string;
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
