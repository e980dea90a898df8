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
 *
 * Keys found are kept in memory: the `SELECT` per signed request was 4 % of the server's CPU with
 * one report per request. The copy is dropped whenever another connection has committed to the
 * file (`PRAGMA data_version`, read on every lookup for about a microsecond): `eci-events keys
 * delete` in another process, or a second `serve`, takes effect on the next request. This
 * connection's own changes go through put/delete/createFirst, which drop it themselves. A key not
 * found is not remembered, so a key just created is valid at once. One instance per connection
 * (the store's keyStore()), or one instance's writes would not reach the other's copy.
 */
export class SqliteKeyStore implements KeyStore {
  private readonly statements: Statements;
  private readonly dataVersion: Database.Statement;
  private readonly select: Database.Statement;
  private readonly cached = new Map<string, AccessKey>();
  private seenVersion = -1;

  constructor(
    db: Database.Database,
    private readonly nonces: SqliteNonces,
  ) {
    this.statements = new Statements(db);
    // Statements of their own (not the shared cache's): pluck() changes a statement's mode.
    this.dataVersion = db.prepare('PRAGMA data_version').pluck();
    this.select = db.prepare('SELECT * FROM access_keys WHERE access_key_id = ?');
  }

  async find(accessKeyId: string): Promise<AccessKey | undefined> {
    const version = this.dataVersion.get() as number;
    if (version !== this.seenVersion) {
      this.cached.clear();
      this.seenVersion = version;
    }
    const known = this.cached.get(accessKeyId);
    if (known) return known;
    const row = this.select.get(accessKeyId) as KeyRow | undefined;
    if (!row) return undefined;
    const key = toKey(row);
    this.cached.set(accessKeyId, key);
    return key;
  }

  async put(key: AccessKey): Promise<void> {
    this.cached.delete(key.accessKeyId);
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
    this.cached.delete(key.accessKeyId);
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
    this.cached.delete(accessKeyId);
    return this.statements.get('DELETE FROM access_keys WHERE access_key_id = ?').run(accessKeyId).changes > 0;
  }

  async useNonce(nonce: string, now: Micros, expiresAt: Micros): Promise<boolean> {
    return this.nonces.use(nonce, now, expiresAt);
  }

  async close(): Promise<void> {
    // The connections are the event store's; it closes them.
  }
}
