// Tells open change streams when there may be something new to read: at once when this process's
// recorder commits, and otherwise by one poll of the store's latest version every POLL_MS for all
// streams together (changes that other replicas, or `eci-events` commands, write to a shared
// database reach no recorder here). No web framework: streams are plain callbacks.
import type { Recorder } from '../../recorder/index.js';
import type { EventStore } from '../../store/index.js';

/** How often the latest version is read while any stream is open: well within the second a change may take. */
export const POLL_MS = 250;

export class ChangeHub {
  private readonly listeners = new Set<() => void>();
  private timer: NodeJS.Timeout | undefined;
  private seen = -1;
  private closed = false;
  private readonly stopHearing: () => void;

  constructor(
    private readonly store: EventStore,
    recorder: Recorder,
    private readonly onError: (err: unknown) => void = () => undefined,
    private readonly pollMs = POLL_MS,
  ) {
    this.stopHearing = recorder.onCommit(() => this.wakeAll());
  }

  /** Calls `wake` whenever something may have changed, until the returned function is called. */
  subscribe(wake: () => void): () => void {
    this.listeners.add(wake);
    if (this.listeners.size === 1) this.schedule();
    return () => {
      this.listeners.delete(wake);
      if (this.listeners.size === 0) this.stopPolling();
    };
  }

  /** Stops polling and hearing the recorder; streams are closed by their owner. */
  close(): void {
    this.closed = true;
    this.stopPolling();
    this.stopHearing();
    this.listeners.clear();
  }

  private wakeAll(): void {
    for (const wake of this.listeners) wake();
  }

  private stopPolling(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  // A timeout chained after each poll, not an interval: a slow database never has polls pile up.
  private schedule(): void {
    if (this.closed || this.timer || this.listeners.size === 0) return;
    this.timer = setTimeout(() => void this.poll(), this.pollMs);
  }

  private async poll(): Promise<void> {
    try {
      const latest = await this.store.latestVersion();
      if (latest !== this.seen) {
        this.seen = latest;
        this.wakeAll();
      }
    } catch (err) {
      this.onError(err);
    } finally {
      this.timer = undefined;
      this.schedule();
    }
  }
}
