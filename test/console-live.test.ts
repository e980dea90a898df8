// The console's live feed when the service says its position is behind retention (an `expired`
// message on /v1/changes/stream): it starts again from the service's latest version, asks the
// pages to reload, and never resumes from the expired position. Without a browser: EventSource
// and fetch are stand-ins that record what the feed asks of the service.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LiveFeed } from '../console/src/lib/live.js';

class FakeEventSource {
  static opened: FakeEventSource[] = [];
  readonly listeners = new Map<string, Array<(m: MessageEvent<string>) => void>>();
  closed = false;
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;

  constructor(readonly url: string) {
    FakeEventSource.opened.push(this);
  }

  addEventListener(type: string, listener: (m: MessageEvent<string>) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  close(): void {
    this.closed = true;
  }

  /** The service sends a message of this type. */
  emit(type: string, data: unknown, lastEventId = ''): void {
    for (const l of this.listeners.get(type) ?? []) l({ data: JSON.stringify(data), lastEventId } as MessageEvent<string>);
  }
}

describe("the console's live feed behind retention", () => {
  let latest: number | Error;
  let feed: LiveFeed;

  beforeEach(() => {
    FakeEventSource.opened = [];
    latest = 42;
    vi.stubGlobal('EventSource', FakeEventSource);
    vi.stubGlobal('fetch', async (path: string) => {
      if (path !== '/healthz') throw new Error(`unexpected request ${path}`);
      if (latest instanceof Error) throw latest;
      return new Response(JSON.stringify({ status: 'ok', latestVersion: latest }), { status: 200 });
    });
    feed = new LiveFeed();
  });

  afterEach(() => {
    feed.stop();
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  const expired = { code: 'ChangesExpired', message: 'retention removed changes after version 7 before they were read', after: 7, purgedUpTo: 30 };

  it('starts again from the latest version on `expired`, and has the pages reload', async () => {
    let resets = 0;
    feed.onReset(() => resets++);
    await feed.start(7);
    const first = FakeEventSource.opened[0]!;
    expect(first.url).toBe('/v1/changes/stream?after=7');
    first.onopen?.();
    expect(feed.status).toBe('live');

    first.emit('expired', expired);
    expect(first.closed).toBe(true);
    expect(feed.status).toBe('reconnecting');
    // vi.waitFor gives up after a second by default, which a loaded machine can spend elsewhere.
    await vi.waitFor(() => expect(FakeEventSource.opened).toHaveLength(2), { timeout: 30_000 });
    expect(FakeEventSource.opened[1]!.url).toBe('/v1/changes/stream?after=42');
    expect(feed.version).toBe(42);
    expect(resets).toBe(1);

    // The old stream's end is not a reason to reconnect to the expired position.
    first.onerror?.();
    expect(FakeEventSource.opened).toHaveLength(2);
    // Changes on the new stream flow as before.
    const seen: unknown[] = [];
    feed.subscribe((batch) => seen.push(...batch));
    FakeEventSource.opened[1]!.emit('change', { metadata: { resourceVersion: '43' } }, '43');
    await vi.waitFor(() => expect(seen).toHaveLength(1), { timeout: 30_000 });
    expect(feed.version).toBe(43);
  });

  it('waits for the service when it does not answer, then starts again from its latest version', async () => {
    vi.useFakeTimers();
    let resets = 0;
    feed.onReset(() => resets++);
    await feed.start(7);
    latest = new Error('connection refused');
    FakeEventSource.opened[0]!.emit('expired', expired);
    await vi.advanceTimersByTimeAsync(0);
    expect(FakeEventSource.opened).toHaveLength(1);
    expect(resets).toBe(0);
    latest = 50;
    await vi.advanceTimersByTimeAsync(1000);
    expect(FakeEventSource.opened.map((s) => s.url)).toEqual(['/v1/changes/stream?after=7', '/v1/changes/stream?after=50']);
    expect(resets).toBe(1);
  });
});
