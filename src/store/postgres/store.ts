import pg from 'pg';
import type { EventView, Micros, StoredEvent } from '../../model/event.js';
import { dedupKey64, firstUses, goneEvent, mergeBatch, type MergedWrite } from '../batch.js';
import { markRolledBack } from '../record-apart.js';
import { EVENT_COLUMN_LIST, EVENT_TABLE, VIEW_COLUMNS, VIEW_TABLE } from '../columns.js';
import { bindWrite, fromValues, storedAsWritten, viewFromValues, WRITE_COLUMN_LIST } from '../row-codec.js';
import { ChangesExpiredError } from '../changes-expired.js';
import type {
  ChangeRead,
  ChangeScope,
  EventFilter,
  EventStore,
  EventWrite,
  GroupEventSummary,
  HistogramCell,
  HistogramQuery,
  ListQuery,
  RecordOptions,
} from '../event-store.js';
import { groupSummaries } from './aggregates.js';
import { Bind } from '../sql/dialect.js';
import { filterClauses } from '../sql/filters.js';
import { changesSql, eventByNameSql, groupsWithEventsSql, earliestSql, histogramCells, histogramSql, listSql, namespacesSql } from '../sql/event-sql.js';
import { POSTGRES } from './dialect.js';
import type { KeyStore } from '../key-store.js';
import { PostgresKeyStore } from './keys.js';
import { MIGRATIONS } from './migrations.js';
import { purgeKeys } from './idempotency.js';
import { FENCED_SQLSTATE } from './record-function.js';
import { RECORD_SQL, recordParams, type RecordRow } from './record-params.js';
import { loadEmulatorDoc, loadEmulatorState } from './emulator-state.js';
import { PipelinedConnection } from './pipelined-connection.js';
import { StateFencedError, type LoadedState } from '../emulator-state.js';

const DEFAULT_PURGE_BATCH = 1000;
const MIGRATE_LOCK = 0x6563_6966;

/** The purge mark of an account (of all accounts without one) as an SQL expression; 0 when none. */
function purgedUpToSql(account: string | undefined, b: Bind): string {
  return account === undefined
    ? 'COALESCE((SELECT max(version) FROM purged_up_to), 0)'
    : `COALESCE((SELECT version FROM purged_up_to WHERE account = ${b.value(account)}), 0)`;
}
/**
 * SQLSTATE classes of failures that are the database's, not a write's (connection, resources,
 * shutdown or cancel, system, read-only): retrying a batch apart would only fail again, N times.
 */
const SYSTEMIC_CLASSES = new Set(['08', '25', '53', '57', '58']);
const systemic = (err: unknown): boolean => err instanceof pg.DatabaseError && SYSTEMIC_CLASSES.has(String(err.code).slice(0, 2));
/** Whether the server answered with an error (a SQLSTATE), rather than the connection failing. */
const serverAnswered = (err: unknown): boolean => err instanceof pg.DatabaseError;

/**
 * The maker of a folded batch's new events from their writes, `j`-th numbered firstVersion + j as
 * the function numbers them; undefined when some value would not read back as written (it comes
 * from the database then).
 */
function newEvents(merged: readonly MergedWrite[]): ((j: number, firstVersion: number) => StoredEvent) | undefined {
  const params: unknown[] = new Array(WRITE_COLUMN_LIST.length);
  for (const m of merged) {
    bindWrite(params, m, 0);
    if (!storedAsWritten(params)) return undefined;
  }
  return (j, firstVersion) => {
    bindWrite(params, merged[j]!, firstVersion + j);
    return fromValues(params);
  };
}

/** PostgreSQL: for several replicas sharing one database. */
export class PostgresEventStore implements EventStore {
  readonly kind = 'postgres' as const;

  private keys: PostgresKeyStore | undefined;

  /**
   * Two batches: the second is folded, put into its text form and sent while the first is
   * written. Both go on this process's one write connection (`writes`), pipelined, so the server
   * runs them in the order handed over and starts the second as the first commits; sent at once
   * on two connections, the write lock would take them in either order.
   */
  readonly writeDepth = 2;

  private constructor(
    private readonly pool: pg.Pool,
    private readonly writes: PipelinedConnection,
  ) {}

  static async open(connectionString: string, options: { max?: number } = {}): Promise<PostgresEventStore> {
    const pool = new pg.Pool({ connectionString, max: options.max ?? 10 });
    // An idle connection the server ends (restart, admin command, network) is an 'error' on the
    // pool; unheard it would crash the process. The pool has already dropped that connection and
    // opens a new one for the next query, so there is nothing more to do.
    pool.on('error', () => undefined);
    const store = new PostgresEventStore(pool, new PipelinedConnection(connectionString, 'eci-events writes'));
    try {
      await store.migrate();
    } catch (err) {
      await store.close();
      throw err;
    }
    return store;
  }

  private async migrate(): Promise<void> {
    await this.transaction(async (c) => {
      await c.query('SELECT pg_advisory_xact_lock($1)', [MIGRATE_LOCK]);
      await c.query('CREATE TABLE IF NOT EXISTS schema_migrations (version INT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())');
      const { rows } = await c.query<{ version: number }>('SELECT version FROM schema_migrations');
      const applied = new Set(rows.map((r) => r.version));
      for (const [i, sql] of MIGRATIONS.entries()) {
        if (applied.has(i + 1)) continue;
        await c.query(sql);
        await c.query('INSERT INTO schema_migrations (version) VALUES ($1)', [i + 1]);
      }
    });
  }

  private async transaction<T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    const c = await this.pool.connect();
    let committing = false;
    try {
      await c.query('BEGIN');
      const out = await fn(c);
      committing = true;
      await c.query('COMMIT');
      return out;
    } catch (err) {
      await c.query('ROLLBACK').catch(() => undefined);
      // Before COMMIT, or a COMMIT the server refused (an error with a SQLSTATE), nothing of the
      // transaction stays and its writes may be retried; a COMMIT whose answer was lost may have
      // committed. A connection that could not be had, or a failure of the database rather than
      // of a write, is not marked: retrying apart would get no further.
      if ((!committing || serverAnswered(err)) && !systemic(err) && !(err instanceof StateFencedError)) markRolledBack(err);
      throw err;
    } finally {
      c.release();
    }
  }

  async record(writes: readonly EventWrite[], options: RecordOptions = {}): Promise<StoredEvent[]> {
    if (writes.length === 0 && !options.state) return [];
    // Folded here when no write carries an idempotency key (the common case): which writes count
    // is then known before the database is asked. Else the function folds the counted ones.
    const first = firstUses(writes);
    const folded = first ? undefined : mergeBatch(writes);
    const sent = folded ? folded.merged : writes;
    const keys = folded ? folded.merged.map((m) => m.dedupKey) : writes.map((w) => dedupKey64(w.key));
    // A folded batch's new events are made here from their writes (not read back) when every
    // value reads back as written; else, rarely, the function returns them too.
    const made = folded ? newEvents(folded.merged) : undefined;
    let rows: RecordRow[];
    try {
      const values = recordParams(sent, keys, first, options, !made);
      rows = (await this.writes.query<RecordRow>({ name: 'ecie_record', text: RECORD_SQL, values })).rows;
    } catch (err) {
      if (err instanceof pg.DatabaseError && err.code === FENCED_SQLSTATE) throw new StateFencedError();
      // One statement outside BEGIN: an answer with a SQLSTATE means its implicit transaction
      // rolled back whole, so its writes may be retried apart. A connection that could not be
      // had or failed before the answer (it may have committed), or a failure of the database
      // rather than of a write, is not marked: retrying apart would get no further.
      if (serverAnswered(err) && !systemic(err)) markRolledBack(err);
      throw err;
    }
    const byKey = new Map<string, StoredEvent>();
    const repeated = new Map<number, RecordRow>();
    let firstVersion: number | undefined;
    for (const r of rows) {
      if (r.repeat_ord === null) byKey.set(r.dedup_key!, fromValues(EVENT_COLUMN_LIST.map((c) => r[c])));
      else if (r.repeat_ord === 0) firstVersion = Number(r.version);
      else repeated.set(r.repeat_ord, r);
    }
    if (folded) {
      const stored = folded.merged.map((m, j) => byKey.get(String(m.dedupKey)) ?? made!(j, firstVersion!));
      return folded.slot.map((j) => stored[j]!);
    }
    return writes.map((w, i) => {
      const repeat = repeated.get(i + 1);
      if (repeat) return repeat.version === null ? goneEvent(w) : fromValues(EVENT_COLUMN_LIST.map((c) => repeat[c]));
      return byKey.get(String(keys[i]))!;
    });
  }

  async loadEmulatorState(): Promise<LoadedState> {
    return loadEmulatorState(this.pool);
  }

  async loadEmulatorDoc(kind: string, id: string): Promise<unknown> {
    return loadEmulatorDoc(this.pool, kind, id);
  }

  async newestPerGroup(groupIds: readonly string[], perGroup: number, filter: EventFilter & { account: string }): Promise<Map<string, EventView[]>> {
    const groups = [...new Set(groupIds)];
    const rows = await this.rows((b) => {
      const ids = b.value(groups);
      const limit = b.value(perGroup);
      const where = ['e.container_group_id = g.id', ...filterClauses(filter, b, 'e.')];
      return `SELECT e.*, g.id FROM unnest(${ids}::text[]) AS g(id)
        CROSS JOIN LATERAL (
          SELECT ${VIEW_COLUMNS} FROM events e WHERE ${where.join(' AND ')}
          ORDER BY e.last_ts DESC, e.version DESC LIMIT ${limit}
        ) e`;
    });
    const out = new Map<string, EventView[]>(groups.map((id) => [id, []]));
    for (const r of rows) out.get(r[VIEW_TABLE.length] as string)!.push(viewFromValues(r));
    return out;
  }

  /** The rows of a statement made by the shared SQL, as arrays of values. */
  private async rows(make: (b: Bind) => string): Promise<unknown[][]> {
    const b = new Bind(POSTGRES);
    const text = make(b);
    return (await this.pool.query<unknown[]>({ text, values: b.values, rowMode: 'array' })).rows;
  }

  async list(query: ListQuery): Promise<StoredEvent[]> {
    return (await this.rows((b) => listSql(b, query))).map(fromValues);
  }

  async get(account: string, namespace: string, name: string): Promise<StoredEvent | undefined> {
    const [row] = await this.rows((b) => eventByNameSql(b, account, namespace, name));
    return row ? fromValues(row) : undefined;
  }

  async changesAfter(version: number, limit: number, scope: ChangeScope = {}, read: ChangeRead = {}): Promise<StoredEvent[]> {
    if (read.startOver) return (await this.rows((b) => changesSql(b, version, limit, scope))).map(fromValues);
    // The purge mark and the rows in one statement, so one snapshot: a purge committing in between
    // can neither hide a gap nor report one that the rows read do not have.
    const rows = await this.rows(
      (b) => `SELECT e.*, p.purged_up_to FROM (SELECT ${purgedUpToSql(scope.account, b)} AS purged_up_to) p
        LEFT JOIN LATERAL (${changesSql(b, version, limit, scope)}) e ON true ORDER BY e.version`,
    );
    const purged = Number(rows[0]![EVENT_TABLE.length]);
    if (version < purged) throw new ChangesExpiredError(version, purged);
    // Without a change, the one row has the mark and NULL in every column of the event.
    return rows.filter((r) => r[0] !== null).map(fromValues);
  }

  async purgedUpTo(account?: string): Promise<number> {
    const [row] = await this.rows((b) => `SELECT ${purgedUpToSql(account, b)}`);
    return Number(row![0]);
  }

  async groupSummaries(account: string, containerGroupIds?: readonly string[]): Promise<GroupEventSummary[]> {
    return groupSummaries(this.pool, account, containerGroupIds);
  }

  async histogram(query: HistogramQuery): Promise<HistogramCell[]> {
    return histogramCells(await this.rows((b) => histogramSql(b, query)), query);
  }

  async earliestOccurrence(query: Omit<HistogramQuery, 'from' | 'to' | 'bucketMicros'>): Promise<Micros | undefined> {
    const value = (await this.rows((b) => earliestSql(b, query)))[0]?.[0];
    return value === null || value === undefined ? undefined : Number(value);
  }

  async namespaces(account: string): Promise<string[]> {
    return (await this.rows((b) => namespacesSql(b, account))).map((r) => r[0] as string);
  }

  async containerGroupsWithEvents(account: string, page: { after?: string; limit: number }): Promise<string[]> {
    return (await this.rows((b) => groupsWithEventsSql(b, account, page.after ?? '', page.limit))).map((r) => r[0] as string);
  }

  /**
   * Access keys and nonces, on this store's connections. The same instance every time: it keeps
   * the keys it read, and its writes must reach that copy.
   */
  keyStore(): KeyStore {
    this.keys ??= new PostgresKeyStore(this.pool);
    return this.keys;
  }

  async latestVersion(): Promise<number> {
    // Not the sequence: it runs ahead of what is committed while a writer holds the lock. Purged
    // rows may have held the highest versions; purgeOlderThan() keeps the highest it removed.
    const { rows } = await this.pool.query<{ v: string | null }>(
      `SELECT GREATEST((SELECT max(version) FROM events), (SELECT value FROM counters WHERE name = 'purged_version')) AS v`,
    );
    return Number(rows[0]?.v ?? 0);
  }

  async purgeOlderThan(cutoff: Micros, batchSize = DEFAULT_PURGE_BATCH): Promise<number> {
    let total = 0;
    // Account by account, each one's oldest events read from events_account_last_version: the
    // table has no index on last_ts alone (one B-tree fewer to write per event). Each next account
    // is one seek past the previous in the same index.
    for (let account = await this.accountAfter(undefined); account !== undefined; account = await this.accountAfter(account)) {
      for (;;) {
        // The rows go, the highest version among them is kept and the account's purge mark rises,
        // in one statement: no reader sees the latest version drop, nor rows gone without their mark.
        const { rows } = await this.pool.query<{ n: number }>(
          `WITH gone AS (
             DELETE FROM events WHERE dedup_key IN (
               SELECT dedup_key FROM events WHERE account = $3 AND last_ts < $1 LIMIT $2) RETURNING account, version
           ), mark AS (
             UPDATE counters SET value = GREATEST(value, (SELECT max(version) FROM gone)) WHERE name = 'purged_version'
           ), per_account AS (
             INSERT INTO purged_up_to (account, version) SELECT account, max(version) FROM gone GROUP BY account
             ON CONFLICT (account) DO UPDATE SET version = GREATEST(purged_up_to.version, excluded.version)
           )
           SELECT count(*)::int AS n FROM gone`,
          [cutoff, batchSize, account],
        );
        const removed = rows[0]?.n ?? 0;
        total += removed;
        if (removed < batchSize) break;
      }
    }
    return total;
  }

  /** The first account with events after `after` (the first of all without it), by the account index. */
  private async accountAfter(after: string | undefined): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ account: string | null }>(
      after === undefined ? 'SELECT min(account) AS account FROM events' : 'SELECT min(account) AS account FROM events WHERE account > $1',
      after === undefined ? [] : [after],
    );
    return rows[0]?.account ?? undefined;
  }

  async purgeIdempotencyKeys(before: number, batchSize = DEFAULT_PURGE_BATCH): Promise<number> {
    return purgeKeys(this.pool, before, batchSize);
  }

  async close(): Promise<void> {
    await this.writes.close();
    await this.pool.end();
  }
}
