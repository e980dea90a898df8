import type pg from 'pg';
import type { Micros } from '../../model/event.js';
import type { AccessKey, KeyStore } from '../key-store.js';

const NONCE_PURGE_EVERY = 1000;

/**
 * The transaction lock that makes "no key yet? then create one" one step across replicas: under
 * READ COMMITTED two transactions could each see an empty table and each insert. Apart from the
 * store's write and migration locks and the emulator's lease ("ecie", "ecif", "ecig").
 */
const FIRST_KEY_LOCK = 0x6563_696b; // "ecik"

interface KeyRow {
  access_key_id: string;
  access_key_secret: string;
  account: string;
  created_at: string;
}

const toKey = (r: KeyRow): AccessKey => ({ accessKeyId: r.access_key_id, accessKeySecret: r.access_key_secret, account: r.account, createdAt: Number(r.created_at) });

/** Keys and nonces in PostgreSQL, so that every replica accepts the same keys and no nonce twice. */
export class PostgresKeyStore implements KeyStore {
  private uses = 0;

  /** `pool` belongs to the event store, whose migrations create these tables. */
  constructor(private readonly pool: pg.Pool) {}

  async find(accessKeyId: string): Promise<AccessKey | undefined> {
    const { rows } = await this.pool.query<KeyRow>('SELECT * FROM access_keys WHERE access_key_id = $1', [accessKeyId]);
    return rows[0] && toKey(rows[0]);
  }

  async put(key: AccessKey): Promise<void> {
    await this.pool.query(
      `INSERT INTO access_keys (access_key_id, access_key_secret, account, created_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (access_key_id) DO UPDATE SET access_key_secret = excluded.access_key_secret, account = excluded.account`,
      [key.accessKeyId, key.accessKeySecret, key.account, key.createdAt],
    );
  }

  async createFirst(key: AccessKey): Promise<boolean> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1)', [FIRST_KEY_LOCK]);
      const { rowCount } = await client.query(
        `INSERT INTO access_keys (access_key_id, access_key_secret, account, created_at)
         SELECT $1, $2, $3, $4 WHERE NOT EXISTS (SELECT 1 FROM access_keys)`,
        [key.accessKeyId, key.accessKeySecret, key.account, key.createdAt],
      );
      await client.query('COMMIT');
      return (rowCount ?? 0) > 0;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  async list(account?: string): Promise<AccessKey[]> {
    const { rows } =
      account === undefined
        ? await this.pool.query<KeyRow>('SELECT * FROM access_keys ORDER BY account, created_at')
        : await this.pool.query<KeyRow>('SELECT * FROM access_keys WHERE account = $1 ORDER BY created_at', [account]);
    return rows.map(toKey);
  }

  async delete(accessKeyId: string): Promise<boolean> {
    const { rowCount } = await this.pool.query('DELETE FROM access_keys WHERE access_key_id = $1', [accessKeyId]);
    return (rowCount ?? 0) > 0;
  }

  async useNonce(nonce: string, now: Micros, expiresAt: Micros): Promise<boolean> {
    if (++this.uses % NONCE_PURGE_EVERY === 0) await this.pool.query('DELETE FROM nonces WHERE expires_at < $1', [now]);
    const { rowCount } = await this.pool.query(
      `INSERT INTO nonces (nonce, expires_at) VALUES ($1, $2)
       ON CONFLICT (nonce) DO UPDATE SET expires_at = excluded.expires_at WHERE nonces.expires_at < $3`,
      [nonce, expiresAt, now],
    );
    return (rowCount ?? 0) > 0;
  }

  async close(): Promise<void> {
    // The pool is the event store's; it closes it.
  }
}
