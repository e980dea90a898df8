// What a sink reads: the change feed's events as the service's JSON API sends them (GET
// /v1/changes), a page at a time.
import type { ChangeItem } from '../contracts/index.js';

export type { ChangeItem };

/** Where a read of the feed starts: after a version, or at the oldest change the feed keeps. */
export type FeedPosition = number | 'oldest';

/**
 * Changes after a position, oldest first, at most `limit`; throws when the service did not answer,
 * and ChangesExpiredError (src/store) when retention removed changes after the position.
 */
export type ChangeSource = (after: FeedPosition, limit: number) => Promise<ChangeItem[]>;

/** Versions of the feed a sink never got: retention removed them before it read them. */
export interface FeedGap {
  from: number;
  to: number;
}

/** Which changes a sink delivers: all, or those of these types, reasons and namespaces. */
export interface ChangeFilter {
  types?: readonly string[];
  reasons?: readonly string[];
  namespaces?: readonly string[];
  /** Only changes whose count is at least this (1: every occurrence). */
  minCount?: number;
}

export function matches(filter: ChangeFilter, item: ChangeItem): boolean {
  return (
    (!filter.types?.length || filter.types.includes(item.type)) &&
    (!filter.reasons?.length || filter.reasons.includes(item.reason)) &&
    (!filter.namespaces?.length || filter.namespaces.includes(item.metadata.namespace)) &&
    item.count >= (filter.minCount ?? 1)
  );
}
