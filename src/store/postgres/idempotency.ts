import type pg from 'pg';
import type { StoredEvent } from '../../model/event.js';
import { dedupKey64, firstUses } from '../batch.js';
import { EVENT_COLUMNS } from '../columns.js';
import { DEDUP_KEY_AT, fromValues } from '../row-codec.js';
import type { EventWrite } from '../event-store.js';

const idOf = (account: string, key: string): string => `${account}\u0000${key}`;

/**
 * Claims the idempotency keys of a batch inside its write transaction (under the write lock, so
 * replicas claim one at a time). Returns, per write, the dedup key (decimal) of the event an earlier use of
 * its key counted towards (the write is a repeat and must add nothing), or undefined; the whole
 * result is undefined when no write carries a key.
 */
export async function claimKeys(c: pg.PoolClient, writes: readonly EventWrite[], nowMs: number): Promise<Array<string | undefined> | undefined> {
  const first = firstUses(writes);
  if (!first) return undefined;
  const claims = writes.filter((w, i) => w.idempotencyKey !== undefined && first[i]);
  const { rows } = await c.query<{ account: string; idem_key: string }>(
    `INSERT INTO idempotency_keys (account, idem_key, dedup_key, created_at)
     SELECT a, k, h, $4 FROM unnest($1::text[], $2::text[], $3::int8[]) AS t(a, k, h)
     ON CONFLICT DO NOTHING RETURNING account, idem_key`,
    [claims.map((w) => w.account), claims.map((w) => w.idempotencyKey), claims.map((w) => String(dedupKey64(w.key))), nowMs],
  );
  const claimed = new Set(rows.map((r) => idOf(r.account, r.idem_key)));
  const repeats = new Array<string | undefined>(writes.length);
  const repeated = writes.filter((w, i) => w.idempotencyKey !== undefined && !(first[i] && claimed.has(idOf(w.account, w.idempotencyKey))));
  if (repeated.length === 0) return repeats;
  const found = await c.query<{ account: string; idem_key: string; dedup_key: string }>(
    `SELECT account, idem_key, dedup_key FROM idempotency_keys
     WHERE (account, idem_key) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
    [repeated.map((w) => w.account), repeated.map((w) => w.idempotencyKey)],
  );
  const keyOf = new Map(found.rows.map((r) => [idOf(r.account, r.idem_key), r.dedup_key]));
  writes.forEach((w, i) => {
    if (w.idempotencyKey === undefined || (first[i] && claimed.has(idOf(w.account, w.idempotencyKey)))) return;
    repeats[i] = keyOf.get(idOf(w.account, w.idempotencyKey));
  });
  return repeats;
}

/** The events these dedup keys (decimal) name, as they stand now (after the batch's own writes). */
export async function eventsByKey(c: pg.PoolClient, keys: readonly string[]): Promise<Map<string, StoredEvent>> {
  if (keys.length === 0) return new Map();
  const { rows } = await c.query<unknown[]>({
    text: `SELECT ${EVENT_COLUMNS}, dedup_key FROM events WHERE dedup_key = ANY($1::int8[])`,
    values: [[...new Set(keys)]],
    rowMode: 'array',
  });
  return new Map(rows.map((r) => [r[DEDUP_KEY_AT] as string, fromValues(r)]));
}

export async function purgeKeys(pool: pg.Pool, before: number, batchSize: number): Promise<number> {
  let total = 0;
  for (;;) {
    const { rowCount } = await pool.query(
      `DELETE FROM idempotency_keys WHERE (account, idem_key) IN
         (SELECT account, idem_key FROM idempotency_keys WHERE created_at < $1 LIMIT $2)`,
      [before, batchSize],
    );
    total += rowCount ?? 0;
    if ((rowCount ?? 0) < batchSize) return total;
  }
}
