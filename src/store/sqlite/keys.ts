import type Database from 'better-sqlite3';
import type { SqliteNonces } from './nonces.js';
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
 * store's connection; used nonces in a file of their own (nonces.ts), so that they outlive the
 * process without a write per request to the events file.
 */
export class SqliteKeyStore implements KeyStore {
  private readonly statements: Statements;

  constructor(
    db: Database.Database,
    private readonly nonces: SqliteNonces,
  ) {
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

  async createFirst(key: AccessKey): Promise<boolean> {
    // One statement is atomic under SQLite's write lock, and one process serves the file.
    const { changes } = this.statements
      .get(
        `INSERT INTO access_keys (access_key_id, access_key_secret, account, created_at)
         SELECT ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM access_keys)`,
      )
      .run(key.accessKeyId, key.accessKeySecret, key.account, key.createdAt);
    return changes > 0;
  }

  async list(account?: string): Promise<AccessKey[]> {
    const rows = (
      account === undefined
        ? this.statements.get('SELECT * FROM access_keys ORDER BY account, created_at').all()
        : this.statements.get('SELECT * FROM access_keys WHERE account = ? ORDER BY created_at').all(account)
    ) as KeyRow[];
    return rows.map(toKey);
  }

  async delete(accessKeyId: string): Promise<boolean> {
    return this.statements.get('DELETE FROM access_keys WHERE access_key_id = ?').run(accessKeyId).changes > 0;
  }

  async useNonce(nonce: string, now: Micros, expiresAt: Micros): Promise<boolean> {
    return this.nonces.use(nonce, now, expiresAt);
  }

  async close(): Promise<void> {
    // The connections are the event store's; it closes them.
  }
}
