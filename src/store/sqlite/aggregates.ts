// Per container group, what its events add up to: one GROUP BY query (the histogram's is shared, sql/event-sql.ts).
import type { GroupEventSummary } from '../event-store.js';
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
