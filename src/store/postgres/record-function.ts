// The write transaction of one batch as a server-side function, created by a migration (frozen
// text: a later change is a new migration with CREATE OR REPLACE). The store calls it as ONE
// statement outside any BEGIN, so the statement's implicit transaction commits on the server at
// the protocol's Sync, in the same round trip: the write lock is taken and released inside
// PostgreSQL and no backend holds it while it waits for its replica (docs/BENCHMARKS.md,
// "Replicas"). Each statement of a VOLATILE PL/pgSQL function takes a new snapshot (READ
// COMMITTED), so everything after the lock sees every batch committed before it.

/** SQLSTATE the function raises when the emulator state's fence changes no row (class Z: ours). */
export const FENCED_SQLSTATE = 'ZF001';

/** At most this many fence parameters (EXECUTE ... USING takes a fixed list). */
export const MAX_FENCE_PARAMS = 3;

/**
 * What both upserts of the function do to a repeated event (as mergeBatch() and the SQLite store
 * do): counts added, the earliest first time, the latest last time with its message; and the row
 * the function returns for it.
 */
export const UPSERT_TAIL = `ON CONFLICT (dedup_key) DO UPDATE SET
      count = events.count + excluded.count,
      first_ts = LEAST(events.first_ts, excluded.first_ts),
      message = CASE WHEN excluded.last_ts >= events.last_ts THEN excluded.message ELSE events.message END,
      last_ts = GREATEST(events.last_ts, excluded.last_ts),
      version = excluded.version
    RETURNING NULL::int, events.dedup_key, events.account, events.name, events.namespace, events.uid, events.version,
      events.container_group_id, events.obj_api_version, events.obj_kind, events.obj_name, events.obj_namespace,
      events.obj_uid, events.obj_field_path, events.reason, events.message, events.type, events.count,
      events.first_ts, events.last_ts, events.source_component, events.source_host, events.reporting_component,
      events.reporting_instance, events.created_version`;

export const RECORD_FUNCTION = `
CREATE FUNCTION ecie_record(
  p_fence_sql text, p_fence_params text[],
  p_put_kind text[], p_put_id text[], p_put_body text[], p_del_kind text[], p_del_id text[],
  p_timer_id text[], p_timer_due int8[], p_timer_kind text[], p_timer_payload text[], p_timer_del text[],
  p_now_ms bigint, p_idem_key text[], p_idem_first bool[],
  p_account text[], p_dedup_key int8[], p_name text[], p_namespace text[], p_uid text[], p_container_group_id text[],
  p_obj_api_version text[], p_obj_kind text[], p_obj_name text[], p_obj_namespace text[], p_obj_uid text[],
  p_obj_field_path text[], p_reason text[], p_message text[], p_type text[], p_count int8[], p_first_ts int8[],
  p_last_ts int8[], p_source_component text[], p_source_host text[], p_reporting_component text[],
  p_reporting_instance text[])
RETURNS TABLE (
  repeat_ord int, dedup_key bigint, account text, name text, namespace text, uid text, version bigint,
  container_group_id text, obj_api_version text, obj_kind text, obj_name text, obj_namespace text, obj_uid text,
  obj_field_path text, reason text, message text, type text, count bigint, first_ts bigint, last_ts bigint,
  source_component text, source_host text, reporting_component text, reporting_instance text, created_version bigint)
LANGUAGE plpgsql VOLATILE AS $fn$
#variable_conflict use_column
DECLARE
  repeats int[] := '{}';
  changed bigint;
BEGIN
  -- Serializes writers ("ecie"): versions are taken under this lock and committed before it is
  -- released, so a reader that has seen version N never later sees a smaller one appear.
  PERFORM pg_advisory_xact_lock(1701013861);

  -- The emulator's state goes first, behind its fence: a fenced batch writes no event either.
  IF p_fence_sql IS NOT NULL THEN
    CASE cardinality(p_fence_params)
      WHEN 0 THEN EXECUTE p_fence_sql;
      WHEN 1 THEN EXECUTE p_fence_sql USING p_fence_params[1];
      WHEN 2 THEN EXECUTE p_fence_sql USING p_fence_params[1], p_fence_params[2];
      ELSE EXECUTE p_fence_sql USING p_fence_params[1], p_fence_params[2], p_fence_params[3];
    END CASE;
    GET DIAGNOSTICS changed = ROW_COUNT;
    IF changed <> 1 THEN
      RAISE EXCEPTION 'the emulator state is owned by another process (fence check changed no row)' USING ERRCODE = 'ZF001';
    END IF;
  END IF;
  IF cardinality(p_put_kind) > 0 THEN
    INSERT INTO emulator_state (kind, id, body)
    SELECT k, i, b::jsonb FROM unnest(p_put_kind, p_put_id, p_put_body) AS r(k, i, b)
    ON CONFLICT (kind, id) DO UPDATE SET body = excluded.body;
  END IF;
  IF cardinality(p_del_kind) > 0 THEN
    DELETE FROM emulator_state WHERE (kind, id) IN (SELECT * FROM unnest(p_del_kind, p_del_id));
  END IF;
  IF cardinality(p_timer_id) > 0 THEN
    INSERT INTO emulator_timers (id, due, kind, payload)
    SELECT i, d, k, p::jsonb FROM unnest(p_timer_id, p_timer_due, p_timer_kind, p_timer_payload) AS r(i, d, k, p)
    ON CONFLICT (id) DO UPDATE SET due = excluded.due, kind = excluded.kind, payload = excluded.payload;
  END IF;
  IF cardinality(p_timer_del) > 0 THEN
    DELETE FROM emulator_timers WHERE id = ANY(p_timer_del);
  END IF;

  -- Idempotency keys are claimed in the transaction that counts: both commit, or neither. A write
  -- whose key was used before (earlier in this batch or in a committed one) counts nothing.
  IF p_idem_key IS NOT NULL THEN
    WITH claimed AS (
      INSERT INTO idempotency_keys (account, idem_key, dedup_key, created_at)
      SELECT a, k, h, p_now_ms FROM unnest(p_account, p_idem_key, p_dedup_key, p_idem_first) AS t(a, k, h, f)
      WHERE k IS NOT NULL AND f
      ON CONFLICT DO NOTHING RETURNING account, idem_key)
    SELECT coalesce(array_agg(w.ord::int), '{}') INTO repeats
    FROM unnest(p_account, p_idem_key, p_idem_first) WITH ORDINALITY AS w(a, k, f, ord)
    WHERE w.k IS NOT NULL AND NOT (w.f AND EXISTS (SELECT 1 FROM claimed c WHERE c.account = w.a AND c.idem_key = w.k));
  END IF;

  -- Without idempotency keys the caller has folded the writes by key already (mergeBatch()):
  -- they go in as they are, in their order.
  IF p_idem_key IS NULL THEN
    RETURN QUERY
    WITH upserted AS (
      INSERT INTO events (account, dedup_key, name, namespace, uid, container_group_id, obj_api_version, obj_kind,
        obj_name, obj_namespace, obj_uid, obj_field_path, reason, message, type, count, first_ts, last_ts,
        source_component, source_host, reporting_component, reporting_instance, version, created_version)
      SELECT r.*, r.v FROM (
        SELECT *, nextval('event_version_seq') AS v
        FROM unnest(p_account, p_dedup_key, p_name, p_namespace, p_uid, p_container_group_id, p_obj_api_version,
          p_obj_kind, p_obj_name, p_obj_namespace, p_obj_uid, p_obj_field_path, p_reason, p_message, p_type, p_count,
          p_first_ts, p_last_ts, p_source_component, p_source_host, p_reporting_component, p_reporting_instance)
      ) AS r
      ${UPSERT_TAIL}
    ) SELECT * FROM upserted;
    RETURN;
  END IF;

  -- Else the writes come one by one: the counted ones are folded by key here (a statement may
  -- touch a row once), as mergeBatch() folds them: counts added, the earliest first time, the
  -- latest last time with its message (a tie goes to the later write), every other column from
  -- the key's first write.
  RETURN QUERY
  WITH w AS (
    SELECT * FROM unnest(p_account, p_dedup_key, p_name, p_namespace, p_uid, p_container_group_id, p_obj_api_version,
      p_obj_kind, p_obj_name, p_obj_namespace, p_obj_uid, p_obj_field_path, p_reason, p_message, p_type, p_count,
      p_first_ts, p_last_ts, p_source_component, p_source_host, p_reporting_component, p_reporting_instance)
      WITH ORDINALITY AS t(account, dedup_key, name, namespace, uid, container_group_id, obj_api_version, obj_kind,
        obj_name, obj_namespace, obj_uid, obj_field_path, reason, message, type, count, first_ts, last_ts,
        source_component, source_host, reporting_component, reporting_instance, ord)
    WHERE t.ord <> ALL (repeats)
  ), m AS (
    SELECT w.dedup_key, min(w.ord) AS first_ord, sum(w.count)::bigint AS count, min(w.first_ts) AS first_ts,
      max(w.last_ts) AS last_ts, (array_agg(w.message ORDER BY w.last_ts DESC, w.ord DESC))[1] AS message
    FROM w GROUP BY w.dedup_key
  ), upserted AS (
    INSERT INTO events (account, dedup_key, name, namespace, uid, container_group_id, obj_api_version, obj_kind,
      obj_name, obj_namespace, obj_uid, obj_field_path, reason, message, type, count, first_ts, last_ts,
      source_component, source_host, reporting_component, reporting_instance, version, created_version)
    SELECT r.*, r.v FROM (
      SELECT f.account, m.dedup_key, f.name, f.namespace, f.uid, f.container_group_id, f.obj_api_version, f.obj_kind,
        f.obj_name, f.obj_namespace, f.obj_uid, f.obj_field_path, f.reason, m.message, f.type, m.count, m.first_ts,
        m.last_ts, f.source_component, f.source_host, f.reporting_component, f.reporting_instance,
        nextval('event_version_seq') AS v
      FROM m JOIN w f ON f.ord = m.first_ord ORDER BY m.first_ord
    ) AS r
    ${UPSERT_TAIL}
  ) SELECT * FROM upserted;

  -- A repeated write's answer: the event its key's first use counted towards, as it stands after
  -- this batch (a later statement sees the upsert's rows); no event columns when retention removed it.
  IF cardinality(repeats) > 0 THEN
    RETURN QUERY
    SELECT w.ord::int, e.dedup_key, e.account, e.name, e.namespace, e.uid, e.version, e.container_group_id,
      e.obj_api_version, e.obj_kind, e.obj_name, e.obj_namespace, e.obj_uid, e.obj_field_path, e.reason, e.message,
      e.type, e.count, e.first_ts, e.last_ts, e.source_component, e.source_host, e.reporting_component,
      e.reporting_instance, e.created_version
    FROM unnest(p_account, p_idem_key) WITH ORDINALITY AS w(a, k, ord)
    LEFT JOIN idempotency_keys ik ON ik.account = w.a AND ik.idem_key = w.k
    LEFT JOIN events e ON e.dedup_key = ik.dedup_key
    WHERE w.ord = ANY (repeats);
  END IF;
END
$fn$;`;
