import type Database from 'better-sqlite3';
import type { StoredEvent } from '../../model/event.js';
import { goneEvent, keyHash } from '../batch.js';
import { EVENT_COLUMNS, fromValues } from '../columns.js';
import type { EventWrite } from '../event-store.js';
import { limitParam } from './statements.js';

/**
 * Idempotency keys on SQLite, used inside the event batch's write transaction (BEGIN IMMEDIATE),
 * so that a key is claimed if and only if its occurrence is counted.
 */
export class SqliteIdempotency {
  private readonly claimKey: Database.Statement;
  private readonly claimedHash: Database.Statement;
  private readonly eventByHash: Database.Statement;
  private readonly purge: Database.Statement;

  constructor(db: Database.Database) {
    this.claimKey = db.prepare(
      'INSERT INTO idempotency_keys (account, idem_key, dedup_hash, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
    );
    this.claimedHash = db.prepare('SELECT dedup_hash FROM idempotency_keys WHERE account = ? AND idem_key = ?').pluck();
    this.eventByHash = db.prepare(`SELECT ${EVENT_COLUMNS} FROM events WHERE dedup_hash = ?`).raw();
    this.purge = db.prepare(
      `DELETE FROM idempotency_keys WHERE rowid IN (SELECT rowid FROM idempotency_keys WHERE created_at < ? ${limitParam('?')})`,
    );
  }

  /**
   * Claims the key of each keyed write, in order. Returns, per write, the dedup hash of the event
   * an earlier use of its key counted towards (the write is a repeat and must add nothing), or
   * undefined; the whole result is undefined when no write carries a key.
   */
  claim(writes: readonly EventWrite[], nowMs: number): Array<string | undefined> | undefined {
    let repeats: Array<string | undefined> | undefined;
    writes.forEach((w, i) => {
      if (w.idempotencyKey === undefined) return;
      repeats ??= new Array<string | undefined>(writes.length);
      // A second use in this batch conflicts with the row the first use just inserted.
      if (this.claimKey.run(w.account, w.idempotencyKey, keyHash(w.key), nowMs).changes === 0) {
        repeats[i] = this.claimedHash.get(w.account, w.idempotencyKey) as string;
      }
    });
    return repeats;
  }

  /** The event a repeated key points to, as it stands now (after the batch's own writes). */
  current(hash: string, w: EventWrite): StoredEvent {
    const row = this.eventByHash.get(hash) as unknown[] | undefined;
    return row ? fromValues(row) : goneEvent(w);
  }

  purgeBefore(beforeMs: number, batchSize: number): number {
    return this.purge.run(beforeMs, batchSize).changes;
  }
}
