// The parameters of one call of ecie_record() (record-function.ts), in its argument order.
import type { EventWrite, RecordOptions } from '../event-store.js';
import { arrayLiteral } from './array-literal.js';
import { MAX_FENCE_PARAMS } from './record-function.js';

/** The event columns, in the function's argument order; one array of every write per column. */
const WRITE_COLUMNS: ReadonlyArray<(w: EventWrite, key: bigint) => unknown> = [
  (w) => w.account,
  // As text: the driver sends a BigInt array element by its decimal digits only this way.
  (_, key) => String(key),
  (w) => w.name,
  (w) => w.namespace,
  (w) => w.uid,
  (w) => w.containerGroupId,
  (w) => w.involvedObject.apiVersion,
  (w) => w.involvedObject.kind,
  (w) => w.involvedObject.name,
  (w) => w.involvedObject.namespace,
  (w) => w.involvedObject.uid,
  (w) => w.involvedObject.fieldPath ?? '',
  (w) => w.reason,
  (w) => w.message,
  (w) => w.type,
  (w) => w.count,
  (w) => w.firstTimestamp,
  (w) => w.lastTimestamp,
  (w) => w.source.component,
  (w) => w.source.host,
  (w) => w.reportingComponent,
  (w) => w.reportingInstance,
];

/** The call, as a prepared statement's text: 38 parameters (the function's second version). */
export const RECORD_SQL = `SELECT * FROM ecie_record(${Array.from({ length: 16 + WRITE_COLUMNS.length }, (_, i) => `$${i + 1}`).join(', ')})`;

/**
 * One row the function returns: an upserted event (repeat_ord null), a repeated write's answer, or
 * (repeat_ord 0) the first of the versions a folded batch took, its new events not returned.
 */
export type RecordRow = { repeat_ord: number | null; dedup_key: string | null; version: string | null } & Record<string, unknown>;

/**
 * Every array goes as its text form (array-literal.ts), made now rather than when the driver
 * sends the call. `writes` are folded by key already when `first` is undefined (no write carries
 * an idempotency key); else they are the batch's writes one by one and `first` says which use
 * its key first. `newRows`: a folded batch's new events come back too (else the caller makes them
 * from the writes).
 */
export function recordParams(
  writes: readonly EventWrite[],
  keys: readonly bigint[],
  first: readonly boolean[] | undefined,
  options: RecordOptions,
  newRows = true,
): unknown[] {
  const { state, fence } = options;
  const fenceParams = fence ? fence.params.map(String) : [];
  // The function passes a fence's parameters by a fixed list, as text (the fence's SQL casts).
  if (fenceParams.length > MAX_FENCE_PARAMS) throw new Error(`a state fence takes at most ${MAX_FENCE_PARAMS} parameters, got ${fenceParams.length}`);
  const puts = state?.puts ?? [];
  const deletes = state?.deletes ?? [];
  const timers = state?.timerPuts ?? [];
  return [
    state && fence ? fence.sql : null,
    arrayLiteral(fenceParams),
    arrayLiteral(puts.map((d) => d.kind)),
    arrayLiteral(puts.map((d) => d.id)),
    arrayLiteral(puts.map((d) => d.json ?? JSON.stringify(d.body))),
    arrayLiteral(deletes.map((d) => d.kind)),
    arrayLiteral(deletes.map((d) => d.id)),
    arrayLiteral(timers.map((t) => t.id)),
    arrayLiteral(timers.map((t) => t.due)),
    arrayLiteral(timers.map((t) => t.kind)),
    arrayLiteral(timers.map((t) => JSON.stringify(t.payload))),
    arrayLiteral(state?.timerDeletes ?? []),
    Date.now(),
    first ? arrayLiteral(writes.map((w) => w.idempotencyKey ?? null)) : null,
    first ? arrayLiteral(first) : null,
    ...WRITE_COLUMNS.map((get) => arrayLiteral(writes.map((w, i) => get(w, keys[i]!)))),
    newRows,
  ];
}
