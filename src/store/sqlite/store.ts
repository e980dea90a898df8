import Database from 'better-sqlite3';
import type { Micros, StoredEvent } from '../../model/event.js';
import { mergeBatch } from '../batch.js';
import { EVENT_COLUMNS, toStoredEvent, type EventRow } from '../columns.js';
import type { EventFilter, EventStore, EventWrite, ListQuery } from '../event-store.js';
import { MIGRATIONS } from './migrations.js';

const DEFAULT_LIST_LIMIT = 500;
const DEFAULT_PURGE_BATCH = 1000;

/** The embedded default: one SQLite file (or :memory:), WAL mode, a durable commit per batch. */
export class SqliteEventStore implements EventStore {
  readonly kind = 'sqlite' as const;
  private readonly db: Database.Database;
  private readonly upsert: Database.Statement;
  private readonly takeVersions: Database.Statement;
  private readonly writeBatch: (writes: readonly EventWrite[]) => StoredEvent[];

  constructor(path: string) {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    // FULL: a commit is on disk before record() returns, so an acknowledged event survives a crash.
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 10000');
    this.migrate();
    this.takeVersions = this.db.prepare(`UPDATE counters SET value = value + ? WHERE name = 'version' RETURNING value`);
    this.upsert = this.db.prepare(
      `INSERT INTO events (account, dedup_hash, name, namespace, uid, version, container_group_id, obj_api_version, obj_kind,
         obj_name, obj_namespace, obj_uid, obj_field_path, reason, message, type, count, first_ts, last_ts,
         source_component, source_host, reporting_component, reporting_instance)
       VALUES (@account, @hash, @name, @namespace, @uid, @version, @containerGroupId, @apiVersion, @kind, @objName, @objNamespace,
         @objUid, @fieldPath, @reason, @message, @type, @count, @firstTimestamp, @lastTimestamp, @sourceComponent,
         @sourceHost, @reportingComponent, @reportingInstance)
       ON CONFLICT (dedup_hash) DO UPDATE SET
         count = count + excluded.count,
         first_ts = min(first_ts, excluded.first_ts),
         message = CASE WHEN excluded.last_ts >= last_ts THEN excluded.message ELSE message END,
         last_ts = max(last_ts, excluded.last_ts),
         version = excluded.version
       RETURNING ${EVENT_COLUMNS}`,
    );
    this.writeBatch = this.db.transaction((writes: readonly EventWrite[]) => {
      const { merged, slot } = mergeBatch(writes);
      const top = (this.takeVersions.get(merged.length) as { value: number }).value;
      let version = top - merged.length;
      const stored = merged.map((w) =>
        toStoredEvent(
          this.upsert.get({
            account: w.account,
            hash: w.hash,
            name: w.name,
            namespace: w.namespace,
            uid: w.uid,
            version: ++version,
            containerGroupId: w.containerGroupId,
            apiVersion: w.involvedObject.apiVersion,
            kind: w.involvedObject.kind,
            objName: w.involvedObject.name,
            objNamespace: w.involvedObject.namespace,
            objUid: w.involvedObject.uid,
            fieldPath: w.involvedObject.fieldPath ?? '',
            reason: w.reason,
            message: w.message,
            type: w.type,
            count: w.count,
            firstTimestamp: w.firstTimestamp,
            lastTimestamp: w.lastTimestamp,
            sourceComponent: w.source.component,
            sourceHost: w.source.host,
            reportingComponent: w.reportingComponent,
            reportingInstance: w.reportingInstance,
          }) as EventRow,
        ),
      );
      return slot.map((i) => stored[i]!);
    }).immediate;
  }

  private migrate(): void {
    this.db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)');
    const applied = new Set(
      (this.db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version),
    );
    MIGRATIONS.forEach((sql, i) => {
      if (applied.has(i + 1)) return;
      this.db.transaction(() => {
        // Another process may have migrated between our read and this write lock.
        if (this.db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?').get(i + 1)) return;
        this.db.exec(sql);
        this.db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(i + 1, Date.now());
      }).immediate();
    });
  }

  async record(writes: readonly EventWrite[]): Promise<StoredEvent[]> {
    if (writes.length === 0) return [];
    return this.writeBatch(writes);
  }

  async newestPerGroup(groupIds: readonly string[], perGroup: number, filter: EventFilter = {}): Promise<Map<string, StoredEvent[]>> {
    const where = ['container_group_id = @group', ...filterClauses(filter)];
    const stmt = this.db.prepare(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE ${where.join(' AND ')} ORDER BY last_ts DESC, version DESC LIMIT @limit`,
    );
    const out = new Map<string, StoredEvent[]>();
    for (const group of new Set(groupIds)) {
      const rows = stmt.all({ group, limit: perGroup, ...filterParams(filter) }) as EventRow[];
      out.set(group, rows.map(toStoredEvent));
    }
    return out;
  }

  async list(query: ListQuery): Promise<StoredEvent[]> {
    const where = filterClauses(query);
    if (query.containerGroupId !== undefined) where.push('container_group_id = @group');
    if (query.namespace !== undefined) where.push('namespace = @namespace');
    const rows = this.db
      .prepare(
        `SELECT ${EVENT_COLUMNS} FROM events ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
         ORDER BY last_ts DESC, version DESC LIMIT @limit`,
      )
      .all({
        ...filterParams(query),
        group: query.containerGroupId,
        namespace: query.namespace,
        limit: query.limit ?? DEFAULT_LIST_LIMIT,
      }) as EventRow[];
    return rows.map(toStoredEvent);
  }

  async get(namespace: string, name: string): Promise<StoredEvent | undefined> {
    const row = this.db.prepare(`SELECT ${EVENT_COLUMNS} FROM events WHERE namespace = ? AND name = ?`).get(namespace, name);
    return row ? toStoredEvent(row as EventRow) : undefined;
  }

  async changesAfter(version: number, limit: number): Promise<StoredEvent[]> {
    const rows = this.db
      .prepare(`SELECT ${EVENT_COLUMNS} FROM events WHERE version > ? ORDER BY version LIMIT ?`)
      .all(version, limit) as EventRow[];
    return rows.map(toStoredEvent);
  }

  async latestVersion(): Promise<number> {
    return (this.db.prepare(`SELECT value FROM counters WHERE name = 'version'`).get() as { value: number }).value;
  }

  async purgeOlderThan(cutoff: Micros, batchSize = DEFAULT_PURGE_BATCH): Promise<number> {
    const purge = this.db.prepare('DELETE FROM events WHERE id IN (SELECT id FROM events WHERE last_ts < ? LIMIT ?)');
    let total = 0;
    for (;;) {
      const { changes } = purge.run(cutoff, batchSize);
      total += changes;
      if (changes < batchSize) return total;
      // Let queued writers in between batches.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

function filterClauses(filter: EventFilter): string[] {
  const where: string[] = [];
  if (filter.account !== undefined) where.push('account = @account');
  if (typeof filter.sourceComponent === 'string') where.push('source_component = @sourceComponent');
  else if (filter.sourceComponent !== undefined) where.push('source_component IN (SELECT value FROM json_each(@sourceComponent))');
  if (filter.since !== undefined) where.push('last_ts >= @since');
  return where;
}

function filterParams(filter: EventFilter): Record<string, unknown> {
  const { account, sourceComponent, since } = filter;
  return { account, since, sourceComponent: typeof sourceComponent === 'object' ? JSON.stringify(sourceComponent) : sourceComponent };
}
