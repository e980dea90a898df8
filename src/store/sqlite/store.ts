import Database from 'better-sqlite3';
import { limitParam, Statements } from './statements.js';
import type { EventView, Micros, StoredEvent } from '../../model/event.js';
import { firstUses, key64OfHash, mergeBatch } from '../batch.js';
import { markRolledBack } from '../record-apart.js';
import { ensurePrivateFile } from '../../model/private-files.js';
import { EVENT_COLUMNS, VIEW_COLUMNS } from '../columns.js';
import { bindWrite, fromValues, stampRow, storedAsWritten, viewFromValues, WRITE_COLUMN_LIST } from '../row-codec.js';
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
import {
  changesSql,
  eventByNameSql,
  groupsWithEventsSql,
  earliestSql,
  histogramCells,
  histogramSql,
  listSql,
  mergeRepeatSql,
  namespacesSql,
} from '../sql/event-sql.js';
import { SQLITE, sqliteJsonObject } from './dialect.js';
import { compileEventJson, type EventJsonShape, type GroupEventsJson } from '../event-json.js';
import type { KeyStore } from '../key-store.js';
import { SqliteKeyStore } from './keys.js';
import { noncePath, SqliteNonces } from './nonces.js';
import { MIGRATIONS } from './migrations.js';
import { SqliteIdempotency } from './idempotency.js';
import { SqliteEmulatorState } from './emulator-state.js';
import { StateFencedError, type LoadedState } from '../emulator-state.js';
import { WRITE_WORKER_ENTRY, WriteThread, writeWorkerAvailable } from './write-thread.js';
import type { RowsWritten } from './write-messages.js';
import { enterWalMode } from './wal-mode.js';

/** Result codes of failures that are the database's, not a write's. */
const SYSTEMIC = /^SQLITE_(FULL|IOERR|READONLY|CORRUPT|NOMEM|BUSY|LOCKED|CANTOPEN|NOTADB|PERM)/;
const systemic = (err: unknown): boolean => err instanceof Database.SqliteError && SYSTEMIC.test(err.code);
/** An in-memory (':memory:') or temporary ('') database has no file of its own. */
const isFilePath = (path: string): boolean => path !== ':memory:' && path !== '';
const DEFAULT_PURGE_BATCH = 1000;

/** SQLITE_MAX_MMAP_SIZE of better-sqlite3's build: a larger mmap_size is cut down to it. */
export const MAX_MMAP_SIZE = 0x7fff0000;

/**
 * Pages of write-ahead log after which a commit checkpoints it into the file (SQLite's default is
 * 1,000): 64 MiB at 4 KiB pages. A page rewritten by many batches in that span is copied into the
 * file once, not once per batch: events' random-keyed index pages are, so a checkpoint per 4 MiB
 * wrote most of them twice per batch (docs/BENCHMARKS.md, "Checkpoints every 64 MiB").
 */
export const WAL_AUTOCHECKPOINT_PAGES = 16384;
/** After a checkpoint the log is cut back to this many bytes, so its file stays near 64 MiB. */
export const WAL_SIZE_LIMIT = 64 * 1024 * 1024;

export interface SqliteStoreOptions {
  /**
   * Write batches on a thread of their own (write-thread.ts), so that a commit's work and its
   * fsync leave the request thread free; true, or the URL of the worker's entry. A database
   * without a file, or code run from its sources (no compiled entry), writes in-thread.
   */
  writeThread?: boolean | URL;
  /** With the write thread: batches of fewer writes commit in place while it is idle (default THREAD_MIN_WRITES). */
  threadMinWrites?: number;
  /**
   * Bytes of the file mapped into the process (SQLite's mmap_size), 0 for none; at most
   * MAX_MMAP_SIZE (2 GiB), the default. Mapped pages count in the process's RSS but are the OS's
   * page cache, dropped under memory pressure; a smaller map bounds RSS at the cost of a system
   * call per page read past it.
   */
  mmapSize?: number;
}

/**
 * Batches smaller than this are written on the request thread even with a write thread, when it
 * is idle: crossing to it costs a clone each way and a wake-up, more than such a write frees, and
 * one report per request makes batches of a few dozen (measured in docs/BENCHMARKS.md).
 */
export const THREAD_MIN_WRITES = 200;

const WRITE_PARAMS = WRITE_COLUMN_LIST.map(() => '?').join(', ');
/** The embedded default: one SQLite file (or :memory:), WAL mode, a durable commit per batch. */
export class SqliteEventStore implements EventStore {
  readonly kind = 'sqlite' as const;
  private readonly db: Database.Database;
  private readonly statements: Statements;
  private readonly insert: Database.Statement;
  private readonly upsert: Database.Statement;
  private readonly takeVersions: Database.Statement;
  private readonly writeBatch: (writes: readonly EventWrite[], options: RecordOptions) => StoredEvent[];
  private readonly writeRowsBatch: (rows: unknown[][]) => RowsWritten;
  private readonly idempotency: SqliteIdempotency;
  private readonly emulatorState: SqliteEmulatorState;
  /** Runs `fn` in one read transaction (one snapshot); made once, as change-feed reads are frequent. */
  private readonly snapshot: <T>(fn: () => T) => T;

  /** Opened with the first key store: a store that never authenticates needs no nonce file. */
  private nonces: SqliteNonces | undefined;
  private keys: SqliteKeyStore | undefined;
  private readonly writeThread: WriteThread | undefined;
  private readonly threadMinWrites: number;
  /** The log's frames and how many are in the file, without checkpointing (SQLite 3.51's NOOP mode). */
  private readonly walStatus: Database.Statement;
  /** A checkpoint asked of the write thread and not answered yet. */
  private checkpointAsked = false;
  /** The mmap_size in force, as SQLite reports it (0 for a database without a file). */
  readonly mmapSize: number;

  constructor(
    private readonly path: string,
    options: SqliteStoreOptions = {},
  ) {
    const mmapSize = options.mmapSize ?? MAX_MMAP_SIZE;
    this.threadMinWrites = options.threadMinWrites ?? THREAD_MIN_WRITES;
    if (!Number.isSafeInteger(mmapSize) || mmapSize < 0 || mmapSize > MAX_MMAP_SIZE) {
      throw new RangeError(`mmapSize must be an integer from 0 to ${MAX_MMAP_SIZE}, got ${mmapSize}`);
    }
    // Created 0600 before SQLite opens it: SQLite gives its -wal and -shm files the database's mode.
    if (isFilePath(path)) ensurePrivateFile(path);
    this.db = new Database(path);
    this.statements = new Statements(this.db);
    enterWalMode(this.db);
    this.db.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
    this.db.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT}`);
    // FULL: a commit is on disk before record() returns, so an acknowledged event survives a crash.
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 10000');
    // Reads of many groups touch pages all over the table: keep more of it in memory than the
    // 2 MiB default, and map the file instead of copying each page out of the OS cache, all of it
    // up to this build's limit (2 GiB) unless told otherwise: pages past a smaller map are read
    // with a system call each.
    this.db.pragma('cache_size = -65536');
    this.db.pragma(`mmap_size = ${mmapSize}`);
    this.mmapSize = Number(this.db.pragma('mmap_size', { simple: true }));
    // For the migration that turned the stored text digests into integer keys.
    this.db.function('eci_key64_of_hash', { deterministic: true }, (hash: unknown) => key64OfHash(String(hash)));
    this.migrate();
    this.takeVersions = this.db.prepare(`UPDATE counters SET value = value + ? WHERE name = 'version' RETURNING value`);
    // A new event is inserted as written and not read back; a repeat (the insert did nothing) goes
    // through the upsert, whose update branch returns the row as it now stands. Both run under the
    // batch's write lock (BEGIN IMMEDIATE), so nothing can come between them.
    const insert = `INSERT INTO events (${WRITE_COLUMN_LIST.join(', ')}) VALUES (${WRITE_PARAMS})`;
    this.insert = this.db.prepare(`${insert} ON CONFLICT (dedup_key) DO NOTHING`);
    this.upsert = this.db.prepare(`${insert} ${mergeRepeatSql(SQLITE)} RETURNING ${EVENT_COLUMNS}`).raw(true);
    const params: unknown[] = new Array(WRITE_COLUMN_LIST.length);
    this.idempotency = new SqliteIdempotency(this.db);
    this.emulatorState = new SqliteEmulatorState(this.db, this.statements);
    this.snapshot = this.db.transaction((fn: () => unknown) => fn()) as <T>(fn: () => T) => T;
    const batch = (writes: readonly EventWrite[], options: RecordOptions): StoredEvent[] => {
      // The emulator's state goes first, behind its fence: a fenced batch writes no event either.
      if (options.state) this.emulatorState.write(options.state, options.fence);
      // Keys are claimed in the same transaction as the counts: both commit, or neither.
      const repeats = this.idempotency.claim(writes, Date.now());
      const counted = repeats ? writes.filter((_, i) => repeats[i] === undefined) : writes;
      const { merged, slot } = mergeBatch(counted);
      const stored: StoredEvent[] = new Array(merged.length);
      this.writeMerged(
        merged.length,
        (j, version) => {
          bindWrite(params, merged[j]!, version);
          return params;
        },
        (j, values) => (stored[j] = fromValues(values)),
      );
      if (!repeats) return slot.map((i) => stored[i]!);
      let next = 0;
      return writes.map((w, i) => (repeats[i] === undefined ? stored[slot[next++]!]! : this.idempotency.current(repeats[i], w)));
    };
    const rowsBatch = (rows: unknown[][]): RowsWritten => {
      const readBack: Array<[number, unknown[]]> = [];
      const top = this.writeMerged(
        rows.length,
        (j, version) => {
          stampRow(rows[j]!, version);
          return rows[j]!;
        },
        (j, values, back) => back && readBack.push([j, values as unknown[]]),
      );
      return { top, readBack };
    };
    // What fails inside the transaction is rolled back with it, so its writes may be retried;
    // a BEGIN that waited out busy_timeout, a failed COMMIT, or a failure of the database rather
    // than of a write (disk full, I/O...) is not marked: retrying apart would get no further.
    const rollingBack =
      <A extends unknown[], R>(fn: (...args: A) => R) =>
      (...args: A): R => {
        try {
          return fn(...args);
        } catch (err) {
          // A fenced batch would be fenced again apart: not retried.
          throw systemic(err) || err instanceof StateFencedError ? err : markRolledBack(err);
        }
      };
    this.writeBatch = this.db.transaction(rollingBack(batch)).immediate;
    this.writeRowsBatch = this.db.transaction(rollingBack(rowsBatch)).immediate;
    // After migrate(): the thread's own store finds the schema in place.
    const entry = options.writeThread === true ? WRITE_WORKER_ENTRY : options.writeThread || undefined;
    if (entry && isFilePath(path) && writeWorkerAvailable(entry)) this.writeThread = new WriteThread(path, entry, mmapSize);
    this.walStatus = this.db.prepare('PRAGMA wal_checkpoint(NOOP)');
    // With a write thread, a checkpoint on this connection would hold the request thread for as
    // long as it copies up to 64 MiB of pages (100 ms seen): the thread checkpoints instead, at
    // its own commits and when asked after commits made here (checkpointAfterCommitHere).
    if (this.writeThread) this.db.pragma('wal_autocheckpoint = 0');
  }

  /** Copies the log into the file as far as readers allow, without waiting for any (the write thread's side). */
  checkpoint(): void {
    this.db.pragma('wal_checkpoint(PASSIVE)');
  }

  /**
   * After a commit on this connection while it has a write thread (without one, SQLite's own
   * wal_autocheckpoint does this): once the log holds WAL_AUTOCHECKPOINT_PAGES not yet in the
   * file, the thread is asked to copy them; if it has died, they are copied here.
   */
  private checkpointAfterCommitHere(): void {
    if (!this.writeThread || this.checkpointAsked) return;
    const { log, checkpointed } = this.walStatus.get() as { log: number; checkpointed: number };
    if (log - checkpointed < WAL_AUTOCHECKPOINT_PAGES) return;
    if (this.writeThread.failed) return this.checkpoint();
    this.checkpointAsked = true;
    // A checkpoint that fails leaves the log as it was: the thread's next commit, or the next ask, tries again.
    void this.writeThread
      .checkpoint()
      .catch(() => undefined)
      .finally(() => (this.checkpointAsked = false));
  }

  /**
   * Writes `count` merged rows under the batch's write lock, with a block of versions taken for
   * them: row(j, version) gives the j-th row's values, done(j, values, readBack) the row as
   * stored. A new event is inserted as written and not read back; a repeat (the insert did
   * nothing) goes through the upsert, whose update branch returns the row as it now stands.
   * Returns the block's last version.
   */
  private writeMerged(
    count: number,
    row: (j: number, version: number) => unknown[],
    done: (j: number, values: readonly unknown[], readBack: boolean) => unknown,
  ): number {
    const top = count ? (this.takeVersions.get(count) as { value: number }).value : 0;
    let version = top - count;
    for (let j = 0; j < count; j++) {
      const params = row(j, ++version);
      if (storedAsWritten(params) && this.insert.run(params).changes === 1) done(j, params, false);
      else done(j, this.upsert.get(params) as unknown[], true);
    }
    return top;
  }

  /**
   * The write thread's side of a batch of plain reports (write-messages.ts RowsRequest): `rows`
   * bound by bindWrite(), merged, stamped here with their versions, in one durable transaction.
   */
  writeRows(rows: unknown[][]): RowsWritten {
    return this.writeRowsBatch(rows);
  }

  /** Whether batches are written on the write thread (false once it has died). */
  get writesOffThread(): boolean {
    return this.writeThread !== undefined && !this.writeThread.failed;
  }

  /**
   * Two batches with the write thread, which takes them in the order sent: the next one crosses
   * to the thread while the first is written, so the thread need not wait for this one between them.
   */
  get writeDepth(): number {
    return this.writesOffThread ? 2 : 1;
  }

  private migrate(): void {
    this.db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)');
    const applied = new Set((this.db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version));
    MIGRATIONS.forEach((sql, i) => {
      if (applied.has(i + 1)) return;
      this.db
        .transaction(() => {
          // Another process may have migrated between our read and this write lock.
          if (this.db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?').get(i + 1)) return;
          this.db.exec(sql);
          this.db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(i + 1, Date.now());
        })
        .immediate();
    });
  }

  async record(writes: readonly EventWrite[], options: RecordOptions = {}): Promise<StoredEvent[]> {
    if (writes.length === 0 && !options.state) return [];
    // In place only while the thread is idle: its transaction would hold the write lock, and
    // waiting for it here would block this thread; so batches also commit in the order given.
    // A thread that died failed what it held, unmarked; later batches are written here, so the
    // service goes on storing what it acknowledges.
    if (!this.writeThread || this.writeThread.failed || (this.writeThread.idle && writes.length < this.threadMinWrites)) {
      const stored = this.writeBatch(writes, options);
      this.checkpointAfterCommitHere();
      return stored;
    }
    // Emulator state, and idempotency keys (whose claim decides which writes count), go whole.
    if (options.state || firstUses(writes)) return this.writeThread.record(writes, options);
    const { merged, slot } = mergeBatch(writes);
    const rows = merged.map((w) => {
      const params: unknown[] = new Array(WRITE_COLUMN_LIST.length);
      bindWrite(params, w, 0);
      return params;
    });
    const { top, readBack } = await this.writeThread.writeRows(rows);
    let version = top - rows.length;
    for (const row of rows) stampRow(row, ++version);
    for (const [j, values] of readBack) rows[j] = values;
    const stored = rows.map(fromValues);
    return slot.map((i) => stored[i]!);
  }

  async loadEmulatorState(): Promise<LoadedState> {
    return this.emulatorState.load();
  }

  async loadEmulatorDoc(kind: string, id: string): Promise<unknown> {
    return this.emulatorState.loadDoc(kind, id);
  }

  async newestPerGroup(groupIds: readonly string[], perGroup: number, filter: EventFilter & { account: string }): Promise<Map<string, EventView[]>> {
    const b = new Bind(SQLITE);
    // The group's value is the first bound, changed from one group to the next.
    const where = [`container_group_id = ${b.value('')}`, ...filterClauses(filter, b)];
    const stmt = this.statements.raw(
      `SELECT ${VIEW_COLUMNS} FROM events WHERE ${where.join(' AND ')} ORDER BY last_ts DESC, version DESC ${SQLITE.limit(b.value(perGroup))}`,
    );
    const out = new Map<string, EventView[]>();
    // One read transaction for all the groups: one consistent snapshot, one check of the WAL.
    this.db.transaction(() => {
      for (const group of new Set(groupIds)) {
        b.values[0] = group;
        out.set(group, (stmt.all(b.values) as unknown[][]).map(viewFromValues));
      }
    })();
    return out;
  }

  async newestPerGroupJson(
    groupIds: readonly string[],
    perGroup: number,
    filter: EventFilter & { account: string },
    shape: EventJsonShape,
  ): Promise<Map<string, GroupEventsJson>> {
    const json = compileEventJson(shape, sqliteJsonObject);
    const b = new Bind(SQLITE);
    const where = [`container_group_id = ${b.value('')}`, ...filterClauses(filter, b)];
    const stmt = this.statements.raw(
      `SELECT obj_name, obj_namespace, ${json.columns.join(', ')} FROM events WHERE ${where.join(' AND ')} ORDER BY last_ts DESC, version DESC ${SQLITE.limit(b.value(perGroup))}`,
    );
    const out = new Map<string, GroupEventsJson>();
    this.db.transaction(() => {
      for (const group of new Set(groupIds)) {
        b.values[0] = group;
        const rows = stmt.all(b.values) as unknown[][];
        const events = { count: rows.length, json: json.array(rows, 2) };
        out.set(group, rows.length ? { ...events, object: { name: rows[0]![0] as string, namespace: rows[0]![1] as string } } : events);
      }
    })();
    return out;
  }

  /** The rows of a statement made by the shared SQL, as arrays of values. */
  private rows(make: (b: Bind) => string): unknown[][] {
    const b = new Bind(SQLITE);
    return this.statements.raw(make(b)).all(b.values) as unknown[][];
  }

  async list(query: ListQuery): Promise<StoredEvent[]> {
    return this.rows((b) => listSql(b, query)).map(fromValues);
  }

  async get(account: string, namespace: string, name: string): Promise<StoredEvent | undefined> {
    const [row] = this.rows((b) => eventByNameSql(b, account, namespace, name));
    return row ? fromValues(row) : undefined;
  }

  async changesAfter(version: number, limit: number, scope: ChangeScope = {}, read: ChangeRead = {}): Promise<StoredEvent[]> {
    // One read transaction: the purge mark and the rows come from one snapshot, so a purge in
    // between can neither hide a gap nor report one that the rows read do not have.
    return this.snapshot(() => {
      if (!read.startOver) {
        const purged = this.purgedUpToNow(scope.account);
        if (version < purged) throw new ChangesExpiredError(version, purged);
      }
      return this.rows((b) => changesSql(b, version, limit, scope)).map(fromValues);
    });
  }

  async purgedUpTo(account?: string): Promise<number> {
    return this.purgedUpToNow(account);
  }

  private purgedUpToNow(account: string | undefined): number {
    const row = (
      account === undefined
        ? this.statements.get('SELECT max(version) AS v FROM purged_up_to').get()
        : this.statements.get('SELECT version AS v FROM purged_up_to WHERE account = ?').get(account)
    ) as { v: number | null } | undefined;
    return row?.v ?? 0;
  }

  async groupSummaries(account: string, containerGroupIds?: readonly string[]): Promise<GroupEventSummary[]> {
    return groupSummaries(this.statements, account, containerGroupIds);
  }

  async histogram(query: HistogramQuery): Promise<HistogramCell[]> {
    return histogramCells(
      this.rows((b) => histogramSql(b, query)),
      query,
    );
  }

  async earliestOccurrence(query: Omit<HistogramQuery, 'from' | 'to' | 'bucketMicros'>): Promise<Micros | undefined> {
    const value = this.rows((b) => earliestSql(b, query))[0]?.[0];
    return value === null || value === undefined ? undefined : Number(value);
  }

  async namespaces(account: string): Promise<string[]> {
    return this.rows((b) => namespacesSql(b, account)).map((r) => r[0] as string);
  }

  async containerGroupsWithEvents(account: string, page: { after?: string; limit: number }): Promise<string[]> {
    return this.rows((b) => groupsWithEventsSql(b, account, page.after ?? '', page.limit)).map((r) => r[0] as string);
  }

  /**
   * Access keys in the same database, on this connection; used nonces in the file beside it. The
   * same instance every time: it keeps the keys it found, and its writes must reach that copy.
   */
  keyStore(): KeyStore {
    this.nonces ??= new SqliteNonces(noncePath(this.path));
    this.keys ??= new SqliteKeyStore(this.db, this.nonces);
    return this.keys;
  }

  async latestVersion(): Promise<number> {
    return (this.statements.get(`SELECT value FROM counters WHERE name = 'version'`).get() as { value: number }).value;
  }

  async purgeOlderThan(cutoff: Micros, batchSize = DEFAULT_PURGE_BATCH): Promise<number> {
    // Account by account, each one's oldest events read from events_account_last_version: the
    // table has no index on last_ts alone (one B-tree fewer to write per event). The accounts
    // are found by seeking past the previous one in the same index, not by scanning it.
    const firstAccount = this.statements.get('SELECT account FROM events ORDER BY account LIMIT 1').pluck();
    const nextAccount = this.statements.get('SELECT account FROM events WHERE account > ? ORDER BY account LIMIT 1').pluck();
    const purge = this.statements
      .get(`DELETE FROM events WHERE rowid IN (SELECT rowid FROM events WHERE account = ? AND last_ts < ? ${limitParam('?')}) RETURNING version`)
      .pluck();
    const mark = this.statements.get(
      `INSERT INTO purged_up_to (account, version) VALUES (?, ?)
       ON CONFLICT (account) DO UPDATE SET version = max(version, excluded.version)`,
    );
    // The rows go and the account's mark rises in one transaction: no reader sees one without the other.
    const batch = this.db.transaction((account: string): number => {
      const gone = purge.all(account, cutoff, batchSize) as number[];
      if (gone.length)
        mark.run(
          account,
          gone.reduce((a, b) => Math.max(a, b)),
        );
      return gone.length;
    }).immediate;
    let total = 0;
    for (let account = firstAccount.get() as string | undefined; account !== undefined; account = nextAccount.get(account) as string | undefined) {
      for (;;) {
        const removed = batch(account);
        this.checkpointAfterCommitHere();
        total += removed;
        if (removed < batchSize) break;
        // Let queued writers in between batches.
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    return total;
  }

  async purgeIdempotencyKeys(before: number, batchSize = DEFAULT_PURGE_BATCH): Promise<number> {
    let total = 0;
    for (;;) {
      const removed = this.idempotency.purgeBefore(before, batchSize);
      this.checkpointAfterCommitHere();
      total += removed;
      if (removed < batchSize) return total;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  async close(): Promise<void> {
    await this.writeThread?.close();
    this.nonces?.close();
    if (this.db.open) this.db.close();
  }
}
