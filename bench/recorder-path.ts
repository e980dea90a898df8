// The recorder path: every report through Recorder.reportUnchecked (catalog check, rendering,
// correlation, group commit), with a window of reports in flight so that batches fill up.
import { ManualClock } from '../src/model/clock.js';
import { Recorder, type ReportInput } from '../src/recorder/index.js';
import type { EventStore } from '../src/store/index.js';
import { stopwatch, type Timing } from './measure.js';
import { START_MICROS, STEP_MICROS } from './rows.js';

/** The submitting loop waits on every CHUNK-th report rather than on each one. */
const CHUNK = 500;

export interface RecorderTiming extends Timing {
  /** For each report count asked for, seconds from the start until that many reports were committed. */
  marks: Map<number, number>;
}

/**
 * Submits `count` reports in order (`report(i)` makes the i-th) and times them until the last is
 * committed. The recorder's clock is virtual and steps once per report, so that every run stores
 * the same timestamps and aggregates the same events: runs can be compared row for row.
 */
export async function runRecorder(
  store: EventStore,
  count: number,
  report: (i: number) => ReportInput,
  window: number,
  maxBatch: number,
  marks: readonly number[] = [],
): Promise<RecorderTiming> {
  const clock = new ManualClock(START_MICROS);
  const recorder = new Recorder(store, { clock, maxBatch });
  const chunk = Math.max(1, Math.min(CHUNK, window));
  const inFlight: Array<Promise<unknown> | undefined> = new Array(window);
  const at = new Map<number, number>();
  const wanted = new Set(marks);
  const t0 = performance.now();
  const stop = stopwatch();
  for (let i = 0; i < count; i++) {
    const slot = i % window;
    // Batches commit in submission order: once the newest of the next `chunk` slots to be reused
    // has settled, so have the others.
    if (i >= window && (i - window) % chunk === 0) await inFlight[(i + chunk - 1) % window];
    // Producers go on while a batch is written: the event loop turns once per batch's worth of
    // reports, as it would between requests, so that a store writing off the thread overlaps.
    if (i > 0 && i % maxBatch === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    clock.advance(STEP_MICROS);
    const done = recorder.reportUnchecked(report(i));
    inFlight[slot] = done;
    if (wanted.has(i + 1)) void done.then(() => at.set(i + 1, (performance.now() - t0) / 1000));
  }
  await Promise.all(inFlight);
  await recorder.drain();
  return { ...stop(), marks: at };
}
