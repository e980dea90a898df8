// The emulator's documents and timers on PostgreSQL (see ../emulator-state.ts): written inside
// the batch's transaction by the store (a few array-parameter statements, whatever the batch's
// size), read in one snapshot when a process starts or becomes the leader.
import type pg from 'pg';
import { StateFencedError, type LoadedState, type StateChange, type StateFence } from '../emulator-state.js';

export async function writeEmulatorState(c: pg.PoolClient, change: StateChange, fence?: StateFence): Promise<void> {
  if (fence && (await c.query(fence.sql, [...fence.params])).rowCount !== 1) throw new StateFencedError();
  if (change.puts.length) {
    await c.query(
      `INSERT INTO emulator_state (kind, id, body)
       SELECT k, i, b::jsonb FROM unnest($1::text[], $2::text[], $3::text[]) AS r(k, i, b)
       ON CONFLICT (kind, id) DO UPDATE SET body = excluded.body`,
      [change.puts.map((d) => d.kind), change.puts.map((d) => d.id), change.puts.map((d) => d.json ?? JSON.stringify(d.body))],
    );
  }
  if (change.deletes.length) {
    await c.query(`DELETE FROM emulator_state WHERE (kind, id) IN (SELECT * FROM unnest($1::text[], $2::text[]))`, [
      change.deletes.map((d) => d.kind),
      change.deletes.map((d) => d.id),
    ]);
  }
  if (change.timerPuts.length) {
    const t = change.timerPuts;
    await c.query(
      `INSERT INTO emulator_timers (id, due, kind, payload)
       SELECT i, d, k, p::jsonb FROM unnest($1::text[], $2::int8[], $3::text[], $4::text[]) AS r(i, d, k, p)
       ON CONFLICT (id) DO UPDATE SET due = excluded.due, kind = excluded.kind, payload = excluded.payload`,
      [t.map((x) => x.id), t.map((x) => x.due), t.map((x) => x.kind), t.map((x) => JSON.stringify(x.payload))],
    );
  }
  if (change.timerDeletes.length) await c.query('DELETE FROM emulator_timers WHERE id = ANY($1::text[])', [change.timerDeletes]);
}

/** One document's body, or undefined. */
export async function loadEmulatorDoc(pool: pg.Pool, kind: string, id: string): Promise<unknown> {
  const { rows } = await pool.query<{ body: unknown }>('SELECT body FROM emulator_state WHERE kind = $1 AND id = $2', [kind, id]);
  return rows[0]?.body;
}

export async function loadEmulatorState(pool: pg.Pool): Promise<LoadedState> {
  const c = await pool.connect();
  try {
    // One snapshot for both tables: a turn committed between the two reads cannot be half seen.
    await c.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const docs = await c.query<{ kind: string; id: string; body: unknown }>('SELECT kind, id, body FROM emulator_state ORDER BY kind, id');
    const timers = await c.query<{ id: string; due: string; kind: string; payload: unknown }>('SELECT id, due, kind, payload FROM emulator_timers ORDER BY due, length(id), id');
    await c.query('COMMIT');
    return { docs: docs.rows, timers: timers.rows.map((r) => ({ id: r.id, due: Number(r.due), kind: r.kind, payload: r.payload })) };
  } catch (err) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    c.release();
  }
}
