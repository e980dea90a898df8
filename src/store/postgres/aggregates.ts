// Per container group, what its events add up to: one GROUP BY query (the histogram's is shared, sql/event-sql.ts).
import type pg from 'pg';
import type { GroupEventSummary } from '../event-store.js';

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
