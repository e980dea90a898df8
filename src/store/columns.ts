import type { EventType, StoredEvent } from '../model/event.js';

/** Column names are the same in every backend; this reads one row of them. */
export interface EventRow {
  account: string;
  name: string;
  namespace: string;
  uid: string;
  version: number | string;
  container_group_id: string;
  obj_api_version: string;
  obj_kind: string;
  obj_name: string;
  obj_namespace: string;
  obj_uid: string;
  obj_field_path: string;
  reason: string;
  message: string;
  type: string;
  count: number | string;
  first_ts: number | string;
  last_ts: number | string;
  source_component: string;
  source_host: string;
  reporting_component: string;
  reporting_instance: string;
}

export const EVENT_COLUMNS =
  'account, name, namespace, uid, version, container_group_id, obj_api_version, obj_kind, obj_name, obj_namespace, obj_uid, ' +
  'obj_field_path, reason, message, type, count, first_ts, last_ts, source_component, source_host, ' +
  'reporting_component, reporting_instance';

export function toStoredEvent(r: EventRow): StoredEvent {
  return {
    account: r.account,
    name: r.name,
    namespace: r.namespace,
    uid: r.uid,
    resourceVersion: Number(r.version),
    involvedObject: {
      apiVersion: r.obj_api_version,
      kind: r.obj_kind,
      name: r.obj_name,
      namespace: r.obj_namespace,
      uid: r.obj_uid,
      ...(r.obj_field_path ? { fieldPath: r.obj_field_path } : {}),
    },
    containerGroupId: r.container_group_id,
    reason: r.reason,
    message: r.message,
    type: r.type as EventType,
    count: Number(r.count),
    firstTimestamp: Number(r.first_ts),
    lastTimestamp: Number(r.last_ts),
    source: { component: r.source_component, host: r.source_host },
    reportingComponent: r.reporting_component,
    reportingInstance: r.reporting_instance,
  };
}
