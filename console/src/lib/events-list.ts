// A loaded list of events, newest first, as the Events tables keep it: pages appended by cursor,
// and changes from the live stream merged in (a new event on top, a repeat's new count and
// last time replacing the old row, which moves up).
import type { EventJson } from './types.js';

/** One stored event's identity: its uid (the service gives every event one), else its name. */
export function eventKey(e: EventJson): string {
  return e.metadata.uid || `${e.metadata.namespace ?? ''}/${e.metadata.name}`;
}

export function versionOf(e: EventJson): number {
  const v = Number(e.metadata.resourceVersion);
  return Number.isFinite(v) ? v : 0;
}

/** Newest first: by last occurrence, then by version (the later change first). */
export function compareNewestFirst(a: EventJson, b: EventJson): number {
  const d = Date.parse(b.lastTimestamp) - Date.parse(a.lastTimestamp);
  return d !== 0 ? d : versionOf(b) - versionOf(a);
}

export interface MergeResult {
  items: EventJson[];
  /** Keys of events not in the list before. */
  added: string[];
  /** Keys of events whose row was replaced by a newer version. */
  updated: string[];
}

/**
 * Merges events into a list: an event already there is replaced only by a newer version (a
 * stream may repeat what a page already had); an event older than the list's last row is left
 * out while older pages remain to be loaded (`complete` false), where it will come in its turn.
 */
export function mergeEvents(list: readonly EventJson[], incoming: readonly EventJson[], complete: boolean): MergeResult {
  const byKey = new Map(list.map((e) => [eventKey(e), e] as const));
  const oldest = list.at(-1);
  const added: string[] = [];
  const updated: string[] = [];
  for (const e of incoming) {
    const key = eventKey(e);
    const had = byKey.get(key);
    if (had) {
      if (versionOf(e) > versionOf(had)) {
        byKey.set(key, e);
        updated.push(key);
      }
      continue;
    }
    if (!complete && oldest && compareNewestFirst(e, oldest) > 0) continue;
    byKey.set(key, e);
    added.push(key);
  }
  if (!added.length && !updated.length) return { items: list as EventJson[], added, updated };
  return { items: [...byKey.values()].sort(compareNewestFirst), added, updated };
}

/** Appends an older page (cursor paging), skipping events the list already holds. */
export function appendPage(list: readonly EventJson[], page: readonly EventJson[]): EventJson[] {
  const seen = new Set(list.map(eventKey));
  return [...list, ...page.filter((e) => !seen.has(eventKey(e)))];
}

/** The most rows live changes may grow a list to; past it the oldest rows are let go. */
export const MAX_LIVE_ROWS = 1000;

/**
 * Keeps a list within `max` rows after live additions (a storm must not grow the page without
 * end): the oldest rows go, and `trimmed` says older events are no longer reachable by the
 * list's cursor, so the page offers to reload instead.
 */
export function capList(items: EventJson[], max = MAX_LIVE_ROWS): { items: EventJson[]; trimmed: boolean } {
  return items.length > max ? { items: items.slice(0, max), trimmed: true } : { items, trimmed: false };
}
