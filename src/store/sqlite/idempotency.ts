import type Database from 'better-sqlite3';
import type { StoredEvent } from '../../model/event.js';
import { dedupKey64, goneEvent } from '../batch.js';
import { EVENT_COLUMNS } from '../columns.js';
import { fromValues } from '../row-codec.js';
import type { EventWrite } from '../event-store.js';
import { limitParam } from './statements.js';

/**
 * Idempotency keys on SQLite, used inside the event batch's write transaction (BEGIN IMMEDIATE),
 * so that a key is claimed if and only if its occurrence is counted.
 */
export class SqliteIdempotency {
  private readonly claimKey: Database.Statement;
  private readonly claimedKey: Database.Statement;
  private readonly eventByKey: Database.Statement;
  private readonly purge: Database.Statement;

  constructor(db: Database.Database) {
    this.claimKey = db.prepare('INSERT INTO idempotency_keys (account, idem_key, dedup_key, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING');
    // 64-bit keys: read back as BigInt, which a JavaScript number could not hold exactly.
    this.claimedKey = db.prepare('SELECT dedup_key FROM idempotency_keys WHERE account = ? AND idem_key = ?').pluck().safeIntegers(true);
    this.eventByKey = db.prepare(`SELECT ${EVENT_COLUMNS} FROM events WHERE dedup_key = ?`).raw();
    this.purge = db.prepare(`DELETE FROM idempotency_keys WHERE rowid IN (SELECT rowid FROM idempotency_keys WHERE created_at < ? ${limitParam('?')})`);
  }

  /**
   * Claims the key of each keyed write, in order. Returns, per write, the dedup key of the event
   * an earlier use of its key counted towards (the write is a repeat and must add nothing), or
   * undefined; the whole result is undefined when no write carries a key.
   */
  claim(writes: readonly EventWrite[], nowMs: number): Array<bigint | undefined> | undefined {
    let repeats: Array<bigint | undefined> | undefined;
    writes.forEach((w, i) => {
      if (w.idempotencyKey === undefined) return;
      repeats ??= new Array<bigint | undefined>(writes.length);
      // A second use in this batch conflicts with the row the first use just inserted.
      if (this.claimKey.run(w.account, w.idempotencyKey, dedupKey64(w.key), nowMs).changes === 0) {
        repeats[i] = this.claimedKey.get(w.account, w.idempotencyKey) as bigint;
      }
    });
    return repeats;
  }

  /** The event a repeated key points to, as it stands now (after the batch's own writes). */
  current(key: bigint, w: EventWrite): StoredEvent {
    const row = this.eventByKey.get(key) as unknown[] | undefined;
    return row ? fromValues(row) : goneEvent(w);
  }

  purgeBefore(beforeMs: number, batchSize: number): number {
    return this.purge.run(beforeMs, batchSize).changes;
  }
}
