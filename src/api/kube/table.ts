// The server-side Table kubectl asks for (`Accept: application/json;as=Table;g=meta.k8s.io;v=v1`):
// the columns and cells the API server prints for events (pkg/printers/internalversion).
import type { Micros, StoredEvent } from '../../model/event.js';
import { humanDuration } from './human-duration.js';
import { objectMeta } from './render.js';

export const EVENT_COLUMNS = [
  { name: 'Last Seen', type: 'string', format: '', description: 'Time since the last occurrence of the event', priority: 0 },
  { name: 'Type', type: 'string', format: '', description: 'Type of this event (Normal, Warning), new types could be added in the future', priority: 0 },
  {
    name: 'Reason',
    type: 'string',
    format: '',
    description: "This should be a short, machine understandable string that gives the reason for the transition into the object's current status.",
    priority: 0,
  },
  { name: 'Object', type: 'string', format: '', description: 'The object that this event is about', priority: 0 },
  { name: 'Subobject', type: 'string', format: '', description: 'The field of the object this event is about (involvedObject.fieldPath)', priority: 1 },
  { name: 'Source', type: 'string', format: '', description: 'The component reporting this event', priority: 1 },
  { name: 'Message', type: 'string', format: '', description: 'A human-readable description of the status of this operation.', priority: 0 },
  { name: 'First Seen', type: 'string', format: '', description: 'Time since the first occurrence of the event', priority: 1 },
  { name: 'Count', type: 'string', format: '', description: 'The number of times this event has occurred.', priority: 1 },
  { name: 'Name', type: 'string', format: 'name', description: 'Name must be unique within a namespace.', priority: 1 },
];

/** What each row carries besides its cells (the `includeObject` parameter). */
export type IncludeObject = 'None' | 'Metadata' | 'Object';

function source(e: StoredEvent): string {
  const component = e.source.component || e.reportingComponent;
  const instance = e.source.host || e.reportingInstance;
  return instance ? `${component}, ${instance}` : component;
}

export function eventRow(e: StoredEvent, now: Micros, include: IncludeObject, full: (e: StoredEvent) => unknown) {
  const age = (at: Micros) => humanDuration((now - at) / 1000);
  const object =
    include === 'None' ? undefined : include === 'Object' ? full(e) : { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: objectMeta(e) };
  return {
    cells: [
      age(e.lastTimestamp),
      e.type,
      e.reason,
      `${e.involvedObject.kind.toLowerCase()}/${e.involvedObject.name}`,
      e.involvedObject.fieldPath ?? '',
      source(e),
      e.message.trim(),
      age(e.firstTimestamp),
      e.count || 1,
      e.name,
    ],
    ...(object === undefined ? {} : { object }),
  };
}

/** A Table of these rows; `columns` undefined leaves the definitions out (watch lines after the first). */
export function table(rows: unknown[], metadata: Record<string, unknown>, columns: readonly unknown[] | undefined, apiVersion: string) {
  return { kind: 'Table', apiVersion, metadata, ...(columns ? { columnDefinitions: columns } : {}), rows };
}
