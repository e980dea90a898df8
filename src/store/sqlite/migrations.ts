// Each migration runs once, in order, inside one transaction with its bookkeeping row.
export const MIGRATIONS: readonly string[] = [
  `CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
   INSERT INTO counters (name, value) VALUES ('version', 0);
   CREATE TABLE events (
     id INTEGER PRIMARY KEY,
     dedup_hash TEXT NOT NULL UNIQUE,
     name TEXT NOT NULL,
     namespace TEXT NOT NULL,
     uid TEXT NOT NULL,
     version INTEGER NOT NULL,
     container_group_id TEXT NOT NULL,
     obj_api_version TEXT NOT NULL,
     obj_kind TEXT NOT NULL,
     obj_name TEXT NOT NULL,
     obj_namespace TEXT NOT NULL,
     obj_uid TEXT NOT NULL,
     obj_field_path TEXT NOT NULL,
     reason TEXT NOT NULL,
     message TEXT NOT NULL,
     type TEXT NOT NULL,
     count INTEGER NOT NULL,
     first_ts INTEGER NOT NULL,
     last_ts INTEGER NOT NULL,
     source_component TEXT NOT NULL,
     source_host TEXT NOT NULL,
     reporting_component TEXT NOT NULL,
     reporting_instance TEXT NOT NULL
   );
   CREATE UNIQUE INDEX events_version ON events (version);
   CREATE INDEX events_group_last ON events (container_group_id, last_ts);
   CREATE INDEX events_last ON events (last_ts);
   CREATE INDEX events_name ON events (namespace, name);`,
  // Events belong to accounts.
  `ALTER TABLE events ADD COLUMN account TEXT NOT NULL DEFAULT 'default';
   CREATE INDEX events_account_group ON events (account, container_group_id);
   CREATE INDEX events_account_version ON events (account, version);`,
  // Access keys of the accounts, and signature nonces already used (the OpenAPI's replay guard).
  `CREATE TABLE access_keys (
     access_key_id TEXT PRIMARY KEY, access_key_secret TEXT NOT NULL, account TEXT NOT NULL, created_at INTEGER NOT NULL);
   CREATE INDEX access_keys_account ON access_keys (account);
   CREATE TABLE nonces (nonce TEXT PRIMARY KEY, expires_at INTEGER NOT NULL);
   CREATE INDEX nonces_expiry ON nonces (expires_at);`,
  // Newest-per-group reads order by (last_ts, version): an index in that order needs no sort.
  `DROP INDEX events_group_last;
   CREATE INDEX events_group_last_version ON events (container_group_id, last_ts, version);`,
  // Used nonces moved to process memory (see keys.ts): a write per request cooled every reader's cache.
  `DROP TABLE nonces;`,
  // The console reads an account's events newest first, across its groups (and buckets them by
  // time) or of one group; a group's index leads with the account so that no planner prefers
  // scanning the whole account, and ends with type so that per-group counts read only the index.
  // It makes events_account_group (its prefix) redundant.
  `CREATE INDEX events_account_last_version ON events (account, last_ts, version);
   CREATE INDEX events_account_group_last ON events (account, container_group_id, last_ts, version, type);
   DROP INDEX events_account_group;`,
  // Idempotency keys of producers' reports (an agent's resends), claimed in the transaction that
  // counts the occurrence and forgotten after a while (purgeIdempotencyKeys); the hash names the
  // event the first use counted towards.
  `CREATE TABLE idempotency_keys (
     account TEXT NOT NULL, idem_key TEXT NOT NULL, dedup_hash TEXT NOT NULL, created_at INTEGER NOT NULL,
     PRIMARY KEY (account, idem_key));
   CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);`,
  // The version that created each event, so that a watch can tell a new event (ADDED) from a
  // repeat (MODIFIED); 0 for the events already stored.
  `ALTER TABLE events ADD COLUMN created_version INTEGER NOT NULL DEFAULT 0;`,
  // In step with the PostgreSQL list (whose nonces table became LOGGED here): on SQLite, used
  // nonces live in a file of their own beside the database (nonces.ts), so nothing changes here.
  `SELECT 1;`,
  // How far retention has removed each account's changes (the highest version removed), written
  // in the purge's transaction: a change-feed reader behind it is told, not silently skipped ahead.
  `CREATE TABLE purged_up_to (account TEXT PRIMARY KEY, version INTEGER NOT NULL);`,
  // The emulator's state (emulator-state.ts): JSON documents by kind and id, and its pending
  // timers by due time, written in the transactions of the events their turns recorded.
  `CREATE TABLE emulator_state (kind TEXT NOT NULL, id TEXT NOT NULL, body TEXT NOT NULL, PRIMARY KEY (kind, id));
   CREATE TABLE emulator_timers (id TEXT PRIMARY KEY, due INTEGER NOT NULL, kind TEXT NOT NULL, payload TEXT NOT NULL);
   CREATE INDEX emulator_timers_due ON emulator_timers (due, id);`,
  // An account's namespaces (namespaces(), a Kubernetes namespace list): each one found by one
  // probe of this index (sql/event-sql.ts namespacesSql), not by a scan of the account's events.
  `CREATE INDEX events_account_namespace ON events (account, namespace);`,
  // Issue 15: events are keyed by the 64-bit dedup key, a unique index of 8-byte integers instead
  // of 43-character text. The rowid stays a sequence (new rows append to the table's last page;
  // as the rowid, the random key put every new row on a page of its own and wrote 30 % more).
  // events_last goes (the purge reads each account's oldest events from
  // events_account_last_version), and so does events_group_last_version (newest-per-group reads
  // name their account, and read events_account_group_last). The table is rebuilt (a unique
  // column cannot be dropped otherwise), so the indexes it keeps are created again. eci_key64_of_hash (store.ts) turns
  // the stored text digests into the same integers dedupKey64() gives. Idempotency keys name
  // their event by the integer too.
  `CREATE TABLE events_keyed (
     id INTEGER PRIMARY KEY,
     dedup_key INTEGER NOT NULL UNIQUE,
     account TEXT NOT NULL,
     name TEXT NOT NULL,
     namespace TEXT NOT NULL,
     uid TEXT NOT NULL,
     version INTEGER NOT NULL,
     container_group_id TEXT NOT NULL,
     obj_api_version TEXT NOT NULL,
     obj_kind TEXT NOT NULL,
     obj_name TEXT NOT NULL,
     obj_namespace TEXT NOT NULL,
     obj_uid TEXT NOT NULL,
     obj_field_path TEXT NOT NULL,
     reason TEXT NOT NULL,
     message TEXT NOT NULL,
     type TEXT NOT NULL,
     count INTEGER NOT NULL,
     first_ts INTEGER NOT NULL,
     last_ts INTEGER NOT NULL,
     source_component TEXT NOT NULL,
     source_host TEXT NOT NULL,
     reporting_component TEXT NOT NULL,
     reporting_instance TEXT NOT NULL,
     created_version INTEGER NOT NULL
   );
   INSERT INTO events_keyed (id, dedup_key, account, name, namespace, uid, version, container_group_id, obj_api_version,
     obj_kind, obj_name, obj_namespace, obj_uid, obj_field_path, reason, message, type, count, first_ts, last_ts,
     source_component, source_host, reporting_component, reporting_instance, created_version)
   SELECT id, eci_key64_of_hash(dedup_hash), account, name, namespace, uid, version, container_group_id, obj_api_version,
     obj_kind, obj_name, obj_namespace, obj_uid, obj_field_path, reason, message, type, count, first_ts, last_ts,
     source_component, source_host, reporting_component, reporting_instance, created_version
   FROM events;
   DROP TABLE events;
   ALTER TABLE events_keyed RENAME TO events;
   CREATE UNIQUE INDEX events_version ON events (version);
   CREATE INDEX events_name ON events (namespace, name);
   CREATE INDEX events_account_version ON events (account, version);
   CREATE INDEX events_account_last_version ON events (account, last_ts, version);
   CREATE INDEX events_account_group_last ON events (account, container_group_id, last_ts, version, type);
   CREATE INDEX events_account_namespace ON events (account, namespace);
   CREATE TABLE idempotency_keyed (
     account TEXT NOT NULL, idem_key TEXT NOT NULL, dedup_key INTEGER NOT NULL, created_at INTEGER NOT NULL,
     PRIMARY KEY (account, idem_key));
   INSERT INTO idempotency_keyed (account, idem_key, dedup_key, created_at)
   SELECT account, idem_key, eci_key64_of_hash(dedup_hash), created_at FROM idempotency_keys;
   DROP TABLE idempotency_keys;
   ALTER TABLE idempotency_keyed RENAME TO idempotency_keys;
   CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);`,
  // Issue 15: one index serves namespaces() and the Kubernetes GET of one event (which names its
  // account), where events_name (namespace, name) and events_account_namespace each cost a B-tree
  // write per new event; events_name's random keys touched a page of their own per write.
  `CREATE INDEX events_account_namespace_name ON events (account, namespace, name);
   DROP INDEX events_name;
   DROP INDEX events_account_namespace;`,
  // Issue 15: the same reads from an index of the name's last 16 characters, the hexadecimal
  // nanoseconds a generated name ends with (recorder/names.ts): a new event's entry goes at the
  // end of its namespace's part instead of on a random page (by object name), which cost most
  // of what the index cost to write. The GET probes the tail, then compares the whole name.
  `CREATE INDEX events_account_namespace_tail ON events (account, namespace, substr(name, -16));
   DROP INDEX events_account_namespace_name;`,
];
