// Used signature nonces of a SQLite deployment, in a file of their own beside the database
// (`<db>-nonces`), so that a restart does not forget them and a replayed request stays refused.
// Not in the events file: a write there on every request would change the database under the
// event connection and start its page cache cold on the next read (see commit 286f070); writes to
// another file leave that cache alone. SQLite's locking lets several processes share the file.
import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import type { Micros } from '../../model/event.js';
import { ensurePrivateFile } from '../../model/private-files.js';
import { enterWalMode } from './wal-mode.js';

/** Expired nonces are removed once every this many uses (all of them, by the expiry index). */
const PURGE_EVERY = 1000;

/** Where the nonces of the database at `dbPath` live; an in-memory database keeps them in memory. */
export function noncePath(dbPath: string): string {
  return dbPath === ':memory:' || dbPath === '' ? ':memory:' : `${dbPath}-nonces`;
}

interface Claim {
  digest: Buffer;
  now: Micros;
  expiresAt: Micros;
  resolve: (fresh: boolean) => void;
  reject: (err: unknown) => void;
}

export class SqliteNonces {
  private readonly db: Database.Database;
  private readonly claim: Database.Statement;
  private readonly purge: Database.Statement;
  private readonly claimAll: (claims: readonly Claim[]) => boolean[];
  private uses = 0;
  private pending: Claim[] = [];

  constructor(path: string) {
    // Created owner-only before SQLite opens it: SQLite gives its -wal and -shm the same mode.
    if (path !== ':memory:') ensurePrivateFile(path);
    this.db = new Database(path);
    enterWalMode(this.db);
    // NORMAL: a commit is in the WAL before the request goes on, which outlives the process (a
    // crash or restart forgets nothing); only a power cut can lose the last moments of nonces.
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 10000');
    // The file's own schema, not the events database's migrations: it holds nothing else.
    this.db.exec(`CREATE TABLE IF NOT EXISTS nonces (digest BLOB PRIMARY KEY, expires_at INTEGER NOT NULL) WITHOUT ROWID;
                  CREATE INDEX IF NOT EXISTS nonces_expiry ON nonces (expires_at);`);
    this.claim = this.db.prepare(
      `INSERT INTO nonces (digest, expires_at) VALUES (?, ?)
       ON CONFLICT (digest) DO UPDATE SET expires_at = excluded.expires_at WHERE nonces.expires_at < ?`,
    );
    this.purge = this.db.prepare('DELETE FROM nonces WHERE expires_at < ?');
    // In the order they came: the second claim of one nonce in a batch finds the first's row.
    this.claimAll = this.db.transaction((claims: readonly Claim[]) =>
      claims.map((c) => {
        if (++this.uses % PURGE_EVERY === 1) this.purge.run(c.now);
        return this.claim.run(c.digest, c.expiresAt, c.now).changes > 0;
      }),
    ).immediate;
  }

  /**
   * Records a nonce until `expiresAt`; false when it was already used and has not expired.
   * Resolves once the nonce is committed, as before, but the claims of every request that reached
   * this point in one turn of the event loop commit in one transaction: a transaction per request
   * cost 11 % of the server's CPU with 64 requests in flight. Committed before the answer, so a
   * restart or another process on the file refuses the nonce as it did.
   */
  use(nonce: string, now: Micros, expiresAt: Micros): Promise<boolean> {
    // A digest, not the text: a short fixed size whatever the nonce and key id are.
    const digest = createHash('sha256').update(nonce).digest();
    return new Promise((resolve, reject) => {
      if (this.pending.push({ digest, now, expiresAt, resolve, reject }) === 1) setImmediate(() => this.flush());
    });
  }

  private flush(): void {
    const claims = this.pending;
    if (claims.length === 0) return;
    this.pending = [];
    let fresh: boolean[];
    try {
      fresh = this.claimAll(claims);
    } catch (err) {
      for (const c of claims) c.reject(err);
      return;
    }
    claims.forEach((c, i) => c.resolve(fresh[i]!));
  }

  close(): void {
    // Claims not yet committed are committed first: their requests are waiting for the answer.
    this.flush();
    if (this.db.open) this.db.close();
  }
}
