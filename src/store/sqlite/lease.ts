// The emulator's leader lease on SQLite (../emulator-lease.ts): one process serves a SQLite
// database, so it leads from the start and nothing is fenced. What the lease adds is the refusal
// of a second `serve` on the same file: the first holds an exclusive SQLite lock on a file beside
// the database (`<db>-lock`) for as long as it runs. It is an OS file lock, so the operating
// system releases it when the process ends, however it ends (kill -9 included): no stale lock
// file to clean up, unlike a pid file. In EXCLUSIVE locking mode "the database connection never
// releases file-locks"; the first write takes the exclusive lock
// (https://www.sqlite.org/pragma.html#pragma_locking_mode).
import Database from 'better-sqlite3';
import type { Micros } from '../../model/event.js';
import { ensurePrivateFile } from '../../model/private-files.js';
import { LeaseHeldError, type Advertisement, type EmulatorLease, type LeaderRecord } from '../emulator-lease.js';

/** Where the serving process's lock of the database at `dbPath` is; none for an in-memory database. */
export function lockPath(dbPath: string): string | undefined {
  return dbPath === ':memory:' || dbPath === '' ? undefined : `${dbPath}-lock`;
}

export class SqliteEmulatorLease implements EmulatorLease {
  readonly shared = false;
  private record: LeaderRecord | undefined;

  private constructor(private readonly lock: Database.Database | undefined) {}

  /** Takes the database's serving lock, or throws LeaseHeldError naming the database when another process has it. */
  static open(dbPath: string): SqliteEmulatorLease {
    const path = lockPath(dbPath);
    if (!path) return new SqliteEmulatorLease(undefined);
    ensurePrivateFile(path);
    const lock = new Database(path);
    try {
      // Exclusive locking mode keeps the lock of the first write until the connection closes;
      // no busy wait: a lock another process holds is an answer at once.
      lock.pragma('busy_timeout = 0');
      lock.pragma('locking_mode = EXCLUSIVE');
      lock.exec('CREATE TABLE IF NOT EXISTS serving (pid INTEGER NOT NULL)');
      lock.prepare('DELETE FROM serving').run();
      lock.prepare('INSERT INTO serving (pid) VALUES (?)').run(process.pid);
    } catch (err) {
      lock.close();
      if (err instanceof Database.SqliteError && /^SQLITE_BUSY/.test(err.code)) {
        throw new LeaseHeldError(
          `another eci-events serve is serving ${dbPath} (it holds ${path}): a SQLite database is served by one process at a time; stop that one first, or use PostgreSQL (--db postgres://...) to run several replicas`,
        );
      }
      throw err;
    }
    return new SqliteEmulatorLease(lock);
  }

  async tryAcquire(self: Advertisement): Promise<LeaderRecord | undefined> {
    this.record ??= { ...self, epoch: 1, since: (Date.now() * 1000) as Micros };
    return this.record;
  }

  async current(): Promise<LeaderRecord | undefined> {
    return this.record;
  }

  async stillHeld(): Promise<boolean> {
    return this.record !== undefined;
  }

  /** Nothing to fence: no other process can write this database's emulator state meanwhile. */
  fence(): undefined {
    return undefined;
  }

  async release(): Promise<void> {
    this.record = undefined;
  }

  async close(): Promise<void> {
    this.record = undefined;
    if (this.lock?.open) this.lock.close();
  }
}
