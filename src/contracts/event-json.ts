// A stored event as the HTTP API sends it: the Kubernetes core/v1 Event, plus its container group.
// GET /v1/events pages them; GET /v1/changes adds what the change was to the reader.
import { Type, type Static } from '@sinclair/typebox';
import { EVENT_TYPES } from '../model/event.js';
import { StringEnum } from './json.js';

export const EventTypeJson = StringEnum(EVENT_TYPES);

/** The object an event is about (core/v1 ObjectReference). */
export const ObjectRefJson = Type.Object({
  apiVersion: Type.String(),
  kind: Type.String(),
  name: Type.String(),
  namespace: Type.String(),
  uid: Type.String(),
  fieldPath: Type.Optional(Type.String()),
});
export type ObjectRefJson = Static<typeof ObjectRefJson>;

export const EventJson = Type.Object({
  apiVersion: Type.String(),
  kind: Type.String(),
  metadata: Type.Object({
    name: Type.String(),
    namespace: Type.String(),
    uid: Type.String(),
    resourceVersion: Type.String(),
    creationTimestamp: Type.String(),
  }),
  involvedObject: ObjectRefJson,
  reason: Type.String(),
  message: Type.String(),
  type: EventTypeJson,
  count: Type.Integer(),
  firstTimestamp: Type.String(),
  lastTimestamp: Type.String(),
  // No host: the component reported without one.
  source: Type.Object({ component: Type.String(), host: Type.Optional(Type.String()) }),
  reportingComponent: Type.String(),
  reportingInstance: Type.String(),
  /** '' when the event belongs to no container group. */
  containerGroupId: Type.String(),
});
export type EventJson = Static<typeof EventJson>;

/** GET /v1/events: newest first; `next` is the cursor of the following page (`before`), absent on the last. */
export const EventsPage = Type.Object({ items: Type.Array(EventJson), next: Type.Optional(Type.String()) });
export type EventsPage = Static<typeof EventsPage>;

export const CHANGE_KINDS = ['ADDED', 'MODIFIED'] as const;

/**
 * One change of the feed: the event at its latest change. ADDED: new to a reader that has read
 * the feed up to the position it asked after; MODIFIED: a repeat of an event it was told of.
 */
export const ChangeItem = Type.Composite([EventJson, Type.Object({ change: StringEnum(CHANGE_KINDS) })]);
export type ChangeItem = Static<typeof ChangeItem>;

/** GET /v1/changes: oldest first; `lastVersion` is where the next read resumes (`after`). */
export const ChangesPage = Type.Object({ items: Type.Array(ChangeItem), lastVersion: Type.Integer() });
export type ChangesPage = Static<typeof ChangesPage>;
