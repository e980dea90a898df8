import type { EventJson } from '../contracts/index.js';
import type { StoredEvent } from '../model/event.js';
import { toRfc3339 } from '../model/time.js';

/** The core/v1 Event JSON of a stored event, plus the container group it belongs to. */
export function toEventJson(e: StoredEvent): EventJson {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: {
      name: e.name,
      namespace: e.namespace,
      uid: e.uid,
      resourceVersion: String(e.resourceVersion),
      creationTimestamp: toRfc3339(e.firstTimestamp),
    },
    involvedObject: e.involvedObject,
    reason: e.reason,
    message: e.message,
    type: e.type,
    count: e.count,
    firstTimestamp: toRfc3339(e.firstTimestamp),
    lastTimestamp: toRfc3339(e.lastTimestamp),
    source: e.source.host ? e.source : { component: e.source.component },
    reportingComponent: e.reportingComponent,
    reportingInstance: e.reportingInstance,
    containerGroupId: e.containerGroupId,
  };
}
