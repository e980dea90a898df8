// The emulator's documents and timers on PostgreSQL (see ../emulator-state.ts): written inside
// the batch's write by the store (record-function.ts), read in one snapshot when a process starts
// or becomes the leader.
import type pg from 'pg';
import type { LoadedState } from '../emulator-state.js';

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
    const timers = await c.query<{ id: string; due: string; kind: string; payload: unknown }>(
      'SELECT id, due, kind, payload FROM emulator_timers ORDER BY due, length(id), id',
    );
    await c.query('COMMIT');
    return { docs: docs.rows, timers: timers.rows.map((r) => ({ id: r.id, due: Number(r.due), kind: r.kind, payload: r.payload })) };
  } catch (err) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    c.release();
  }
}
