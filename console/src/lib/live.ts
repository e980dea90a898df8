// Live changes: one EventSource on GET /v1/changes/stream?after=V for the whole console. Each
// `change` message is an event (with its resourceVersion) that was stored or updated; pages
// subscribe and merge what concerns them. On a broken connection it reconnects after a second
// from the last version it saw, so nothing in between is missed. When retention removed changes
// after that version before they were sent (an `expired` message, e.g. after a long sleep), it
// starts again from the service's latest version and asks the pages to reload what they show.
import { api } from './api.js';
import type { EventJson } from './types.js';

export type LiveStatus = 'off' | 'connecting' | 'live' | 'reconnecting';

type Listener = (events: EventJson[]) => void;

export class LiveFeed {
  private source: EventSource | undefined;
  private after = 0;
  private listeners = new Set<Listener>();
  private resetListeners = new Set<() => void>();
  private statusListeners = new Set<(s: LiveStatus) => void>();
  private pending: EventJson[] = [];
  private flushScheduled = false;
  private retry: ReturnType<typeof setTimeout> | undefined;
  status: LiveStatus = 'off';

  /** Starts from the service's latest version (as /healthz tells it), or from `after`. */
  async start(after?: number): Promise<void> {
    this.stop();
    this.after = after ?? (await latestVersion()) ?? 0;
    this.connect();
  }

  stop(): void {
    clearTimeout(this.retry);
    this.source?.close();
    this.source = undefined;
    this.setStatus('off');
  }

  /** The last version seen: a page that loads after this may ask the API for what is newer. */
  get version(): number {
    return this.after;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Calls `listener` when the feed started again from the latest state: what a page shows may be stale. */
  onReset(listener: () => void): () => void {
    this.resetListeners.add(listener);
    return () => this.resetListeners.delete(listener);
  }

  onStatus(listener: (s: LiveStatus) => void): () => void {
    this.statusListeners.add(listener);
    listener(this.status);
    return () => this.statusListeners.delete(listener);
  }

  private setStatus(s: LiveStatus): void {
    if (s === this.status) return;
    this.status = s;
    for (const l of this.statusListeners) l(s);
  }

  private connect(): void {
    this.setStatus(this.status === 'off' ? 'connecting' : 'reconnecting');
    const source = new EventSource(`/v1/changes/stream?after=${this.after}`, { withCredentials: true });
    this.source = source;
    source.onopen = () => this.setStatus('live');
    source.addEventListener('change', (m) => this.receive(m as MessageEvent<string>));
    source.addEventListener('expired', () => this.expired(source));
    source.onerror = () => {
      // Reconnect ourselves, from the last version seen (not the browser's retry of the same URL).
      source.close();
      if (this.source !== source) return;
      this.source = undefined;
      this.setStatus('reconnecting');
      this.retry = setTimeout(() => this.connect(), 1000);
    };
  }

  /**
   * The service no longer has every change after our version: resuming would skip them (and the
   * browser's own retry would be told the same for ever). Start from the latest version instead,
   * then have the pages reload, so that they show the state as it is.
   */
  private expired(source: EventSource): void {
    source.close();
    if (this.source !== source) return;
    this.source = undefined;
    this.setStatus('reconnecting');
    void this.restartFromLatest();
  }

  private async restartFromLatest(): Promise<void> {
    const latest = await latestVersion();
    if (this.status === 'off' || this.source) return; // stopped, or started again, meanwhile
    if (latest === undefined) {
      // The service is not answering: try again in a second, as after a broken connection.
      this.retry = setTimeout(() => void this.restartFromLatest(), 1000);
      return;
    }
    this.after = latest;
    this.connect();
    for (const l of this.resetListeners) l();
  }

  private receive(m: MessageEvent<string>): void {
    let e: EventJson;
    try {
      e = JSON.parse(m.data) as EventJson;
    } catch {
      return;
    }
    const v = Number(m.lastEventId || e.metadata?.resourceVersion);
    if (Number.isFinite(v) && v > this.after) this.after = v;
    this.pending.push(e);
    // Changes arriving together (a storm) reach the pages as one batch per frame.
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setTimeout(() => this.flush(), 50);
    }
  }

  private flush(): void {
    this.flushScheduled = false;
    const batch = this.pending;
    this.pending = [];
    if (!batch.length) return;
    for (const l of this.listeners) l(batch);
  }
}

/** The service's latest version, or undefined when it does not answer. */
async function latestVersion(): Promise<number | undefined> {
  try {
    const h = await api.health();
    return Number(h.latestVersion ?? 0) || 0;
  } catch {
    return undefined;
  }
}

export const live = new LiveFeed();
