import type pg from 'pg';
// Idempotency keys on PostgreSQL: claimed inside the batch's write (record-function.ts), removed here.

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
