import type { EventSource, EventType, Micros, ObjectRef } from '../model/event.js';

/** One observed occurrence of an event, rendered and checked, before correlation and storage. */
export interface Occurrence {
  account: string;
  involvedObject: ObjectRef;
  containerGroupId: string;
  reason: string;
  message: string;
  type: EventType;
  source: EventSource;
  reportingComponent: string;
  reportingInstance: string;
  timestamp: Micros;
}
