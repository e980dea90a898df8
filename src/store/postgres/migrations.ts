import { RECORD_FUNCTION } from './record-function.js';
import { RECORD_FUNCTION_NUMBERED } from './record-function-numbered.js';

// Each migration runs once, in order, inside one transaction with its bookkeeping row.
export const MIGRATIONS: readonly string[] = [
  `CREATE SEQUENCE event_version_seq;
   CREATE TABLE events (
     id BIGSERIAL PRIMARY KEY,
     dedup_hash TEXT NOT NULL UNIQUE,
     name TEXT NOT NULL,
     namespace TEXT NOT NULL,
     uid TEXT NOT NULL,
     version BIGINT NOT NULL,
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
     count BIGINT NOT NULL,
     first_ts BIGINT NOT NULL,
     last_ts BIGINT NOT NULL,
     source_component TEXT NOT NULL,
     source_host TEXT NOT NULL,
     reporting_component TEXT NOT NULL,
     reporting_instance TEXT NOT NULL
   );
   CREATE UNIQUE INDEX events_version ON events (version);
   CREATE INDEX events_group_last ON events (container_group_id, last_ts);
   CREATE INDEX events_last ON events (last_ts);
   CREATE INDEX events_name ON events (namespace, name);`,
  // The highest version a purge has removed, so that latestVersion() never goes back.
  `CREATE TABLE counters (name TEXT PRIMARY KEY, value BIGINT NOT NULL);
   INSERT INTO counters (name, value) VALUES ('purged_version', 0);`,
  // Events belong to accounts.
  `ALTER TABLE events ADD COLUMN account TEXT NOT NULL DEFAULT 'default';
   CREATE INDEX events_account_group ON events (account, container_group_id);
   CREATE INDEX events_account_version ON events (account, version);`,
  // Access keys of the accounts, and signature nonces already used (the OpenAPI's replay guard).
  `CREATE TABLE access_keys (
     access_key_id TEXT PRIMARY KEY, access_key_secret TEXT NOT NULL, account TEXT NOT NULL, created_at BIGINT NOT NULL);
   CREATE INDEX access_keys_account ON access_keys (account);
   CREATE UNLOGGED TABLE nonces (nonce TEXT PRIMARY KEY, expires_at BIGINT NOT NULL);
   CREATE INDEX nonces_expiry ON nonces (expires_at);`,
  // Newest-per-group reads order by (last_ts, version): an index in that order needs no sort.
  `DROP INDEX events_group_last;
   CREATE INDEX events_group_last_version ON events (container_group_id, last_ts, version);`,
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
     account TEXT NOT NULL, idem_key TEXT NOT NULL, dedup_hash TEXT NOT NULL, created_at BIGINT NOT NULL,
     PRIMARY KEY (account, idem_key));
   CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);`,
  // The version that created each event, so that a watch can tell a new event (ADDED) from a
  // repeat (MODIFIED); 0 for the events already stored.
  `ALTER TABLE events ADD COLUMN created_version BIGINT NOT NULL DEFAULT 0;`,
  // Used nonces must outlive a crash of the database too: an UNLOGGED table is emptied by crash
  // recovery, after which every request of the last 15 minutes could be replayed.
  `ALTER TABLE nonces SET LOGGED;`,
  // How far retention has removed each account's changes (the highest version removed), written
  // in the purge's transaction: a change-feed reader behind it is told, not silently skipped ahead.
  `CREATE TABLE purged_up_to (account TEXT PRIMARY KEY, version BIGINT NOT NULL);`,
  // The emulator's state (emulator-state.ts): JSON documents by kind and id, and its pending
  // timers by due time, written in the transactions of the events their turns recorded.
  `CREATE TABLE emulator_state (kind TEXT NOT NULL, id TEXT NOT NULL, body JSONB NOT NULL, PRIMARY KEY (kind, id));
   CREATE TABLE emulator_timers (id TEXT PRIMARY KEY, due BIGINT NOT NULL, kind TEXT NOT NULL, payload JSONB NOT NULL);
   CREATE INDEX emulator_timers_due ON emulator_timers (due, id);`,
  // The emulator's leader (lease.ts): who holds the advisory lock publishes here where it is, under
  // an epoch every taking-over bumps and every turn commit checks. One row, written by leaders only.
  `CREATE TABLE emulator_lease (
     id SMALLINT PRIMARY KEY CHECK (id = 1), epoch BIGINT NOT NULL, replica TEXT NOT NULL, api_url TEXT NOT NULL,
     kube_url TEXT, kube_fingerprint TEXT, acquired_at BIGINT NOT NULL);`,
  // An account's namespaces (namespaces(), a Kubernetes namespace list): in the order the query
  // sorts them (COLLATE "C"), each one found by one index probe (sql/event-sql.ts namespacesSql).
  `CREATE INDEX events_account_namespace ON events (account, namespace COLLATE "C");`,
  // Issue 15: events are keyed by the 64-bit dedup key (the primary key, instead of a unique
  // index of 43-character text beside one of the serial id, which goes); events_last goes (the
  // purge reads each account's oldest events from events_account_last_version), and so does
  // events_group_last_version (newest-per-group reads name their account and read
  // events_account_group_last). The key is
  // the first 8 bytes of the stored base64url digest, the integer dedupKey64() gives.
  // Idempotency keys name their event by the integer too.
  `ALTER TABLE events ADD COLUMN dedup_key BIGINT;
   UPDATE events SET dedup_key =
     ('x' || encode(substring(decode(translate(dedup_hash, '-_', '+/') || '=', 'base64') FROM 1 FOR 8), 'hex'))::bit(64)::bigint;
   ALTER TABLE events DROP COLUMN id;
   ALTER TABLE events DROP COLUMN dedup_hash;
   ALTER TABLE events ADD PRIMARY KEY (dedup_key);
   DROP INDEX events_last;
   DROP INDEX events_group_last_version;
   ALTER TABLE idempotency_keys ADD COLUMN dedup_key BIGINT;
   UPDATE idempotency_keys SET dedup_key =
     ('x' || encode(substring(decode(translate(dedup_hash, '-_', '+/') || '=', 'base64') FROM 1 FOR 8), 'hex'))::bit(64)::bigint;
   ALTER TABLE idempotency_keys ALTER COLUMN dedup_key SET NOT NULL;
   ALTER TABLE idempotency_keys DROP COLUMN dedup_hash;`,
  // Issue 15: one index serves namespaces() and the Kubernetes GET of one event (which names its
  // account), where events_name (namespace, name) and events_account_namespace each cost a B-tree
  // write per new event; events_name's random keys touched a page of their own per write.
  `CREATE INDEX events_account_namespace_name ON events (account, namespace COLLATE "C", name);
   DROP INDEX events_name;
   DROP INDEX events_account_namespace;`,
  // One batch's whole write transaction as one function (store.ts record()), called as a single
  // statement: its implicit transaction takes the write lock, writes and commits inside one round
  // trip, so no backend holds the lock while it waits for its replica's next statement.
  RECORD_FUNCTION,
  // The same with the batch's versions taken as one block, returning only the repeated events'
  // rows: the caller builds each new event from its write (record-function-numbered.ts).
  RECORD_FUNCTION_NUMBERED,
  // Issue 15: the same reads from an index of the name's last 16 characters, the hexadecimal
  // nanoseconds a generated name ends with (recorder/names.ts): a new event's entry goes at the
  // end of its namespace's part instead of on a random page (by object name). The GET probes the
  // tail, then compares the whole name.
  `CREATE INDEX events_account_namespace_tail ON events (account, namespace COLLATE "C", right(name, 16));
   DROP INDEX events_account_namespace_name;`,
];
