import { describe, expect, it } from 'vitest';
import type { ChangeItem } from './change.js';
import { ChangesExpiredError } from '../store/index.js';
import type { FeedGap } from './change.js';
import { FeedGapError, WebhookSink, type SinkOptions } from './webhook-sink.js';

const at = '2026-12-01T00:00:00.000000Z';
const item = (version: number, over: Partial<ChangeItem> = {}): ChangeItem => ({
  apiVersion: 'v1',
  kind: 'Event',
  metadata: { name: `ev-${version}`, namespace: 'default', uid: `u${version}`, resourceVersion: String(version), creationTimestamp: at },
  involvedObject: { apiVersion: 'v1', kind: 'Pod', name: 'cg-1', namespace: 'default', uid: 'eci-1' },
  reason: 'NoStock',
  message: 'no stock',
  type: 'Warning',
  count: 1,
  firstTimestamp: at,
  lastTimestamp: at,
  source: { component: 'EciService' },
  reportingComponent: 'EciService',
  reportingInstance: '',
  containerGroupId: 'eci-1',
  change: 'ADDED',
  ...over,
});

/** A feed of these changes, a webhook that answers from `answers` (then 200), a checkpoint in memory. */
function harness(feed: ChangeItem[], answers: Array<number | Error> = [], saved?: number) {
  const posted: string[] = [];
  const setAside: Array<[string, string]> = [];
  const gaps: Array<[FeedGap, boolean]> = [];
  const checkpoints: number[] = [];
  let position = saved;
  let sink: WebhookSink;
  const options: SinkOptions = {
    source: async (after, limit) => {
      const from = after === 'oldest' ? 0 : after;
      const page = feed.filter((i) => Number(i.metadata.resourceVersion) > from).slice(0, limit);
      // Once the feed is read to its end, the test is over.
      if (page.length === 0) sink.stop();
      return page;
    },
    deliver: async (i) => {
      posted.push(i.metadata.resourceVersion);
      const answer = answers.shift() ?? 200;
      if (answer instanceof Error) throw answer;
      return answer;
    },
    checkpoint: {
      read: () => position,
      write: (after) => {
        position = after;
        checkpoints.push(after);
      },
    },
    start: async () => 0,
    setAside: (i, why) => setAside.push([i.metadata.resourceVersion, why]),
    recordGap: (gap, skipped) => gaps.push([gap, skipped]),
    pageSize: 2,
    pollMs: 1,
    minBackoffMs: 1,
    maxBackoffMs: 4,
    maxAttempts: 3,
  };
  return {
    posted,
    setAside,
    gaps,
    checkpoints,
    position: () => position,
    stop: () => sink.stop(),
    run: (over: Partial<SinkOptions> = {}) => {
      sink = new WebhookSink({ ...options, ...over });
      return sink.run();
    },
  };
}

describe('WebhookSink', () => {
  it('delivers every change in order, across pages, and saves its position after each', async () => {
    const h = harness([item(1), item(2), item(4), item(7), item(8)]);
    await h.run();
    expect(h.posted).toEqual(['1', '2', '4', '7', '8']);
    expect(h.checkpoints).toEqual([1, 2, 4, 7, 8]);
  });

  it('skips what the filter leaves out, and still moves past it', async () => {
    const h = harness([
      item(1, { type: 'Normal' }),
      item(2),
      item(3, { reason: 'Pulled' }),
      item(4, { metadata: { name: 'x', namespace: 'prod', uid: 'x', resourceVersion: '4', creationTimestamp: at } }),
      item(5, { count: 3 }),
    ]);
    await h.run({ filter: { types: ['Warning'], reasons: ['NoStock'], namespaces: ['default'], minCount: 2 } });
    expect(h.posted).toEqual(['5']);
    expect(h.position()).toBe(5);
  });

  it('posts a change again after a 5xx, 429, 408 or no answer, until it is taken, without going on first', async () => {
    const logs: string[] = [];
    const h = harness([item(1), item(2)], [503, 429, new Error('connect ECONNREFUSED'), 408, 200, 500]);
    await h.run({ log: (m) => logs.push(m) });
    expect(h.posted).toEqual(['1', '1', '1', '1', '1', '2', '2']);
    expect(h.checkpoints).toEqual([1, 2]);
    expect(logs[0]).toMatch(/delivering version 1 failed \(HTTP 503\); trying again/);
    expect(logs[2]).toMatch(/ECONNREFUSED/);
  });

  it('draws each pause from its random source under a ceiling that doubles up to the most (full jitter)', async () => {
    const logs: string[] = [];
    const draws = [0.01, 0.02, 0.03, 0.04];
    const h = harness([item(1)], [503, 503, 503, 503]);
    await h.run({ minBackoffMs: 100, maxBackoffMs: 400, random: () => draws.shift()!, log: (m) => logs.push(m) });
    // Ceilings 100, 200, 400, 400: the pauses are the draws times those.
    expect(logs.map((m) => /trying again in (\d+) ms/.exec(m)?.[1])).toEqual(['1', '4', '12', '16']);
    expect(h.posted).toEqual(['1', '1', '1', '1', '1']);
  });

  it('sets aside a change the webhook refuses for good, after maxAttempts, and goes on', async () => {
    const h = harness([item(1), item(2)], [400, 422, 404]);
    await h.run();
    expect(h.posted).toEqual(['1', '1', '1', '2']);
    expect(h.setAside).toEqual([['1', 'HTTP 404 3 times']]);
    expect(h.position()).toBe(2);
  });

  it('resumes after its saved position, and starts where start() says without one', async () => {
    const feed = [item(1), item(2), item(3)];
    const resumed = harness(feed, [], 2);
    await resumed.run();
    expect(resumed.posted).toEqual(['3']);
    const fresh = harness(feed);
    await fresh.run({ start: async () => 1 });
    expect(fresh.posted).toEqual(['2', '3']);
  });

  it('keeps asking the service when it does not answer, and stops when told', async () => {
    const logs: string[] = [];
    let calls = 0;
    const h = harness([]);
    await h.run({
      log: (m) => logs.push(m),
      source: async () => {
        if (++calls < 3) throw new Error('service unavailable');
        h.stop();
        return [];
      },
    });
    expect(calls).toBe(3);
    expect(logs).toEqual([expect.stringMatching(/reading changes failed \(service unavailable\)/), expect.stringMatching(/reading changes failed/)]);
  });

  describe('a gap retention made in the feed', () => {
    /** A feed of 1..8 whose changes 3..6 retention removes while version 1 is being posted. */
    function purgedWhileDown() {
      const feed = [1, 2, 3, 4, 5, 6, 7, 8].map((v) => item(v));
      let purged = 0;
      const h = harness(feed, [503]);
      const source: SinkOptions['source'] = async (after, limit) => {
        const from = after === 'oldest' ? 0 : after;
        if (from < purged) throw new ChangesExpiredError(from, purged);
        const page = feed
          .filter(
            (i) =>
              Number(i.metadata.resourceVersion) > Math.max(from, purged) ||
              (Number(i.metadata.resourceVersion) > from && Number(i.metadata.resourceVersion) <= 2),
          )
          .slice(0, limit);
        if (page.length === 0) h.stop();
        return page;
      };
      const deliver: SinkOptions['deliver'] = async (i) => {
        h.posted.push(i.metadata.resourceVersion);
        // The webhook is down for version 1's first post; meanwhile retention removes 3..6.
        if (h.posted.length === 1) {
          purged = 6;
          return 503;
        }
        return 200;
      };
      return { h, source, deliver };
    }

    it('stops: records the gap, delivers nothing past it, and says which versions were lost', async () => {
      const { h, source, deliver } = purgedWhileDown();
      const logs: string[] = [];
      const err = await h.run({ source, deliver, log: (m) => logs.push(m) }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(FeedGapError);
      expect((err as Error).message).toMatch(/retention removed versions 3\.\.6 of the feed before they were delivered/);
      expect(h.posted).toEqual(['1', '1', '2']); // the page read before the purge, then nothing
      expect(h.gaps).toEqual([[{ from: 3, to: 6 }, false]]);
      expect(h.position()).toBe(2); // a restart resumes at the gap, and is told again
    });

    it('with skipExpired: records the gap, logs exactly the versions lost, and delivers everything after it', async () => {
      const { h, source, deliver } = purgedWhileDown();
      const logs: string[] = [];
      await h.run({ source, deliver, skipExpired: true, log: (m) => logs.push(m) });
      expect(h.posted).toEqual(['1', '1', '2', '7', '8']);
      expect(h.gaps).toEqual([[{ from: 3, to: 6 }, true]]);
      expect(logs).toContainEqual(expect.stringMatching(/^lost versions 3\.\.6: retention removed them before they were delivered; going on after version 6$/));
      expect(h.checkpoints).toEqual([1, 2, 6, 7, 8]);
    });

    it('is not asked about again and again: an expired read is not retried', async () => {
      let reads = 0;
      const h = harness([]);
      const err = await h
        .run({
          source: async () => {
            reads++;
            throw new ChangesExpiredError(0, 4);
          },
          start: async () => 0,
        })
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(err).toBeInstanceOf(FeedGapError);
      expect(reads).toBe(1);
      expect(h.gaps).toEqual([[{ from: 1, to: 4 }, false]]);
    });

    it('starts a sink new to the feed at the oldest change kept, never expired', async () => {
      const seen: Array<number | string> = [];
      const h = harness([item(5), item(6)]);
      await h.run({
        start: async () => 'oldest',
        source: async (after, limit) => {
          seen.push(after);
          if (after !== 'oldest') h.stop();
          return after === 'oldest' ? [item(5), item(6)].slice(0, limit) : [];
        },
      });
      expect(seen).toEqual(['oldest', 6]);
      expect(h.posted).toEqual(['5', '6']);
    });
  });
});
