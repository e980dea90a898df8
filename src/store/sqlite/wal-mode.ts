import Database from 'better-sqlite3';

const RETRY_FOR_MS = 10_000;
const PAUSE_MS = 10;

/**
 * Puts the file in WAL mode. Switching a new file takes an exclusive lock, and SQLite answers
 * SQLITE_BUSY at once, without the busy handler, while another process opening the same new file
 * holds one; so a busy answer is retried for up to 10 s (seen with two writers starting together).
 */
export function enterWalMode(db: Database.Database): void {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  const until = Date.now() + RETRY_FOR_MS;
  for (;;) {
    try {
      db.pragma('journal_mode = WAL');
      return;
    } catch (err) {
      if (!(err instanceof Database.SqliteError && err.code === 'SQLITE_BUSY') || Date.now() >= until) throw err;
      Atomics.wait(pause, 0, 0, PAUSE_MS);
    }
  }
}
