// The emulator's documents and timers on SQLite (see ../emulator-state.ts): written inside the
// batch's transaction by the store, read in one snapshot at start.
import type Database from 'better-sqlite3';
import { StateFencedError, type LoadedState, type StateChange, type StateFence } from '../emulator-state.js';
import type { Statements } from './statements.js';

export class SqliteEmulatorState {
  constructor(
    private readonly db: Database.Database,
    private readonly statements: Statements,
  ) {}

  /** Runs inside the caller's transaction: the fence first, then every put and delete. */
  write(change: StateChange, fence?: StateFence): void {
    if (fence && this.db.prepare(fence.sql).run(...fence.params).changes !== 1) throw new StateFencedError();
    const put = this.statements.get('INSERT INTO emulator_state (kind, id, body) VALUES (?, ?, ?) ON CONFLICT (kind, id) DO UPDATE SET body = excluded.body');
    const del = this.statements.get('DELETE FROM emulator_state WHERE kind = ? AND id = ?');
    const putTimer = this.statements.get(
      'INSERT INTO emulator_timers (id, due, kind, payload) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET due = excluded.due, kind = excluded.kind, payload = excluded.payload',
    );
    const delTimer = this.statements.get('DELETE FROM emulator_timers WHERE id = ?');
    for (const d of change.puts) put.run(d.kind, d.id, d.json ?? JSON.stringify(d.body));
    for (const d of change.deletes) del.run(d.kind, d.id);
    for (const t of change.timerPuts) putTimer.run(t.id, t.due, t.kind, JSON.stringify(t.payload));
    for (const id of change.timerDeletes) delTimer.run(id);
  }

  loadDoc(kind: string, id: string): unknown {
    const row = this.statements.get('SELECT body FROM emulator_state WHERE kind = ? AND id = ?').get(kind, id) as { body: string } | undefined;
    return row ? (JSON.parse(row.body) as unknown) : undefined;
  }

  load(): LoadedState {
    return this.db.transaction(() => {
      const docs = (
        this.statements.get('SELECT kind, id, body FROM emulator_state ORDER BY kind, id').all() as { kind: string; id: string; body: string }[]
      ).map((r) => ({ kind: r.kind, id: r.id, body: JSON.parse(r.body) as unknown }));
      const timers = (
        this.statements.get('SELECT id, due, kind, payload FROM emulator_timers ORDER BY due, length(id), id').all() as {
          id: string;
          due: number;
          kind: string;
          payload: string;
        }[]
      ).map((r) => ({ id: r.id, due: r.due, kind: r.kind, payload: JSON.parse(r.payload) as unknown }));
      return { docs, timers };
    })();
  }
}
