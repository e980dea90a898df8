import type pg from 'pg';
import type { Micros } from '../../model/event.js';
import type { AccessKey, KeyStore } from '../key-store.js';

const NONCE_PURGE_EVERY = 1000;

/**
 * How long a replica answers from the key it read before reading it again: the bound within
 * which `eci-events keys delete` (or a new secret for the id) takes effect on every other replica.
 * This replica's own changes take effect at once. One `SELECT` per key per second instead of one
 * per signed request.
 */
export const KEY_RECHECK_MS = 1000;

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

interface Claim {
  nonce: string;
  now: Micros;
  expiresAt: Micros;
  resolve: (fresh: boolean) => void;
  reject: (err: unknown) => void;
}

/**
 * Claims distinct nonces, each with its own time: a stored nonce is taken over only once it has
 * expired at its claim's time. Returns the nonces claimed (new or expired before).
 */
const CLAIM_NONCES = `
  WITH claim AS (SELECT * FROM unnest($1::text[], $2::int8[], $3::int8[]) AS t(nonce, expires_at, now))
  INSERT INTO nonces (nonce, expires_at) SELECT nonce, expires_at FROM claim
  ON CONFLICT (nonce) DO UPDATE SET expires_at = excluded.expires_at
    WHERE nonces.expires_at < (SELECT claim.now FROM claim WHERE claim.nonce = excluded.nonce)
  RETURNING nonce`;

const toKey = (r: KeyRow): AccessKey => ({
  accessKeyId: r.access_key_id,
  accessKeySecret: r.access_key_secret,
  account: r.account,
  createdAt: Number(r.created_at),
});

interface Lookup {
  /** performance.now() when the read was sent: the copy is as old as the read, not its answer. */
  at: number;
  key: Promise<AccessKey | undefined>;
}

/**
 * Keys and nonces in PostgreSQL, so that every replica accepts the same keys and no nonce twice.
 * A key read is kept for KEY_RECHECK_MS (the requests that ask meanwhile share that one read); a
 * key not found is read again on the next request, so a key created anywhere is valid at once.
 */
export class PostgresKeyStore implements KeyStore {
  private uses = 0;
  private pending: Claim[] = [];
  private readonly lookups = new Map<string, Lookup>();

  /** `pool` belongs to the event store, whose migrations create these tables. */
  constructor(
    private readonly pool: pg.Pool,
    private readonly recheckMs = KEY_RECHECK_MS,
  ) {}

  find(accessKeyId: string): Promise<AccessKey | undefined> {
    const now = performance.now();
    const known = this.lookups.get(accessKeyId);
    if (known && now - known.at < this.recheckMs) return known.key;
    const lookup: Lookup = { at: now, key: this.read(accessKeyId) };
    this.lookups.set(accessKeyId, lookup);
    // Forgotten once it says "no such key" or fails, unless a newer read has taken its place.
    const forget = () => {
      if (this.lookups.get(accessKeyId) === lookup) this.lookups.delete(accessKeyId);
    };
    lookup.key.then((key) => key ?? forget(), forget);
    return lookup.key;
  }

  private async read(accessKeyId: string): Promise<AccessKey | undefined> {
    const { rows } = await this.pool.query<KeyRow>('SELECT * FROM access_keys WHERE access_key_id = $1', [accessKeyId]);
    return rows[0] && toKey(rows[0]);
  }

  async put(key: AccessKey): Promise<void> {
    await this.pool.query(
      `INSERT INTO access_keys (access_key_id, access_key_secret, account, created_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (access_key_id) DO UPDATE SET access_key_secret = excluded.access_key_secret, account = excluded.account`,
      [key.accessKeyId, key.accessKeySecret, key.account, key.createdAt],
    );
    // After the write: a read sent while it ran may have seen the old secret (or none).
    this.lookups.delete(key.accessKeyId);
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
      this.lookups.delete(key.accessKeyId);
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
    // After the delete, as after put().
    this.lookups.delete(accessKeyId);
    return (rowCount ?? 0) > 0;
  }

  /**
   * Records a nonce until `expiresAt`; false when it was already used and has not expired. The
   * claims of every request that reached this point in one turn of the event loop are one
   * statement (an autocommitted statement per request was a WAL flush per request); each resolves
   * once that statement has committed, so another replica or a restart refuses the nonce.
   */
  useNonce(nonce: string, now: Micros, expiresAt: Micros): Promise<boolean> {
    return new Promise((resolve, reject) => {
      if (this.pending.push({ nonce, now, expiresAt, resolve, reject }) === 1) setImmediate(() => void this.flush());
    });
  }

  private async flush(): Promise<void> {
    const claims = this.pending;
    if (claims.length === 0) return;
    this.pending = [];
    try {
      const purgeDue = Math.floor((this.uses + claims.length) / NONCE_PURGE_EVERY) > Math.floor(this.uses / NONCE_PURGE_EVERY);
      this.uses += claims.length;
      if (purgeDue) await this.pool.query('DELETE FROM nonces WHERE expires_at < $1', [Math.min(...claims.map((c) => c.now))]);
      // A nonce once per statement (an upsert may touch a row once): its first claim in the turn
      // is the one that may be fresh, every later one is a replay of it.
      const firstOf = new Map<string, Claim>();
      for (const c of claims) if (!firstOf.has(c.nonce)) firstOf.set(c.nonce, c);
      const distinct = [...firstOf.values()];
      const { rows } = await this.pool.query<{ nonce: string }>(CLAIM_NONCES, [
        distinct.map((c) => c.nonce),
        distinct.map((c) => c.expiresAt),
        distinct.map((c) => c.now),
      ]);
      const fresh = new Set(rows.map((r) => r.nonce));
      for (const c of claims) c.resolve(firstOf.get(c.nonce) === c && fresh.has(c.nonce));
    } catch (err) {
      for (const c of claims) c.reject(err);
    }
  }

  async close(): Promise<void> {
    // Claims not yet sent are sent first: their requests are waiting for the answer. The pool is
    // the event store's; it closes it.
    await this.flush();
  }
}
