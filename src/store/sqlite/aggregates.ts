// Reads that add events up (per container group, per time bucket), each one GROUP BY query.
import type { EventType } from '../../model/event.js';
import type { GroupEventSummary, HistogramCell, HistogramQuery } from '../event-store.js';
import { filterClauses, filterParams } from './filters.js';
import type { Statements } from './statements.js';

export function groupSummaries(statements: Statements, account: string, ids?: readonly string[]): GroupEventSummary[] {
  // With one max() aggregate, SQLite takes the bare columns (obj_name, obj_namespace) from the row
  // holding the maximum: the object of the group's newest event, with no second pass.
  const rows = statements
    .raw(
      `SELECT container_group_id, count(*), sum(type = 'Warning'), max(last_ts), obj_name, obj_namespace
       FROM events
       WHERE account = @account AND container_group_id <> ''
         ${ids === undefined ? '' : 'AND container_group_id IN (SELECT value FROM json_each(@ids))'}
       GROUP BY container_group_id`,
    )
    .all({ account, ids: ids === undefined ? undefined : JSON.stringify(ids) }) as unknown[][];
  return rows.map((r) => ({
    containerGroupId: r[0] as string,
    events: Number(r[1]),
    warnings: Number(r[2]),
    lastTimestamp: Number(r[3]),
    name: r[4] as string,
    namespace: r[5] as string,
  }));
}

// Parameters arrive as REAL from JavaScript numbers; the casts keep the division whole.
export function histogram(statements: Statements, q: HistogramQuery): HistogramCell[] {
  const filter = { ...q, since: q.from, until: q.to };
  const where = filterClauses(filter);
  if (q.containerGroupId !== undefined) where.push('container_group_id = @group');
  const rows = statements
    .raw(
      `SELECT (last_ts - CAST(@from AS INTEGER)) / CAST(@bucket AS INTEGER) AS bucket, type, sum(count)
       FROM events WHERE ${where.join(' AND ')}
       GROUP BY bucket, type ORDER BY bucket, type`,
    )
    .all({ ...filterParams(filter), group: q.containerGroupId, from: q.from, bucket: q.bucketMicros }) as unknown[][];
  return rows.map((r) => ({ bucket: Number(r[0]), type: r[1] as EventType, occurrences: Number(r[2]) }));
}
