import type Database from 'better-sqlite3';

/**
 * A LIMIT clause taking its value from a parameter. With a bare `LIMIT ?` the planner of the
 * SQLite we ship (3.53) reads the bound value, which marks the statement to be prepared again
 * whenever that parameter is bound, i.e. on every run: about 30 µs more per newest-per-group
 * query (one per container group), milliseconds for a complex statement. Behind a CAST the value
 * is read only when the statement runs, and the prepared statement is kept.
 */
export function limitParam(param: string): string {
  return `LIMIT CAST(${param} AS INTEGER)`;
}

/** Prepared statements by their SQL text: each is compiled once per connection, not per call. */
export class Statements {
  private readonly cache = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database) {}

  get(sql: string): Database.Statement {
    return this.prepared(sql, false);
  }

  /** The statement in raw mode: rows come back as arrays of values, not objects. */
  raw(sql: string): Database.Statement {
    return this.prepared(sql, true);
  }

  private prepared(sql: string, raw: boolean): Database.Statement {
    const key = raw ? `raw:${sql}` : sql;
    let stmt = this.cache.get(key);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      if (raw) stmt.raw(true);
      this.cache.set(key, stmt);
    }
    return stmt;
  }
}
