import type Database from 'better-sqlite3';

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
