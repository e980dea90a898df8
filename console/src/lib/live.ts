// Live changes: one EventSource on GET /v1/changes/stream?after=V for the whole console. Each
// `change` message is an event (with its resourceVersion) that was stored or updated; pages
// subscribe and merge what concerns them. On a broken connection it reconnects after a second
// from the last version it saw, so nothing in between is missed.
import { api } from './api.js';
import type { EventJson } from './types.js';

export type LiveStatus = 'off' | 'connecting' | 'live' | 'reconnecting';

type Listener = (events: EventJson[]) => void;

export class LiveFeed {
  private source: EventSource | undefined;
  private after = 0;
  private listeners = new Set<Listener>();
  private statusListeners = new Set<(s: LiveStatus) => void>();
  private pending: EventJson[] = [];
  private flushScheduled = false;
  private retry: ReturnType<typeof setTimeout> | undefined;
  status: LiveStatus = 'off';

  /** Starts from the service's latest version (as /healthz tells it), or from `after`. */
  async start(after?: number): Promise<void> {
    this.stop();
    if (after === undefined) {
      try {
        const h = await api.health();
        after = Number(h.latestVersion ?? 0) || 0;
      } catch {
        after = 0;
      }
    }
    this.after = after;
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
    source.onerror = () => {
      // Reconnect ourselves, from the last version seen (not the browser's retry of the same URL).
      source.close();
      if (this.source !== source) return;
      this.source = undefined;
      this.setStatus('reconnecting');
      this.retry = setTimeout(() => this.connect(), 1000);
    };
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

export const live = new LiveFeed();
