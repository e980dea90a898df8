import type { EventBody, Micros, StoredEvent } from '../model/event.js';

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
}

export interface EventFilter {
  /** Only this account's events. */
  account?: string;
  /** Only events whose source component is this one, or one of these. */
  sourceComponent?: string | readonly string[];
  /** Only events whose last occurrence is at or after this time. */
  since?: Micros;
}

export interface ListQuery extends EventFilter {
  containerGroupId?: string;
  namespace?: string;
  /** Newest first, at most this many (default 500). */
  limit?: number;
}

export type StoreKind = 'sqlite' | 'postgres';

/**
 * Where events live. Every backend deduplicates with an atomic upsert on the key, so any number
 * of writers agree on every count, and stamps every change with a version that only grows.
 */
export interface EventStore {
  readonly kind: StoreKind;
  /**
   * Writes a batch in one durable transaction: all of it or none. Returns, for each write in
   * order, the stored event as it stands after the batch.
   */
  record(writes: readonly EventWrite[]): Promise<StoredEvent[]>;
  /** The newest `perGroup` events (by last timestamp) of each of these container groups. */
  newestPerGroup(groupIds: readonly string[], perGroup: number, filter?: EventFilter): Promise<Map<string, StoredEvent[]>>;
  /** Events matching the query, newest first. */
  list(query: ListQuery): Promise<StoredEvent[]>;
  /** Events by namespace and name. */
  get(namespace: string, name: string): Promise<StoredEvent | undefined>;
  /** Events changed after `version`, oldest change first: the change feed (of one account, if given). */
  changesAfter(version: number, limit: number, account?: string): Promise<StoredEvent[]>;
  /** Ids of an account's container groups that have events, in id order, after `after`. */
  containerGroupsWithEvents(account: string, page: { after?: string; limit: number }): Promise<string[]>;
  /** The highest version handed out so far (0 for an empty store). */
  latestVersion(): Promise<number>;
  /** Removes events last seen before `cutoff`, in small transactions; returns how many. */
  purgeOlderThan(cutoff: Micros, batchSize?: number): Promise<number>;
  close(): Promise<void>;
}
