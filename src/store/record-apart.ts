// A group commit puts many callers' writes in one transaction; when it fails, which write was at
// fault is not known. Retrying the halves apart, down to single writes, gives the error to that
// write's caller alone and commits every other write exactly once. Retrying is safe only when the
// store says the failed transaction changed nothing (it rolled back whole): a commit whose answer
// was lost may have committed, and its writes are then not retried but failed.
import type { StoredEvent } from '../model/event.js';
import type { EventWrite } from './event-store.js';

const rolledBackErrors = new WeakSet<object>();

/** Marks `err` as the failure of a transaction that certainly changed nothing; returns it. */
export function markRolledBack<E>(err: E): E {
  if (typeof err === 'object' && err !== null) rolledBackErrors.add(err);
  return err;
}

/** Whether `err` comes from a transaction that certainly changed nothing, so its writes may be retried. */
export function isRolledBack(err: unknown): boolean {
  return typeof err === 'object' && err !== null && rolledBackErrors.has(err);
}

export type WriteOutcome = { ok: true; event: StoredEvent } | { ok: false; error: unknown };

/**
 * Records `writes` in one transaction if it can; if that transaction rolls back, records each
 * half apart (in order, so versions keep the order of the writes), and so on down to single
 * writes. A write's outcome is its own write's error, or the error of a failure that cannot be
 * retried; every other write is stored once.
 */
export async function recordApart(
  record: (writes: readonly EventWrite[]) => Promise<StoredEvent[]>,
  writes: readonly EventWrite[],
): Promise<WriteOutcome[]> {
  try {
    return (await record(writes)).map((event) => ({ ok: true, event }));
  } catch (error) {
    if (writes.length === 1 || !isRolledBack(error)) return writes.map(() => ({ ok: false, error }));
    const mid = Math.ceil(writes.length / 2);
    const first = await recordApart(record, writes.slice(0, mid));
    return first.concat(await recordApart(record, writes.slice(mid)));
  }
}
