// Stored events as the Kubernetes API serves them: core/v1 Event and events.k8s.io/v1 Event
// (one stored object, two shapes, as the API server converts between them).
import type { Micros, StoredEvent } from '../../model/event.js';
import { toRfc3339Seconds } from '../../model/time.js';

/** The annotation naming the ECI container group an event belongs to. */
export const GROUP_ANNOTATION = 'k8s.aliyun.com/eci-instance-id';

/** metav1.MicroTime: RFC 3339 with exactly six fractional digits. */
export function toMicroTime(at: Micros): string {
  const micros = String(((at % 1_000_000) + 1_000_000) % 1_000_000).padStart(6, '0');
  return `${toRfc3339Seconds(at).slice(0, 19)}.${micros}Z`;
}

export function objectMeta(e: StoredEvent) {
  return {
    name: e.name,
    namespace: e.namespace,
    uid: e.uid,
    resourceVersion: String(e.resourceVersion),
    creationTimestamp: toRfc3339Seconds(e.firstTimestamp),
    ...(e.containerGroupId ? { annotations: { [GROUP_ANNOTATION]: e.containerGroupId } } : {}),
  };
}

function objectReference(e: StoredEvent) {
  const o = e.involvedObject;
  return { kind: o.kind, namespace: o.namespace, name: o.name, uid: o.uid, apiVersion: o.apiVersion, ...(o.fieldPath ? { fieldPath: o.fieldPath } : {}) };
}

const source = (e: StoredEvent) => (e.source.host ? { component: e.source.component, host: e.source.host } : { component: e.source.component });

export function toCoreEvent(e: StoredEvent) {
  return {
    kind: 'Event',
    apiVersion: 'v1',
    metadata: objectMeta(e),
    involvedObject: objectReference(e),
    reason: e.reason,
    message: e.message,
    source: source(e),
    firstTimestamp: toRfc3339Seconds(e.firstTimestamp),
    lastTimestamp: toRfc3339Seconds(e.lastTimestamp),
    count: e.count,
    type: e.type,
    eventTime: null,
    reportingComponent: e.reportingComponent,
    reportingInstance: e.reportingInstance,
  };
}

/** The events.k8s.io/v1 view: eventTime is the first occurrence, a series holds the repeats. */
export function toEventsV1Event(e: StoredEvent) {
  return {
    kind: 'Event',
    apiVersion: 'events.k8s.io/v1',
    metadata: objectMeta(e),
    eventTime: toMicroTime(e.firstTimestamp),
    ...(e.count > 1 ? { series: { count: e.count, lastObservedTime: toMicroTime(e.lastTimestamp) } } : {}),
    reportingController: e.reportingComponent,
    reportingInstance: e.reportingInstance,
    reason: e.reason,
    regarding: objectReference(e),
    note: e.message,
    type: e.type,
    deprecatedSource: source(e),
    deprecatedFirstTimestamp: toRfc3339Seconds(e.firstTimestamp),
    deprecatedLastTimestamp: toRfc3339Seconds(e.lastTimestamp),
    deprecatedCount: e.count,
  };
}
