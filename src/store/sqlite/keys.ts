import Database from 'better-sqlite3';
import { Statements } from './statements.js';
import type { Micros } from '../../model/event.js';
import type { AccessKey, KeyStore } from '../key-store.js';

/** Nonces are purged of expired entries once every this many uses. */
const NONCE_PURGE_EVERY = 1000;

interface KeyRow {
  access_key_id: string;
  access_key_secret: string;
  account: string;
  created_at: number;
}

const toKey = (r: KeyRow): AccessKey => ({ accessKeyId: r.access_key_id, accessKeySecret: r.access_key_secret, account: r.account, createdAt: r.created_at });

/**
 * Keys and nonces in the same SQLite file as the events (whose migrations create the tables), on a
 * connection of their own: a nonce needs no durable commit, and this keeps its write from paying
 * for one.
 */
export class SqliteKeyStore implements KeyStore {
  private readonly db: Database.Database;
  private readonly statements: Statements;
  private uses = 0;
  private readonly owned: boolean;

  /** A path opens a connection of its own; a shared connection (an in-memory store's) stays its owner's. */
  constructor(pathOrDb: string | Database.Database) {
    this.owned = typeof pathOrDb === 'string';
    this.db = typeof pathOrDb === 'string' ? new Database(pathOrDb) : pathOrDb;
    this.statements = new Statements(this.db);
    if (this.owned) {
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = OFF');
      this.db.pragma('busy_timeout = 10000');
    }
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
    if (++this.uses % NONCE_PURGE_EVERY === 0) this.statements.get('DELETE FROM nonces WHERE expires_at < ?').run(now);
    const { changes } = this.statements
      .get(
        `INSERT INTO nonces (nonce, expires_at) VALUES (?, ?)
         ON CONFLICT (nonce) DO UPDATE SET expires_at = excluded.expires_at WHERE nonces.expires_at < ?`,
      )
      .run(nonce, expiresAt, now);
    return changes > 0;
  }

  async close(): Promise<void> {
    if (this.owned && this.db.open) this.db.close();
  }
}
