import type { Clock } from '../model/clock.js';
import type { Micros } from '../model/event.js';
import { DEFAULT_IDEMPOTENCY_WINDOW_MS } from './batch.js';
import type { EventStore } from './event-store.js';

/** Events are kept this long after their last occurrence unless configured otherwise. */
export const DEFAULT_RETENTION_MICROS: Micros = 7 * 86400e6;
/** How often the retention sweep runs. */
export const DEFAULT_RETENTION_INTERVAL_MS = 60_000;

export interface RetentionOptions {
  maxAge?: Micros;
  /** How long idempotency keys are remembered, in wall-clock milliseconds. */
  idempotencyWindowMs?: number;
  intervalMs?: number;
  onSweep?: (removed: number) => void;
  onError?: (err: unknown) => void;
}

/** Removes expired events periodically, in small batches so writers are never held up for long. */
export function startRetention(store: EventStore, clock: Clock, options: RetentionOptions = {}): { sweep(): Promise<number>; stop(): Promise<void> } {
  const maxAge = options.maxAge ?? DEFAULT_RETENTION_MICROS;
  let running: Promise<number> | undefined;
  const sweep = (): Promise<number> =>
    (running ??= store
      .purgeOlderThan(clock.now() - maxAge)
      // Keys age in wall time, not on the service's (maybe virtual) clock: resends happen in real time.
      .then(async (removed) => {
        await store.purgeIdempotencyKeys(Date.now() - (options.idempotencyWindowMs ?? DEFAULT_IDEMPOTENCY_WINDOW_MS));
        options.onSweep?.(removed);
        return removed;
      })
      .finally(() => {
        running = undefined;
      }));
  const timer = setInterval(() => {
    sweep().catch((err) => options.onError?.(err));
  }, options.intervalMs ?? DEFAULT_RETENTION_INTERVAL_MS);
  timer.unref();
  return {
    sweep,
    async stop() {
      clearInterval(timer);
      await running?.catch(() => undefined);
    },
  };
}
