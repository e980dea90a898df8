// What the anchor upserts, one transaction's worth at a time: for each row its 64-bit key, the
// occurrences it adds, their first and last time, and the payload (the bytes of the row's other
// columns). Made lazily, between timed transactions.
import { ManualClock } from '../src/model/clock.js';
import { eventRow, eventRows, payloadOf, reportTime, START_MICROS } from './rows.js';
import { Storm, type Workload } from './workload.js';

export interface AnchorBatch {
  /** Reports this batch stands for. */
  reports: number;
  keys: bigint[];
  counts: number[];
  first: number[];
  last: number[];
  payloads: string[];
}

/** Collects one batch; with `fold`, a key met again adds to its row (a multi-row statement may touch a row once). */
class BatchBuilder {
  private readonly at = new Map<bigint, number>();
  readonly batch: AnchorBatch = { reports: 0, keys: [], counts: [], first: [], last: [], payloads: [] };

  constructor(private readonly fold: boolean) {}

  add(key: bigint, payload: () => string, time: number): void {
    const b = this.batch;
    b.reports++;
    const j = this.fold ? this.at.get(key) : undefined;
    if (j !== undefined) {
      b.counts[j]! += 1;
      b.last[j] = Math.max(b.last[j]!, time);
      b.first[j] = Math.min(b.first[j]!, time);
      return;
    }
    if (this.fold) this.at.set(key, b.keys.length);
    b.keys.push(key);
    b.counts.push(1);
    b.first.push(time);
    b.last.push(time);
    b.payloads.push(payload());
  }
}

/** The workload's reports in transactions of `size`, each distinct event's row made once up front. */
export function* workloadBatches(workload: Workload, size: number, fold: boolean): Generator<AnchorBatch> {
  const rows = eventRows(workload);
  const payloads = rows.map(payloadOf);
  const { sequence } = workload;
  for (let from = 0; from < sequence.length; from += size) {
    const b = new BatchBuilder(fold);
    for (let i = from; i < Math.min(from + size, sequence.length); i++) {
      const e = sequence[i]!;
      b.add(rows[e]!.key, () => payloads[e]!, reportTime(i));
    }
    yield b.batch;
  }
}

/** The storm's `count` events in transactions of `size`, made as they are needed. */
export function* stormBatches(count: number, seed: number, size: number, fold: boolean): Generator<AnchorBatch> {
  const storm = new Storm(seed);
  const clock = new ManualClock(START_MICROS);
  for (let from = 0; from < count; from += size) {
    const b = new BatchBuilder(fold);
    for (let i = from; i < Math.min(from + size, count); i++) {
      const row = eventRow(clock, storm.next(), i);
      b.add(row.key, () => payloadOf(row), reportTime(i));
    }
    yield b.batch;
  }
}
