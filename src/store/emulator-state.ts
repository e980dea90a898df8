// The emulator's state as the store keeps it: JSON documents keyed by (kind, id), and pending
// timers as data ({ id, due, kind, payload }). The store does not know what a document holds (the
// emulator's state/ folder does); it writes a turn's changes in the transaction of the turn's
// events, so that a crash leaves the store at a turn boundary.
import type { Micros } from '../model/event.js';

/** One document of the emulator's state: a container group, an image cache, the world... */
export interface StateDoc {
  kind: string;
  id: string;
  /** Plain JSON (no undefined inside arrays, no class instances, no non-finite numbers). */
  body: unknown;
  /** JSON.stringify(body), when the writer has it already (the store then writes it as is). */
  json?: string;
}

export interface StateKey {
  kind: string;
  id: string;
}

/** A pending step of the emulator: `kind` names the handler that runs it with `payload`. */
export interface StateTimer {
  id: string;
  due: Micros;
  kind: string;
  payload: unknown;
}

/**
 * What one or more turns change. A key is either put or deleted, never both: merging a later
 * change supersedes an earlier one (mergeStateChanges).
 */
export interface StateChange {
  puts: StateDoc[];
  deletes: StateKey[];
  timerPuts: StateTimer[];
  timerDeletes: string[];
}

/** Everything the store holds of the emulator, as loaded at start (or when a replica leads). */
export interface LoadedState {
  docs: StateDoc[];
  /** In due order (ties by id). */
  timers: StateTimer[];
}

/**
 * A check run first inside every transaction that writes emulator state (the replicas' fencing:
 * e.g. `UPDATE emulator_lease SET renewed_at = now() WHERE epoch = $1`). The statement is in the
 * backend's own dialect ($1 on PostgreSQL, ? on SQLite); unless it changes exactly one row the
 * transaction rolls back with StateFencedError, and nothing of the batch is written. PostgreSQL
 * passes at most three parameters, each as text: the SQL casts where a column is not text.
 */
export interface StateFence {
  sql: string;
  params: readonly unknown[];
}

/** A state write refused by its fence: this process no longer owns the emulator. */
export class StateFencedError extends Error {
  constructor(message = 'the emulator state is owned by another process (fence check changed no row)') {
    super(message);
    this.name = 'StateFencedError';
  }
}

export function emptyStateChange(): StateChange {
  return { puts: [], deletes: [], timerPuts: [], timerDeletes: [] };
}

export function isEmptyStateChange(c: StateChange | undefined): boolean {
  return !c || (c.puts.length === 0 && c.deletes.length === 0 && c.timerPuts.length === 0 && c.timerDeletes.length === 0);
}

const docKey = (k: StateKey): string => `${k.kind}\u0000${k.id}`;

/**
 * The changes in order folded into one: each document and timer ends as its last change said
 * (so a clock advance of many steps writes each document once).
 */
export function mergeStateChanges(changes: readonly (StateChange | undefined)[]): StateChange {
  const docs = new Map<string, { put?: StateDoc; del?: StateKey }>();
  const timers = new Map<string, StateTimer | null>();
  for (const c of changes) {
    if (!c) continue;
    // Within one change deletes come after puts: a document made and dropped in one turn is gone.
    for (const p of c.puts) docs.set(docKey(p), { put: p });
    for (const d of c.deletes) docs.set(docKey(d), { del: d });
    for (const t of c.timerPuts) timers.set(t.id, t);
    for (const id of c.timerDeletes) timers.set(id, null);
  }
  const out = emptyStateChange();
  for (const v of docs.values()) {
    if (v.put) out.puts.push(v.put);
    else out.deletes.push(v.del!);
  }
  for (const [id, t] of timers) {
    if (t) out.timerPuts.push(t);
    else out.timerDeletes.push(id);
  }
  return out;
}

/** Timers in the order they fire: due time, then id (ids are issued in scheduling order). */
export function byDue(a: StateTimer, b: StateTimer): number {
  return a.due - b.due || compareIds(a.id, b.id);
}

/** Timer ids are `t` and a decimal sequence number: shorter is older. */
function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}
