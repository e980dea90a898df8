// A group commit puts many callers' writes in one transaction; when it fails, which write was at
// fault is not known. Retrying the halves apart, down to single writes, gives the error to that
// write's caller alone and commits every other write exactly once. Retrying is safe only when the
// store says the failed transaction changed nothing (it rolled back whole): a commit whose answer
// was lost may have committed, and its writes are then not retried but failed.
import type { StoredEvent } from '../model/event.js';
import { mergeStateChanges, type StateChange } from './emulator-state.js';
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
 * What must commit whole or not at all: one report's write, or an emulator turn (its events and
 * its state changes). Retried apart, a unit is never split.
 */
export interface CommitUnit {
  writes: readonly EventWrite[];
  state?: StateChange;
}

export type UnitOutcome = { ok: true; events: StoredEvent[] } | { ok: false; error: unknown };

/** Commits units together: their writes in order, their state changes merged in order. */
export type CommitUnits = (writes: readonly EventWrite[], state: StateChange | undefined) => Promise<StoredEvent[]>;

/**
 * Commits `units` in one transaction if it can; if that transaction rolls back, commits each half
 * apart (in order, so versions and state changes keep their order), and so on down to single
 * units. A unit's outcome is its own failure, or the failure of a transaction that cannot be
 * retried; every other unit is committed once.
 */
export async function commitApart(commit: CommitUnits, units: readonly CommitUnit[]): Promise<UnitOutcome[]> {
  const writes = units.flatMap((u) => u.writes);
  const states = units.filter((u) => u.state).map((u) => u.state);
  try {
    const events = await commit(writes, states.length ? mergeStateChanges(states) : undefined);
    let at = 0;
    return units.map((u) => ({ ok: true, events: events.slice(at, (at += u.writes.length)) }));
  } catch (error) {
    if (units.length === 1 || !isRolledBack(error)) return units.map(() => ({ ok: false, error }));
    const mid = Math.ceil(units.length / 2);
    const first = await commitApart(commit, units.slice(0, mid));
    return first.concat(await commitApart(commit, units.slice(mid)));
  }
}

/** commitApart() of single writes: each write's outcome. */
export async function recordApart(record: (writes: readonly EventWrite[]) => Promise<StoredEvent[]>, writes: readonly EventWrite[]): Promise<WriteOutcome[]> {
  const outcomes = await commitApart(
    (w) => record(w),
    writes.map((w) => ({ writes: [w] })),
  );
  return outcomes.map((o) => (o.ok ? { ok: true, event: o.events[0]! } : o));
}
