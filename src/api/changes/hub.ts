// Reads each committed change once for every open change stream, keeps the recent ones in a
// window (window.ts), and tells the streams when there is more. This process's commits come from
// the recorder as they commit; changes that other replicas, or `eci-events` commands, write to a
// shared database reach no recorder here: one poll of the store's latest version every POLL_MS
// notices them, and one read of the store (for all streams) brings them into the window. A stream
// behind the window reads the store itself until it catches up (stream.ts). No web framework:
// streams are plain callbacks.
import type { StoredEvent } from '../../model/event.js';
import type { Recorder } from '../../recorder/index.js';
import { ChangesExpiredError, type EventStore } from '../../store/index.js';
import { ChangeWindow, WINDOW_SIZE, type WindowRead } from './window.js';

/** How often the latest version is read while any stream is open: well within the second a change may take. */
export const POLL_MS = 250;

/**
 * While commits keep coming, the streams are woken at most this often; a commit after a quiet gap
 * wakes them at once. A wake costs every stream one write (a system call, and TLS for a watch)
 * whatever it carries: at 100 commits/s and 1,000 streams, per-commit wakes are 100,000 writes a
 * second, a whole CPU; 80 ms makes them at most 12,500, and a change waits at most that long.
 * Measured (docs/BENCHMARKS.md, "Watchers"): 80 ms gave the lowest delivery and acknowledgement
 * p99 of 40, 60, 80 and 100 ms with 1,000 streams on a 2-vCPU machine shared with the watchers'
 * own process, and a shorter gap set by the wakes' cost (below) gave a higher p99 there.
 */
export const WAKE_GAP_MS = 80;

/**
 * Fewer streams cost less to wake, and wait less: from one wake to the next is what the wakes
 * cost (a running mean) divided by this share, up to WAKE_GAP_MS, so that waking takes at most
 * this share of the event loop. A few streams cost microseconds a wake: their changes go out
 * within a millisecond or so under any load. A thousand cost 6-18 ms: the full gap.
 */
export const WAKE_SHARE = 0.05;

/** The least time from one wake's start to the next's, given what the wakes cost (milliseconds of the event loop each). */
export function wakeGapFor(wakeCostMs: number): number {
  return Math.min(WAKE_GAP_MS, wakeCostMs / WAKE_SHARE);
}

/**
 * Streams woken in one turn of the event loop. A wake writes to every stream (about 18 us each,
 * TLS included), so 1,000 streams woken in one go hold the loop for some 18 ms, and every ingest
 * request that arrived meanwhile waits for its acknowledgement; between slices the loop answers them.
 */
export const WAKE_SLICE = 100;

/** The weight of the last wake in the running mean of what a wake costs. */
const COST_WEIGHT = 0.25;

/** Changes the hub reads from the store per query when it must. */
const READ_PAGE = 1000;

export interface HubOptions {
  pollMs?: number;
  /** Changes kept in memory for the streams. */
  windowSize?: number;
  /** A fixed least time between two wakes of the streams (0: a wake per commit) instead of wakeGapFor()'s. */
  wakeGapMs?: number;
}

export class ChangeHub {
  private readonly listeners = new Set<() => void>();
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly stopHearing: () => void;
  private readonly pollMs: number;
  private readonly windowSize: number;
  /** Undefined until the latest version is known (and again once no stream is open). */
  private window: ChangeWindow | undefined;
  private starting = false;
  /** Commits heard and not yet in the window, in the order they committed. */
  private readonly heard: Array<readonly StoredEvent[]> = [];
  /** Something was committed that the commits heard do not hold: read the store. */
  private behind = false;
  private advancing = false;
  private readonly fixedGapMs: number | undefined;
  /** When the last wake began. */
  private lastWake = -Infinity;
  /** Milliseconds of the event loop a wake takes, a running mean. */
  private wakeCostMs = 0;
  /** A wake's slices are being written; a change meanwhile wakes the streams again after them. */
  private waking = false;
  private wakeAgain = false;
  private wakeTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: EventStore,
    recorder: Recorder,
    private readonly onError: (err: unknown) => void = () => undefined,
    options: HubOptions = {},
  ) {
    this.pollMs = options.pollMs ?? POLL_MS;
    this.windowSize = options.windowSize ?? WINDOW_SIZE;
    this.fixedGapMs = options.wakeGapMs;
    this.stopHearing = recorder.onCommit((events) => {
      if (!this.window) return;
      this.heard.push(events);
      // After the commit's acknowledgements (resolved just before this) are written: the fan-out
      // of a commit must not hold up its producers' answers. Commits heard meanwhile go together.
      if (this.heard.length === 1) setImmediate(() => void this.advance());
    });
  }

  /** Calls `wake` whenever something may have changed, until the returned function is called. */
  subscribe(wake: () => void): () => void {
    this.listeners.add(wake);
    if (this.listeners.size === 1) void this.start();
    return () => {
      this.listeners.delete(wake);
      if (this.listeners.size === 0) this.stop();
    };
  }

  /**
   * The changes in `match` after `after`, at most `limit`, from memory; undefined when the window
   * does not hold all of them (not started yet, or `after` is older than what it keeps): the
   * caller reads the store.
   */
  read(after: number, limit: number, match: (e: StoredEvent) => boolean): WindowRead | undefined {
    if (!this.window?.covers(after)) return undefined;
    return this.window.read(after, limit, match);
  }

  /** Stops polling and hearing the recorder; streams are closed by their owner. */
  close(): void {
    this.closed = true;
    this.stop();
    this.stopHearing();
    this.listeners.clear();
  }

  private wakeAll(): void {
    if (this.waking) {
      this.wakeAgain = true;
      return;
    }
    this.waking = true;
    this.lastWake = performance.now();
    this.wakeSlice([...this.listeners], 0, 0);
  }

  /**
   * Wakes `listeners` from `from` on, WAKE_SLICE at a time; one that unsubscribed meanwhile is
   * skipped. `spent`: milliseconds the slices before took.
   */
  private wakeSlice(listeners: Array<() => void>, from: number, spent: number): void {
    const started = performance.now();
    const end = Math.min(from + WAKE_SLICE, listeners.length);
    try {
      for (let i = from; i < end; i++) if (this.listeners.has(listeners[i]!)) listeners[i]!();
    } finally {
      // Whatever a listener threw, the wake goes on with the next slice and ends: else no wake would come again.
      spent += performance.now() - started;
      if (end < listeners.length) setImmediate(() => this.wakeSlice(listeners, end, spent));
      else this.wakeDone(spent);
    }
  }

  private wakeDone(spent: number): void {
    this.wakeCostMs += (spent - this.wakeCostMs) * COST_WEIGHT;
    this.waking = false;
    if (this.wakeAgain) {
      this.wakeAgain = false;
      this.wakeSoon();
    }
  }

  /** The least time from the start of one wake to the start of the next. */
  private get wakeGapMs(): number {
    return this.fixedGapMs ?? wakeGapFor(this.wakeCostMs);
  }

  /**
   * Wakes the streams now if the last wake is a gap ago, else once the gap is over: the changes
   * committed meanwhile are in the window, every one of them, and go out together.
   */
  private wakeSoon(): void {
    if (this.wakeTimer) return;
    // During a wake, wakeAll() defers: the wake after it comes once the slices are written.
    const wait = this.lastWake + this.wakeGapMs - performance.now();
    if (wait <= 0) return this.wakeAll();
    this.wakeTimer = setTimeout(() => {
      this.wakeTimer = undefined;
      this.wakeAll();
    }, wait);
  }

  /** The window starts at the latest version: streams reach it by reading the store up to there. */
  private async start(): Promise<void> {
    if (this.starting || this.window) return;
    this.starting = true;
    try {
      const latest = await this.store.latestVersion();
      if (this.closed || this.listeners.size === 0) return;
      this.window = new ChangeWindow(latest, this.windowSize);
      this.schedule();
      // Streams that opened before the window was there read the store; from now on they need not.
      this.wakeAll();
    } catch (err) {
      this.onError(err);
      // The streams read the store meanwhile; the next subscriber tries again.
    } finally {
      this.starting = false;
    }
  }

  private stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    clearTimeout(this.wakeTimer);
    this.wakeTimer = undefined;
    this.window = undefined;
    this.heard.length = 0;
    this.behind = false;
  }

  /**
   * Brings the window up to what is committed, one step at a time: commits heard go in as they
   * are when they follow the head with no version between (this process's recorder is the only
   * writer); otherwise one read of the store from the head, for all streams. Streams are woken
   * once per step.
   */
  private async advance(): Promise<void> {
    if (this.advancing) return;
    this.advancing = true;
    try {
      while (this.window && (this.heard.length || this.behind)) {
        const window = this.window;
        let added = false;
        for (const events of this.heard.splice(0)) {
          if (this.behind) break; // the read below finds these too: they are committed
          const fresh = newerThan(events, window.head);
          if (!fresh.length) continue;
          if (fresh[0]!.resourceVersion === window.head + 1 && consecutive(fresh)) {
            window.append(fresh);
            added = true;
          } else this.behind = true;
        }
        if (added) this.wakeSoon();
        if (this.behind) {
          this.behind = false;
          if (await this.catchUp(window)) this.wakeSoon();
        }
      }
    } catch (err) {
      // Whatever went wrong, the window may not be whole: drop it. Every stream is then behind
      // the new one and reads the store, which is never wrong, until it catches up.
      this.onError(err);
      this.window?.reset(this.window.head + 1);
      this.heard.length = 0;
      this.behind = true;
      this.wakeAll();
    } finally {
      this.advancing = false;
    }
  }

  /** Reads the store after the window's head up to its end; whether anything moved. */
  private async catchUp(window: ChangeWindow): Promise<boolean> {
    const from = window.head;
    try {
      const latest = await this.store.latestVersion();
      for (;;) {
        // The purge mark of every account: removed changes the window never held would be a gap
        // that it cannot tell a stream of. It starts afresh instead, and each stream, now behind
        // it, reads the store and learns whether its own account lost changes.
        const page = await this.store.changesAfter(window.head, READ_PAGE);
        if (this.window !== window) return false;
        if (page.length) window.append(page);
        if (page.length < READ_PAGE) break;
      }
      // Changes up to `latest` not read are gone (purged, or versions a rolled-back writer took).
      window.skipTo(latest);
    } catch (err) {
      if (this.window !== window) return false;
      if (err instanceof ChangesExpiredError) {
        window.reset(Math.max(err.purgedUpTo, await this.store.latestVersion().catch(() => err.purgedUpTo)));
        return true;
      }
      // The next poll tries again.
      this.onError(err);
    }
    return window.head !== from;
  }

  // A timeout chained after each poll, not an interval: a slow database never has polls pile up.
  private schedule(): void {
    if (this.closed || this.timer || !this.window) return;
    this.timer = setTimeout(() => void this.poll(), this.pollMs);
  }

  private async poll(): Promise<void> {
    try {
      const latest = await this.store.latestVersion();
      if (this.window && latest > this.window.head) {
        this.behind = true;
        await this.advance();
      }
    } catch (err) {
      this.onError(err);
    } finally {
      this.timer = undefined;
      this.schedule();
    }
  }
}

/** The changes of one commit after `head`, in version order, each once. */
function newerThan(events: readonly StoredEvent[], head: number): StoredEvent[] {
  const fresh = events.filter((e) => e.resourceVersion > head).sort((a, b) => a.resourceVersion - b.resourceVersion);
  return fresh.filter((e, i) => i === 0 || e.resourceVersion !== fresh[i - 1]!.resourceVersion);
}

function consecutive(events: readonly StoredEvent[]): boolean {
  return events.every((e, i) => i === 0 || e.resourceVersion === events[i - 1]!.resourceVersion + 1);
}
