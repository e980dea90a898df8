import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { Statements } from './statements.js';
import type { Micros } from '../../model/event.js';
import type { AccessKey, KeyStore } from '../key-store.js';

interface KeyRow {
  access_key_id: string;
  access_key_secret: string;
  account: string;
  created_at: number;
}

const toKey = (r: KeyRow): AccessKey => ({ accessKeyId: r.access_key_id, accessKeySecret: r.access_key_secret, account: r.account, createdAt: r.created_at });

/**
 * Keys in the same SQLite file as the events (whose migrations create the table), on the event
 * store's connection. Used nonces are kept in this process's memory: a write per request would
 * make every other connection's page cache start cold, and one SQLite file is one machine, where
 * the service runs as one process.
 */
export class SqliteKeyStore implements KeyStore {
  private readonly statements: Statements;
  /** Digests of used nonces and when they expire, oldest first. */
  private readonly nonces = new Map<string, Micros>();

  constructor(db: Database.Database) {
    this.statements = new Statements(db);
  }

  async find(accessKeyId: string): Promise<AccessKey | undefined> {
    const row = this.statements.get('SELECT * FROM access_keys WHERE access_key_id = ?').get(accessKeyId) as KeyRow | undefined;
    return row && toKey(row);
  }

  async put(key: AccessKey): Promise<void> {
    this.statements
      .get(
        `INSERT INTO access_keys (access_key_id, access_key_secret, account, created_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (access_key_id) DO UPDATE SET access_key_secret = excluded.access_key_secret, account = excluded.account`,
      )
      .run(key.accessKeyId, key.accessKeySecret, key.account, key.createdAt);
  }

  async list(account?: string): Promise<AccessKey[]> {
    const rows = (account === undefined
      ? this.statements.get('SELECT * FROM access_keys ORDER BY account, created_at').all()
      : this.statements.get('SELECT * FROM access_keys WHERE account = ? ORDER BY created_at').all(account)) as KeyRow[];
    return rows.map(toKey);
  }

  async delete(accessKeyId: string): Promise<boolean> {
    return this.statements.get('DELETE FROM access_keys WHERE access_key_id = ?').run(accessKeyId).changes > 0;
  }

  async useNonce(nonce: string, now: Micros, expiresAt: Micros): Promise<boolean> {
    // Entries go in expiry order (expiresAt is now plus a constant), so the expired ones are first.
    for (const [key, expiry] of this.nonces) {
      if (expiry >= now) break;
      this.nonces.delete(key);
    }
    // A digest, not the text: the text is pieced together from a slice of the request's headers
    // and kept that whole header block alive, about 450 bytes a request for 15 minutes; a digest
    // is one short string (a million requests in the window: some 100 MB instead of 450).
    const key = createHash('sha1').update(nonce).digest('base64');
    const expiry = this.nonces.get(key);
    if (expiry !== undefined && expiry >= now) return false;
    this.nonces.delete(key);
    this.nonces.set(key, expiresAt);
    return true;
  }

  async close(): Promise<void> {
    // The connection is the event store's; it closes it.
  }
}
