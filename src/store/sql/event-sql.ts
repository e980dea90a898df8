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
 * that hour, not as one bar at its last repeat. An event within one bucket, as most are, is counted
 * there whole; one whose span crosses a bucket boundary or an end of the range is joined with the
 * buckets it spans.
 * A bucket's share is the number of occurrences before its end less those before its start, so
 * the shares add up to the count exactly whatever the rounding. The casts keep the arithmetic
 * whole where the values arrive as floating point (SQLite binds a JavaScript number as REAL).
 */
export function histogramSql(b: Bind, q: HistogramQuery): string {
  const d = b.dialect;
  const buckets = Math.max(1, Math.ceil((q.to - q.from) / q.bucketMicros));
  const params = `SELECT CAST(${b.value(q.from)} AS BIGINT), CAST(${b.value(q.to)} AS BIGINT), CAST(${b.value(q.bucketMicros)} AS BIGINT), CAST(${b.value(buckets)} AS BIGINT)`;
  const matching = () => {
    const clauses = filterClauses(q, b, 'e.');
    if (q.containerGroupId !== undefined) clauses.push(`e.container_group_id = ${b.value(q.containerGroupId)}`);
    return [...clauses, 'e.last_ts >= p.lo_ts', 'e.first_ts < p.hi_ts'];
  };
  // Within one bucket of the range: the bucket of its last timestamp, its whole count.
  const inOneBucket = 'e.first_ts >= p.lo_ts AND e.last_ts < p.hi_ts AND (e.first_ts - p.lo_ts) / p.w = (e.last_ts - p.lo_ts) / p.w';
  /** How many of the event's occurrences come before time `x`. */
  const before = (x: string) =>
    `CASE WHEN s.n = 1 OR s.l = s.f THEN (CASE WHEN ${x} > s.l THEN s.n ELSE 0 END)
      ELSE ${d.least('s.n', d.greatest('0', `ceil(CAST(${x} - s.f AS DOUBLE PRECISION) * (s.n - 1) / (s.l - s.f))`))} END`;
  return `WITH RECURSIVE p(lo_ts, hi_ts, w, nb) AS (${params}),
    buckets(i) AS (SELECT CAST(0 AS BIGINT) UNION ALL SELECT buckets.i + 1 FROM buckets, p WHERE buckets.i + 1 < p.nb),
    cells(i, type, occ) AS (
      SELECT (e.last_ts - p.lo_ts) / p.w, e.type, e.count FROM events e, p WHERE ${[...matching(), inOneBucket].join(' AND ')}
      UNION ALL
      SELECT bk.i, s.type, ${before('p.lo_ts + (bk.i + 1) * p.w')} - ${before('p.lo_ts + bk.i * p.w')}
      FROM (
        SELECT e.type AS type, e.count AS n, e.first_ts AS f, e.last_ts AS l,
          (${d.greatest('e.first_ts', 'p.lo_ts')} - p.lo_ts) / p.w AS b0,
          (${d.least('e.last_ts', 'p.hi_ts - 1')} - p.lo_ts) / p.w AS b1
        FROM events e, p WHERE ${matching().join(' AND ')} AND NOT (${inOneBucket})
      ) s JOIN buckets bk ON bk.i >= s.b0 AND bk.i <= s.b1, p
    )
    SELECT i, type, sum(occ) FROM cells GROUP BY i, type HAVING sum(occ) > 0 ORDER BY i, type`;
}

/** The earliest first timestamp of the events matching the query, or null: where a chart of them may start. */
export function earliestSql(b: Bind, q: Omit<HistogramQuery, 'from' | 'to' | 'bucketMicros'>): string {
  const clauses = filterClauses(q, b);
  if (q.containerGroupId !== undefined) clauses.push(`container_group_id = ${b.value(q.containerGroupId)}`);
  return `SELECT min(first_ts) FROM events ${where(clauses)}`;
}

/** The cells of histogramSql()'s rows. */
export function histogramCells(rows: readonly unknown[][]): HistogramCell[] {
  return rows.map((r) => ({ bucket: Number(r[0]), type: r[1] as EventType, occurrences: Number(r[2]) }));
}
