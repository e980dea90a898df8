// The statements on events that both backends run as they are, written once around the
// dialect's hooks (dialect.ts). Each binds its values through `b` as its text is made; every
// row they select is an array of values (row-codec.ts reads those of events).
import type { EventType } from '../../model/event.js';
import { EVENT_COLUMNS } from '../columns.js';
import type { ChangeScope, HistogramCell, HistogramQuery, ListQuery } from '../event-store.js';
import type { Bind, Dialect } from './dialect.js';
import { cursorClauses, filterClauses, scopeClauses } from './filters.js';

export const DEFAULT_LIST_LIMIT = 500;

const where = (clauses: readonly string[]): string => (clauses.length ? `WHERE ${clauses.join(' AND ')}` : '');

/**
 * What a repeat does to the stored event (the upsert's conflict branch): the occurrences add up,
 * the first and last times widen, and the message is the latest occurrence's, as mergeBatch()
 * merges the repeats within one batch (batch.ts).
 */
export function mergeRepeatSql(d: Dialect): string {
  return `ON CONFLICT (dedup_key) DO UPDATE SET
    count = events.count + excluded.count,
    first_ts = ${d.least('events.first_ts', 'excluded.first_ts')},
    message = CASE WHEN excluded.last_ts >= events.last_ts THEN excluded.message ELSE events.message END,
    last_ts = ${d.greatest('events.last_ts', 'excluded.last_ts')},
    version = excluded.version`;
}

/** An account's event by namespace and name, by one probe of events_account_namespace_name. */
export function eventByNameSql(b: Bind, account: string, namespace: string, name: string): string {
  const ns = b.dialect.bytewise('namespace');
  return `SELECT ${EVENT_COLUMNS} FROM events WHERE account = ${b.value(account)} AND ${ns} = ${b.value(namespace)} AND name = ${b.value(name)}`;
}

/**
 * An account's namespaces, in byte order: each the next one after the last, by one probe of
 * events_account_namespace_name (a loose index scan: the cost goes with the namespaces, not the
 * events, where SELECT DISTINCT reads every event of the account).
 */
export function namespacesSql(b: Bind, account: string): string {
  const ns = b.dialect.bytewise('namespace');
  const next = b.dialect.bytewise('e.namespace');
  return `WITH RECURSIVE ns(namespace) AS (
    SELECT (SELECT ${ns} FROM events WHERE account = ${b.value(account)} ORDER BY 1 LIMIT 1)
    UNION ALL
    SELECT (SELECT ${next} FROM events e WHERE e.account = ${b.value(account)} AND ${next} > ns.namespace ORDER BY 1 LIMIT 1)
    FROM ns WHERE ns.namespace IS NOT NULL
  ) SELECT namespace FROM ns WHERE namespace IS NOT NULL`;
}

/** Events matching the query, newest first. */
export function listSql(b: Bind, q: ListQuery): string {
  const clauses = [...filterClauses(q, b), ...cursorClauses(q.before, b)];
  if (q.containerGroupId !== undefined) clauses.push(`container_group_id = ${b.value(q.containerGroupId)}`);
  if (q.namespace !== undefined) clauses.push(`namespace = ${b.value(q.namespace)}`);
  return `SELECT ${EVENT_COLUMNS} FROM events ${where(clauses)}
    ORDER BY last_ts DESC, version DESC ${b.dialect.limit(b.value(q.limit ?? DEFAULT_LIST_LIMIT))}`;
}

/** The change feed: events of the scope changed after `version`, oldest change first. */
export function changesSql(b: Bind, version: number, limit: number, scope: ChangeScope): string {
  const clauses = [...scopeClauses(scope, b), `version > ${b.value(version)}`];
  return `SELECT ${EVENT_COLUMNS} FROM events ${where(clauses)} ORDER BY version ${b.dialect.limit(b.value(limit))}`;
}

/** Ids of an account's container groups that have events, in id order, after `after`. */
export function groupsWithEventsSql(b: Bind, account: string, after: string, limit: number): string {
  return `SELECT DISTINCT container_group_id FROM events
    WHERE account = ${b.value(account)} AND container_group_id > ${b.value(after)}
    ORDER BY container_group_id ${b.dialect.limit(b.value(limit))}`;
}

/**
 * Occurrences by bucket and by type, each event's `count` occurrences spread evenly over its span
 * from first to last timestamp (the k-th of n at first + k * (last - first) / (n - 1); a single
 * occurrence at its last timestamp): a crash loop's BackOff counted up for an hour is drawn over
 * that hour, not as one bar at its last repeat. One scan: an event within one bucket of the range,
 * as most are, is summed into its bucket by the database; one whose span crosses a bucket boundary
 * or an end of the range comes back alone (keyed by its version, below 0) with its count and span,
 * and histogramCells() spreads it. The casts keep the division whole where the values arrive as
 * floating point (SQLite binds a JavaScript number as REAL).
 */
export function histogramSql(b: Bind, q: HistogramQuery): string {
  // SQLite's ? are positional: each value is bound where it appears, in the text's order.
  const from = () => `CAST(${b.value(q.from)} AS BIGINT)`;
  const width = () => `CAST(${b.value(q.bucketMicros)} AS BIGINT)`;
  const oneBucket = `first_ts >= ${from()} AND last_ts < CAST(${b.value(q.to)} AS BIGINT) AND (first_ts - ${from()}) / ${width()} = (last_ts - ${from()}) / ${width()}`;
  const select = `SELECT CASE WHEN ${oneBucket} THEN (last_ts - ${from()}) / ${width()} ELSE -1 - version END, type, sum(count), min(first_ts), max(last_ts)`;
  const clauses = filterClauses(q, b);
  if (q.containerGroupId !== undefined) clauses.push(`container_group_id = ${b.value(q.containerGroupId)}`);
  clauses.push(`last_ts >= ${b.value(q.from)}`, `first_ts < ${b.value(q.to)}`);
  return `${select} FROM events ${where(clauses)} GROUP BY 1, 2 ORDER BY 1, 2`;
}

/** The earliest first timestamp of the events matching the query, or null: where a chart of them may start. */
export function earliestSql(b: Bind, q: Omit<HistogramQuery, 'from' | 'to' | 'bucketMicros'>): string {
  const clauses = filterClauses(q, b);
  if (q.containerGroupId !== undefined) clauses.push(`container_group_id = ${b.value(q.containerGroupId)}`);
  return `SELECT min(first_ts) FROM events ${where(clauses)}`;
}

/**
 * The cells of histogramSql()'s rows: a bucket's sum as it is; an event that spans buckets, its
 * share of each. A bucket's share is the occurrences before its end less those before its start,
 * so the shares add up to the count exactly whatever the rounding.
 */
export function histogramCells(rows: readonly unknown[][], q: Pick<HistogramQuery, 'from' | 'to' | 'bucketMicros'>): HistogramCell[] {
  const cells = new Map<string, HistogramCell>();
  const add = (bucket: number, type: EventType, occurrences: number) => {
    if (occurrences <= 0) return;
    const key = `${bucket} ${type}`;
    const cell = cells.get(key);
    if (cell) cell.occurrences += occurrences;
    else cells.set(key, { bucket, type, occurrences });
  };
  for (const r of rows) {
    const key = Number(r[0]);
    const type = r[1] as EventType;
    const n = Number(r[2]);
    if (key >= 0) {
      add(key, type, n);
      continue;
    }
    const [f, l] = [Number(r[3]), Number(r[4])];
    const before = (x: number) => (n === 1 || l === f ? (x > l ? n : 0) : Math.min(n, Math.max(0, Math.ceil(((x - f) / (l - f)) * (n - 1) - 1e-9))));
    const first = Math.floor((Math.max(f, q.from) - q.from) / q.bucketMicros);
    const last = Math.floor((Math.min(l, q.to - 1) - q.from) / q.bucketMicros);
    for (let i = first; i <= last; i++) add(i, type, before(q.from + (i + 1) * q.bucketMicros) - before(q.from + i * q.bucketMicros));
  }
  return [...cells.values()].sort((a, b) => a.bucket - b.bucket || (a.type < b.type ? -1 : a.type > b.type ? 1 : 0));
}
