// The most recent changes of the feed, in version order, held once for every open stream: a
// stream whose position is inside it takes its changes from here instead of querying the store.
// The window holds every change after `start` up to `head`, an event changed twice as two
// changes: a stream that is live gets every change, however many commits one wake of the hub
// covers (the store keeps each event at its latest change only, which is what a stream behind
// the window gets). Bounded: the oldest changes are dropped, and `start` moves up.
import type { StoredEvent } from '../../model/event.js';

/** Changes kept: at 100 events/s, 40 s of them; a few MB with their serialised forms. */
export const WINDOW_SIZE = 4096;

/** What one read of the window found. */
export interface WindowRead {
  changes: StoredEvent[];
  /** The version the read looked up to: nothing up to it is left for the reader. */
  upTo: number;
  /** It stopped at `limit`: there may be more after `upTo`. */
  more: boolean;
}

export class ChangeWindow {
  private entries: StoredEvent[] = [];
  /** Index of the oldest entry kept in `entries` (those before it are dropped, not yet spliced out). */
  private first = 0;
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
      this.entries.push(event);
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
      const event = this.entries[i]!;
      if (!match(event)) continue;
      if (changes.length === limit) {
        upTo = changes[changes.length - 1]!.resourceVersion;
        return { changes, upTo, more: true };
      }
      changes.push(event);
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
      if (this.entries[mid]!.resourceVersion <= after) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private trim(): void {
    while (this.entries.length - this.first > this.size) {
      this.startVersion = this.entries[this.first++]!.resourceVersion;
    }
    // Spliced out in bulk, not one shift per change.
    if (this.first > this.size) {
      this.entries = this.entries.slice(this.first);
      this.first = 0;
    }
  }
}
