import type { EventBody, EventType, EventView, Micros, StoredEvent } from '../model/event.js';
import type { LoadedState, StateChange, StateFence } from './emulator-state.js';
import type { EventJsonShape, GroupEventsJson } from './event-json.js';

/** One write to the store: a new event, or more occurrences of one already stored under `key`. */
export interface EventWrite extends EventBody {
  /** Deduplication key; writes with the same key count towards one stored event. */
  key: string;
  /** Name, uid and first timestamp to use if the event is new; an existing event keeps its own. */
  name: string;
  namespace: string;
  uid: string;
  /** Occurrences this write adds (1 for a single report). */
  count: number;
  firstTimestamp: Micros;
  lastTimestamp: Micros;
  /**
   * The producer's key for this one occurrence (an agent's resend carries the same one). A write
   * whose key the account has already used (within the store's idempotency window) adds nothing:
   * it answers the event that key first counted towards, as it stands.
   */
  idempotencyKey?: string;
}

export interface EventFilter {
  /** Only this account's events. */
  account?: string;
  /** Only events whose source component is this one, or one of these. */
  sourceComponent?: string | readonly string[];
  /** Only events whose last occurrence is at or after this time. */
  since?: Micros;
  /** Only events whose last occurrence is before this time. */
  until?: Micros;
  type?: EventType;
  /** Only events with one of these reasons. */
  reasons?: readonly string[];
  /**
   * Only events whose reason or message contains this text, the letters A to Z in either case and
   * every other character only as it is (so É does not match é): the same rows on every backend,
   * whatever the database's locale (sql/dialect.ts likeIgnoringAsciiCase).
   */
  text?: string;
  /** Only events about objects of this kind (involvedObject.kind, e.g. ImageCache). */
  objectKind?: string;
  /** Only events about the object of this name (involvedObject.name). */
  objectName?: string;
}

/** A position in the newest-first order of events: the last event of a page. */
export interface EventCursor {
  lastTimestamp: Micros;
  version: number;
}

export interface ListQuery extends EventFilter {
  containerGroupId?: string;
  namespace?: string;
  /** Only events after this position in the newest-first order (the next page). */
  before?: EventCursor;
  /** Newest first, at most this many (default 500). */
  limit?: number;
}

/** What the events of one container group add up to. */
export interface GroupEventSummary {
  containerGroupId: string;
  /** The involved object of the group's newest event. */
  name: string;
  namespace: string;
  /** Stored events, each counted once whatever its count. */
  events: number;
  /** Stored events of type Warning. */
  warnings: number;
  /** The newest last timestamp among them. */
  lastTimestamp: Micros;
}

export interface HistogramQuery extends Omit<EventFilter, 'since' | 'until'> {
  containerGroupId?: string;
  /** Occurrences in [from, to), of the events whose span from first to last timestamp meets it. */
  from: Micros;
  to: Micros;
  /** Bucket i holds the occurrences in [from + i * bucketMicros, from + (i + 1) * bucketMicros). */
  bucketMicros: number;
}

/** The occurrences (sum of counts) of one type whose events fell in one bucket; empty cells are left out. */
export interface HistogramCell {
  bucket: number;
  type: EventType;
  occurrences: number;
}

/**
 * Fields of an event a change-feed read can match, by their names in the Kubernetes Event (the
 * fields a core/v1 field selector may name). `involvedObject.resourceVersion` is never stored:
 * it is always ''.
 */
export const EVENT_FIELDS = [
  'metadata.name',
  'metadata.namespace',
  'involvedObject.apiVersion',
  'involvedObject.kind',
  'involvedObject.name',
  'involvedObject.namespace',
  'involvedObject.uid',
  'involvedObject.fieldPath',
  'involvedObject.resourceVersion',
  'reason',
  'type',
  'source',
  'reportingComponent',
] as const;
export type EventField = (typeof EVENT_FIELDS)[number];

/** A field equal (or, with `equals: false`, not equal) to a value. */
export interface FieldCondition {
  field: EventField;
  equals: boolean;
  value: string;
}

/** Which changes a change-feed read returns: all of them by default. */
export interface ChangeScope {
  account?: string;
  namespace?: string;
  /** Every condition must hold. */
  fields?: readonly FieldCondition[];
}

/** How a change-feed read starts. */
export interface ChangeRead {
  /** From the beginning of what is kept (a list, a replay), not resuming a position: never expired. */
  startOver?: boolean;
}

export type StoreKind = 'sqlite' | 'postgres';

/** What a batch writes besides its events: the emulator's state changes of the turns it holds. */
export interface RecordOptions {
  /** Written in the events' transaction (documents and timers), after `fence` passed. */
  state?: StateChange;
  /** Checked first in the transaction when `state` is written (emulator-state.ts). */
  fence?: StateFence;
}

/**
 * Where events live. Every backend deduplicates with an atomic upsert on the key, so any number
 * of writers agree on every count, and stamps every change with a version that only grows.
 */
export interface EventStore {
  readonly kind: StoreKind;
  /**
   * Writes a batch in one durable transaction: all of it or none. Returns, for each write in
   * order, the stored event as it stands after the batch. An error marked by markRolledBack()
   * (record-apart.ts) says the transaction certainly changed nothing, so its writes may be retried.
   * `options.state` is written in the same transaction (a batch of only state is written too).
   */
  record(writes: readonly EventWrite[], options?: RecordOptions): Promise<StoredEvent[]>;
  /**
   * How many record() calls may be outstanding at once: each is committed after the ones called
   * before it, unless it fails. Absent or 1: call again only once the last call has settled.
   */
  readonly writeDepth?: number;
  /** Every emulator document and pending timer (timers in due order), in one snapshot. */
  loadEmulatorState(): Promise<LoadedState>;
  /** One emulator document's body, or undefined (a follower reads the meta document's clock on every election round). */
  loadEmulatorDoc(kind: string, id: string): Promise<unknown>;
  /**
   * The newest `perGroup` events (by last timestamp) of each of these container groups of the
   * filter's account, as the OpenAPI shows them: a group's id, and the account, are the caller's
   * already. The account is required: the groups' events are read from the index that leads with it.
   */
  newestPerGroup(groupIds: readonly string[], perGroup: number, filter: EventFilter & { account: string }): Promise<Map<string, EventView[]>>;
  /**
   * The same events as newestPerGroup, as JSON text of `shape` (event-json.ts) built by the
   * database: for an answer that is JSON of the events and little else. Every group asked for is
   * in the map, with no events if it has none. Only where it costs less than the rows made into
   * objects and serialised: on SQLite, reading and writing DescribeContainerGroupEvents' answer took
   * 0.8x the CPU;
   * PostgreSQL has none (its backend spent 1.1 ms more per call building the text than Node saved,
   * and text written in Node from its rows cost Node more than the objects did).
   */
  newestPerGroupJson?(
    groupIds: readonly string[],
    perGroup: number,
    filter: EventFilter & { account: string },
    shape: EventJsonShape,
  ): Promise<Map<string, GroupEventsJson>>;
  /** Events matching the query, newest first. */
  list(query: ListQuery): Promise<StoredEvent[]>;
  /** An account's event by namespace and name (one probe of the index that serves namespaces() too). */
  get(account: string, namespace: string, name: string): Promise<StoredEvent | undefined>;
  /**
   * Events changed after `version`, oldest change first: the change feed (the part `scope`
   * describes). A reader resuming from `version` would miss changes retention removed after it:
   * when `version < purgedUpTo(scope.account)` it throws ChangesExpiredError instead, in the same
   * snapshot as the read, so that no gap is ever skipped without a word. `startOver` reads from the
   * beginning of what is kept (version must be 0), as a full list or replay does, and never throws.
   */
  changesAfter(version: number, limit: number, scope?: ChangeScope, read?: ChangeRead): Promise<StoredEvent[]>;
  /**
   * The highest version among the changes retention has removed, of this account (of any account
   * without one); 0 when none. A reader that has read up to v has lost changes exactly when v is below it.
   */
  purgedUpTo(account?: string): Promise<number>;
  /** Per container group of an account that has events (of these groups only, if given): counts, newest time, object. */
  groupSummaries(account: string, containerGroupIds?: readonly string[]): Promise<GroupEventSummary[]>;
  /** Occurrences by bucket and by type, each event's spread over its span, counted by the database. */
  histogram(query: HistogramQuery): Promise<HistogramCell[]>;
  /** The earliest first timestamp of the events matching the query; undefined when none does. */
  earliestOccurrence(query: Omit<HistogramQuery, 'from' | 'to' | 'bucketMicros'>): Promise<Micros | undefined>;
  /** The namespaces an account has events in, in name order (what a Kubernetes namespace list shows of it). */
  namespaces(account: string): Promise<string[]>;
  /** Ids of an account's container groups that have events, in id order, after `after`. */
  containerGroupsWithEvents(account: string, page: { after?: string; limit: number }): Promise<string[]>;
  /** The highest version handed out so far (0 for an empty store). */
  latestVersion(): Promise<number>;
  /**
   * Removes events last seen before `cutoff`, in small transactions; returns how many. Each
   * transaction raises purgedUpTo of the accounts it removed events of to the highest version removed.
   */
  purgeOlderThan(cutoff: Micros, batchSize?: number): Promise<number>;
  /** Forgets idempotency keys first used before `before` (milliseconds since the epoch, wall time); returns how many. */
  purgeIdempotencyKeys(before: number, batchSize?: number): Promise<number>;
  close(): Promise<void>;
}
