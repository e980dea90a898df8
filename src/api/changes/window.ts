// The most recent changes of the feed, in version order, held once for every open stream: a
// stream whose position is inside it takes its changes from here instead of querying the store.
// The window holds every change after `start` up to `head` as the store's feed shows it: each
// event once, at its latest change (an older change of an event changed again is skipped, as the
// store no longer has it). Bounded: the oldest changes are dropped, and `start` moves up.
import type { StoredEvent } from '../../model/event.js';

/** Changes kept: at 100 events/s, 40 s of them; a few MB with their serialised forms. */
export const WINDOW_SIZE = 4096;

interface Entry {
  event: StoredEvent;
  /** The event changed again later (a later entry holds it): readers skip this one. */
  superseded: boolean;
}

/** What one read of the window found. */
export interface WindowRead {
  changes: StoredEvent[];
  /** The version the read looked up to: nothing up to it is left for the reader. */
  upTo: number;
  /** It stopped at `limit`: there may be more after `upTo`. */
  more: boolean;
}

/**
 * What stays the same across an event's changes. The uid alone would do for the recorder's events;
 * with the account, namespace and name too, two events written with one uid by another writer
 * are not taken for one, which would hide the older one's change.
 */
function identityOf(e: StoredEvent): string {
  return `${e.account}\u0000${e.namespace}\u0000${e.name}\u0000${e.uid}`;
}

export class ChangeWindow {
  private entries: Entry[] = [];
  /** Index of the oldest entry kept in `entries` (those before it are dropped, not yet spliced out). */
  private first = 0;
  /** The entry of each event's latest change, by identity (identityOf). */
  private readonly latest = new Map<string, Entry>();
  private startVersion: number;
  private headVersion: number;

  constructor(
    at: number,
    private readonly size = WINDOW_SIZE,
  ) {
    this.startVersion = at;
    this.headVersion = at;
  }

  /** Every change after this version is in the window (up to head). */
  get start(): number {
    return this.startVersion;
  }

  /** The newest version the window has seen. */
  get head(): number {
    return this.headVersion;
  }

  /** Whether a reader that has read up to `after` finds all it lacks here. */
  covers(after: number): boolean {
    return after >= this.startVersion;
  }

  /** Adds changes newer than head, in version order, with nothing committed between them and head. */
  append(changes: readonly StoredEvent[]): void {
    for (const event of changes) {
      if (event.resourceVersion <= this.headVersion) throw new Error(`change ${event.resourceVersion} is not after the window's head ${this.headVersion}`);
      const entry: Entry = { event, superseded: false };
      const id = identityOf(event);
      const before = this.latest.get(id);
      if (before) before.superseded = true;
      this.latest.set(id, entry);
      this.entries.push(entry);
      this.headVersion = event.resourceVersion;
    }
    this.trim();
  }

  /** Moves head to `version` with no change in between (the changes up to it were removed, or are none of ours). */
  skipTo(version: number): void {
    this.headVersion = Math.max(this.headVersion, version);
  }

  /** Forgets everything: the window starts afresh, empty, at `version`. */
  reset(version: number): void {
    this.entries = [];
    this.first = 0;
    this.latest.clear();
    this.startVersion = version;
    this.headVersion = version;
  }

  /**
   * The changes after `after` that `match` accepts, at most `limit`. The caller must check
   * covers(after) first: before `start` the window does not know what it lacks.
   */
  read(after: number, limit: number, match: (e: StoredEvent) => boolean): WindowRead {
    const changes: StoredEvent[] = [];
    let upTo = Math.max(after, this.headVersion);
    for (let i = this.indexAfter(after); i < this.entries.length; i++) {
      const entry = this.entries[i]!;
      if (entry.superseded || !match(entry.event)) continue;
      if (changes.length === limit) {
        upTo = changes[changes.length - 1]!.resourceVersion;
        return { changes, upTo, more: true };
      }
      changes.push(entry.event);
    }
    return { changes, upTo, more: false };
  }

  /** How many changes are held. */
  get length(): number {
    return this.entries.length - this.first;
  }

  /** The index of the first entry whose version is above `after` (binary search: versions ascend). */
  private indexAfter(after: number): number {
    let lo = this.first;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.entries[mid]!.event.resourceVersion <= after) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private trim(): void {
    while (this.entries.length - this.first > this.size) {
      const gone = this.entries[this.first++]!;
      this.startVersion = gone.event.resourceVersion;
      const id = identityOf(gone.event);
      if (this.latest.get(id) === gone) this.latest.delete(id);
    }
    // Spliced out in bulk, not one shift per change.
    if (this.first > this.size) {
      this.entries = this.entries.slice(this.first);
      this.first = 0;
    }
  }
}
