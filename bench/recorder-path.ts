// The recorder path: every report through Recorder.reportUnchecked (catalog check, rendering,
// correlation, group commit), with a window of reports in flight so that batches fill up.
import { ManualClock } from '../src/model/clock.js';
import { Recorder } from '../src/recorder/index.js';
import type { EventStore } from '../src/store/index.js';
import { stopwatch, type Timing } from './measure.js';
import { START_MICROS, STEP_MICROS } from './rows.js';
import type { Workload } from './workload.js';

/** The submitting loop waits on every CHUNK-th report rather than on each one. */
const CHUNK = 500;

/**
 * Submits the workload in order and times it until the last report is committed.
 * The recorder's clock is virtual and steps once per report, so that every run stores the same
 * timestamps and aggregates the same events: runs can be compared row for row.
 */
export async function runRecorder(store: EventStore, workload: Workload, window: number, maxBatch: number): Promise<Timing> {
  const clock = new ManualClock(START_MICROS);
  const recorder = new Recorder(store, { clock, maxBatch });
  const { events, sequence } = workload;
  const chunk = Math.max(1, Math.min(CHUNK, window));
  const inFlight: Array<Promise<unknown> | undefined> = new Array(window);
  const stop = stopwatch();
  for (let i = 0; i < sequence.length; i++) {
    const slot = i % window;
    // Batches commit in submission order: once the newest of the next `chunk` slots to be reused
    // has settled, so have the others.
    if (i >= window && (i - window) % chunk === 0) await inFlight[(i + chunk - 1) % window];
    clock.advance(STEP_MICROS);
    inFlight[slot] = recorder.reportUnchecked(events[sequence[i]!]!);
  }
  await Promise.all(inFlight);
  await recorder.drain();
  return stop();
}
