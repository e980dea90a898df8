// The Kubernetes core/v1 Event shape the seed shows, as this service stores and serves it.

export type EventType = 'Normal' | 'Warning';
export const EVENT_TYPES: readonly EventType[] = ['Normal', 'Warning'];

/** The object an event is about (core/v1 ObjectReference, the fields events use). */
export interface ObjectRef {
  apiVersion: string;
  kind: string;
  name: string;
  namespace: string;
  uid: string;
  fieldPath?: string;
}

export interface EventSource {
  component: string;
  host: string;
}

/** The account of events reported without one (and of the key `serve` is given). */
export const DEFAULT_ACCOUNT = 'default';

/** Microseconds since the Unix epoch: sub-second precision that a JS number holds exactly. */
export type Micros = number;

/** What an event says, whether it is one occurrence, a write, or the stored event. */
export interface EventBody {
  /** The account that owns the event; accounts never see each other's events. */
  account: string;
  involvedObject: ObjectRef;
  /** The container group this event belongs to ('' when it belongs to none). */
  containerGroupId: string;
  reason: string;
  message: string;
  type: EventType;
  source: EventSource;
  reportingComponent: string;
  reportingInstance: string;
}

/** An event as stored: one row per deduplicated event, its count exact. */
export interface StoredEvent extends EventBody {
  name: string;
  namespace: string;
  uid: string;
  /** Version of the last change to this event; the change feed orders by it. */
  resourceVersion: number;
  /**
   * Version of the change that created it: a watcher at version N was told of the event before
   * iff this is at most N (ADDED then MODIFIED). 0 for events stored before it was kept.
   */
  createdVersion: number;
  count: number;
  firstTimestamp: Micros;
  lastTimestamp: Micros;
}

/**
 * A stored event as the OpenAPI's answers show it: all of it but the account, uid, version and
 * container group, which a caller asking for a group's events already knows or never shows.
 * Reads that return many events at a time return this, and read only these columns.
 */
export type EventView = Omit<StoredEvent, 'account' | 'uid' | 'resourceVersion' | 'createdVersion' | 'containerGroupId'>;
