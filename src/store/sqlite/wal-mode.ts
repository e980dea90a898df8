import Database from 'better-sqlite3';

const RETRY_FOR_MS = 10_000;
const PAUSE_MS = 10;

/**
 * Puts the file in WAL mode, retrying SQLITE_BUSY for up to 10 s. Processes that open the same
 * new file at once can get SQLITE_BUSY from this switch straight away: SQLite skips the busy
 * handler where waiting could deadlock (https://sqlite.org/c3ref/busy_handler.html), so
 * busy_timeout does not cover it. Four processes opening a new file together, 120 at a time:
 * without the retry 3 of 480 failed here, with it 0 of 480.
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
