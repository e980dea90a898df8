// The change hub's window and the streams it serves: a stream that has caught up takes its
// changes from memory (no store query, counted on a wrapper), one behind the window reads the
// store, scopes are applied in memory as the store applies them, a slow reader falls back to the
// store with nothing lost or repeated, and each change is serialised once for every stream.
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BACKENDS } from '../../../test/support/backends.js';
import type { StoredEvent } from '../../model/event.js';
import { Recorder } from '../../recorder/index.js';
import type { ChangeScope, EventStore } from '../../store/index.js';
import { ChangeHub, WAKE_GAP_MS, WAKE_SHARE, WAKE_SLICE, wakeGapFor } from './hub.js';
import { sharedFrame } from './shared.js';
import { ChangeStream } from './stream.js';

/** The store, with its change-feed reads counted by scope once they have answered. */
function counted(store: EventStore): { store: EventStore; reads: ChangeScope[] } {
  const reads: ChangeScope[] = [];
  const wrapper = Object.create(store) as EventStore;
  wrapper.changesAfter = async (version, limit, scope, read) => {
    const changes = await store.changesAfter(version, limit, scope, read);
    reads.push(scope ?? {});
    return changes;
  };
  return { store: wrapper, reads };
}

/** A stream whose frames are `version name` lines, collected as they are read off its output. */
function open(
  hub: ChangeHub,
  store: EventStore,
  scope: ChangeScope,
  after: number,
  out = new PassThrough(),
  frame?: (e: StoredEvent, after: number) => string | Buffer,
) {
  const lines: string[] = [];
  let text = '';
  const stream = new ChangeStream(out, {
    store,
    hub,
    scope,
    after,
    frame: frame ?? ((e) => `${e.resourceVersion} ${e.involvedObject.name} ${e.count}\n`),
    onError: (err) => {
      throw err;
    },
  });
  const read = () =>
    out.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const parts = text.split('\n');
      text = parts.pop()!;
      lines.push(...parts);
    });
  return { stream, out, lines, read };
}

/** Polls `check` for up to 30 s: a deadline only a real failure reaches, even on a loaded machine. */
async function until(check: () => boolean, what: string): Promise<void> {
  for (const deadline = Date.now() + 30_000; !check() && Date.now() < deadline;) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(check(), what).toBe(true);
}

/** Until the hub's window has started at `at`: from then on, changes after it come from memory. */
const windowStarted = (h: ChangeHub, at: number) => until(() => h.read(at, 1, () => true) !== undefined, "the hub's window starts");

/** The wake gap of the test of wakes. */
const GAP_MS = 8_000;

for (const backend of BACKENDS) {
  describe.skipIf(!backend.available)(`change hub on ${backend.name}`, () => {
    let raw: EventStore;
    let store: EventStore;
    let reads: ChangeScope[];
    let cleanup: () => Promise<void>;
    let recorder: Recorder;
    let hub: ChangeHub | undefined;
    const streams: ChangeStream[] = [];

    const report = (name: string, account = 'default', reason: 'NoStock' | 'Pulling' = 'NoStock') =>
      recorder.report({ name, uid: `eci-${name}` }, reason, reason === 'NoStock' ? ['cn-hangzhou-k'] : ['nginx'], { account });
    // A wake per commit unless a test says otherwise: the tests below count writes and window moves per commit.
    const makeHub = (windowSize = 100, pollMs = 60_000, wakeGapMs = 0) =>
      (hub = new ChangeHub(
        store,
        recorder,
        (err) => {
          throw err;
        },
        { windowSize, pollMs, wakeGapMs },
      ));
    const stream = (...args: Parameters<typeof open>) => {
      const s = open(...args);
      streams.push(s.stream);
      return s;
    };

    beforeEach(async () => {
      const loc = await backend.location();
      cleanup = loc.cleanup;
      raw = await backend.open(loc.db);
      ({ store, reads } = counted(raw));
      recorder = new Recorder(raw);
    });
    afterEach(async () => {
      for (const s of streams.splice(0)) s.end();
      hub?.close();
      await raw.close();
      await cleanup();
    });

    it('serves a stream that has caught up from the window, without a query of the store', async () => {
      await report('before');
      const h = makeHub();
      const at = await raw.latestVersion();
      const s = stream(h, store, { account: 'default' }, at);
      s.read();
      await until(() => reads.length === 1, 'the stream reads the store once, to catch up');
      await windowStarted(h, at);
      reads.length = 0;
      const sent: StoredEvent[] = [];
      for (let i = 0; i < 20; i++) sent.push(await report(`cg-${i % 7}`));
      await until(() => s.lines.length === 20, 'every change arrives');
      expect(s.lines).toEqual(sent.map((e) => `${e.resourceVersion} ${e.involvedObject.name} ${e.count}`));
      expect(reads).toEqual([]);
    });

    it('wakes the streams at most once per gap, and a live stream still gets every change, in one write', async () => {
      // A gap long enough that the four commits after the first, one after another, fit in it even
      // on a loaded machine: they must go out in one write.
      const h = makeHub(100, 60_000, GAP_MS);
      // As the Kubernetes watch frames: ADDED when the event is new to the reader at that position.
      const frame = (e: StoredEvent, after: number) =>
        `${e.resourceVersion} ${e.involvedObject.name} ${e.count} ${e.createdVersion > after ? 'ADDED' : 'MODIFIED'}\n`;
      const at = await raw.latestVersion();
      const s = open(h, store, { account: 'default' }, at, new PassThrough(), frame);
      streams.push(s.stream);
      let writes = 0;
      s.out.on('data', () => writes++);
      s.read();
      await until(() => reads.length === 1, 'the stream catches up');
      await windowStarted(h, at);
      // The window's start woke the streams: the next commit after a whole gap wakes them at once.
      // Waiting for time itself to pass: longer would only be safer.
      await new Promise((resolve) => setTimeout(resolve, GAP_MS + 100));
      reads.length = 0;
      const sent: StoredEvent[] = [];
      for (const name of ['cg-0', 'cg-1', 'cg-0', 'cg-1', 'cg-0']) sent.push(await report(name));
      await until(() => s.lines.length === 5, 'the five changes arrive');
      // The first commit woke it at once; the four after it, within the gap, went out together,
      // each change of cg-0 and cg-1 as its own line: the first of each ADDED, the next MODIFIED.
      expect(s.lines).toEqual(sent.map((e, i) => `${e.resourceVersion} ${e.involvedObject.name} ${e.count} ${i < 2 ? 'ADDED' : 'MODIFIED'}`));
      expect(sent.map((e) => e.count)).toEqual([1, 1, 2, 2, 3]);
      expect(writes).toBe(2);
      expect(reads).toEqual([]);
    });

    // The gap set by what the wakes cost (no fixed gap given, as serve runs it).
    const costedHub = () =>
      (hub = new ChangeHub(
        store,
        recorder,
        (err) => {
          throw err;
        },
        { pollMs: 60_000 },
      ));
    const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

    it('wakes a stream that costs little for each of commits 50 ms apart, not once per WAKE_GAP_MS', async () => {
      const h = costedHub();
      const at = await raw.latestVersion();
      const s = stream(h, store, { account: 'default' }, at);
      let writes = 0;
      s.out.on('data', () => writes++);
      s.read();
      await until(() => reads.length === 1, 'the stream catches up');
      await windowStarted(h, at);
      const sent: StoredEvent[] = [];
      for (let i = 0; i < 5; i++) {
        sent.push(await report(`cg-${i}`));
        await pause(50);
      }
      await until(() => s.lines.length === 5, 'the five changes arrive');
      expect(s.lines).toEqual(sent.map((e) => `${e.resourceVersion} ${e.involvedObject.name} ${e.count}`));
      // With 80 ms between wakes the second and third, or the fourth and fifth, would share one.
      expect(writes).toBe(5);
    });

    it('spaces out wakes that cost much, so that waking takes at most its share of the event loop', async () => {
      const h = costedHub();
      const at = await raw.latestVersion();
      // A listener that holds the loop 4 ms a wake: after a few wakes the gap is WAKE_GAP_MS.
      const wakes: number[] = [];
      h.subscribe(() => {
        const start = performance.now();
        wakes.push(start);
        while (performance.now() - start < 4);
      });
      await windowStarted(h, at);
      for (let i = 0; i < 60; i++) {
        await report(`busy-${i % 5}`);
        await pause(5);
      }
      // Per-commit wakes would be about 60. After six wakes the running mean of their cost is above
      // 0.8 of the 4 ms (1 - 0.75^6 with each wake weighing a quarter), so every later gap is at
      // least the gap that cost sets.
      const late = wakes.slice(6);
      const gaps = late.slice(1).map((t, i) => t - late[i]!);
      expect(Math.min(...gaps)).toBeGreaterThanOrEqual(wakeGapFor(4 * 0.8) - 1);
      expect(wakes.length).toBeLessThan(30);
    });

    it('wakes many streams a slice at a time, letting the event loop turn between slices, and each gets every change', async () => {
      const h = makeHub();
      const at = await raw.latestVersion();
      // What happened, in order: a stream framing a change ('w'), or a turn of the event loop ('t').
      const log: string[] = [];
      const frame = (e: StoredEvent) => {
        log.push('w');
        return `${e.resourceVersion} ${e.involvedObject.name} ${e.count}\n`;
      };
      const count = WAKE_SLICE * 2 + WAKE_SLICE / 2;
      const many = Array.from({ length: count }, () => stream(h, store, { account: 'default' }, at, new PassThrough(), frame));
      for (const s of many) s.read();
      await until(() => reads.length === count, 'each catches up');
      await windowStarted(h, at);
      // One stream leaves before the wake: it is skipped, not written to.
      const gone = many.pop()!;
      gone.stream.end();
      let ticking = true;
      const tick = () => {
        log.push('t');
        if (ticking) setImmediate(tick);
      };
      setImmediate(tick);
      const sent = await report('sliced');
      await until(() => many.every((s) => s.lines.length === 1), 'every stream gets the change');
      ticking = false;
      for (const s of many) expect(s.lines).toEqual([`${sent.resourceVersion} sliced 1`]);
      expect(gone.lines).toEqual([]);
      const writes = log.join('');
      expect(writes.replaceAll('t', '')).toHaveLength(count - 1);
      // The writes of one wake come in runs of at most a slice, with the loop turning between them.
      const runs = writes.split('t').filter((r) => r.length);
      expect(Math.max(...runs.map((r) => r.length))).toBeLessThanOrEqual(WAKE_SLICE);
      expect(runs.length).toBeGreaterThanOrEqual(3);
    });

    it('has a stream behind the window read the store until it catches up, in order, each change at its latest', async () => {
      const h = makeHub(5);
      const at = await raw.latestVersion();
      const live = stream(h, store, { account: 'default' }, at);
      live.read();
      await until(() => reads.length === 1, 'the first stream catches up');
      await windowStarted(h, at);
      const first = await report('cg-0');
      for (let i = 1; i < 12; i++) await report(`cg-${i % 4}`);
      await until(() => live.lines.length === 12, 'the live stream has them all');
      reads.length = 0;
      const behind = stream(h, store, { account: 'default' }, first.resourceVersion - 1);
      behind.read();
      // What the store's feed shows after that position: each event once, at its latest change.
      const expected = (await raw.changesAfter(first.resourceVersion - 1, 100, { account: 'default' })).map(
        (e) => `${e.resourceVersion} ${e.involvedObject.name} ${e.count}`,
      );
      await until(() => behind.lines.length === expected.length, 'the stream behind catches up');
      expect(behind.lines).toEqual(expected);
      expect(reads).toEqual([{ account: 'default' }]);
      reads.length = 0;
      const next = await report('cg-9');
      await until(() => behind.lines.length === expected.length + 1, 'then it is served from the window');
      expect(behind.lines.at(-1)).toBe(`${next.resourceVersion} cg-9 1`);
      expect(reads).toEqual([]);
    });

    it('filters each stream by its scope in memory: account, namespace and field conditions', async () => {
      const h = makeHub();
      const latest = await raw.latestVersion();
      const mine = stream(h, store, { account: 'a' }, latest);
      const pulls = stream(h, store, { account: 'a', namespace: 'default', fields: [{ field: 'reason', equals: true, value: 'Pulling' }] }, latest);
      const notCg1 = stream(
        h,
        store,
        {
          account: 'a',
          fields: [
            { field: 'involvedObject.name', equals: false, value: 'cg-1' },
            { field: 'involvedObject.resourceVersion', equals: true, value: '' },
          ],
        },
        latest,
      );
      const elsewhere = stream(h, store, { account: 'a', namespace: 'other' }, latest);
      for (const s of [mine, pulls, notCg1, elsewhere]) s.read();
      await until(() => reads.length === 4, 'each catches up');
      await windowStarted(h, latest);
      reads.length = 0;
      await report('cg-1', 'a');
      await report('cg-2', 'b');
      await report('cg-1', 'a', 'Pulling');
      await report('cg-3', 'a', 'Pulling');
      await until(() => mine.lines.length === 3 && pulls.lines.length === 2 && notCg1.lines.length === 1, 'the changes in scope arrive');
      const names = (lines: string[]) => lines.map((l) => l.split(' ')[1]);
      expect(names(mine.lines)).toEqual(['cg-1', 'cg-1', 'cg-3']);
      expect(names(pulls.lines)).toEqual(['cg-1', 'cg-3']);
      expect(names(notCg1.lines)).toEqual(['cg-3']);
      expect(elsewhere.lines).toEqual([]);
      expect(reads).toEqual([]);
      // The same scopes read from the store give the same changes.
      for (const [s, scope] of [
        [mine, { account: 'a' }],
        [pulls, { account: 'a', namespace: 'default', fields: [{ field: 'reason', equals: true, value: 'Pulling' }] }],
      ] as const) {
        const fromStore = await raw.changesAfter(latest, 100, scope as ChangeScope);
        expect(s.lines).toEqual(fromStore.map((e) => `${e.resourceVersion} ${e.involvedObject.name} ${e.count}`));
      }
    });

    it('drops a slow reader back to the store: it keeps at most the window, and gets every change once, in order', async () => {
      const h = makeHub(4);
      const at = await raw.latestVersion();
      const slow = stream(h, store, { account: 'default' }, at, new PassThrough({ highWaterMark: 64 }));
      await until(() => reads.length === 1, 'the slow stream catches up');
      await windowStarted(h, at);
      reads.length = 0;
      for (let i = 0; i < 30; i++) await report(`cg-${i}`);
      // Nobody reads it: it stopped writing at its buffer's mark, not after all 30.
      expect(slow.out.writableLength).toBeLessThan(64 + 40);
      slow.read();
      await until(() => slow.lines.length === 30, 'once read, it has every change');
      expect(slow.lines.map((l) => l.split(' ')[1])).toEqual(Array.from({ length: 30 }, (_, i) => `cg-${i}`));
      expect(reads.length).toBeGreaterThan(0); // the window had moved on: it read the store
    });

    it("reads another writer's commits once for every stream, and serialises each change once", async () => {
      const h = makeHub(100, 20);
      let builds = 0;
      const frame = (e: StoredEvent) =>
        sharedFrame(e, e.resourceVersion, 'test', () => {
          builds++;
          return `${e.resourceVersion} ${e.involvedObject.name} ${e.count}\n`;
        });
      const latest = await raw.latestVersion();
      const many = Array.from({ length: 5 }, () => stream(h, store, { account: 'default' }, latest, new PassThrough(), frame));
      for (const s of many) s.read();
      await until(() => reads.length === 5, 'each catches up');
      await windowStarted(h, latest);
      reads.length = 0;
      builds = 0;
      // Written past the recorder, as another process would: the hub's poll finds it.
      const [other] = await raw.record([
        {
          account: 'default',
          key: 'other-writer',
          name: 'cg-x.1',
          namespace: 'default',
          uid: 'other-uid',
          involvedObject: { apiVersion: 'v1', kind: 'Pod', name: 'cg-x', namespace: 'default', uid: 'eci-x' },
          containerGroupId: 'eci-x',
          reason: 'Started',
          message: 'Started container c',
          type: 'Normal',
          source: { component: 'kubelet', host: '' },
          reportingComponent: 'kubelet',
          reportingInstance: '',
          count: 1,
          firstTimestamp: 1,
          lastTimestamp: 1,
        },
      ]);
      const mine = await report('cg-y');
      await until(() => many.every((s) => s.lines.length === 2), 'both arrive at every stream');
      for (const s of many) expect(s.lines).toEqual([`${other!.resourceVersion} cg-x 1`, `${mine.resourceVersion} cg-y 1`]);
      expect(builds).toBe(2);
      // The store is read by the hub only (unscoped), for all five: once, or twice when its poll
      // found the other writer's change before this process's commit came (a gap to fill again).
      expect(reads.length).toBeGreaterThanOrEqual(1);
      expect(reads.length).toBeLessThanOrEqual(2);
      expect(reads.every((scope) => Object.keys(scope).length === 0)).toBe(true);
    });
  });
}

describe('sharedFrame', () => {
  it('builds the bytes of a wire form once per object and stamp', () => {
    const owner = {};
    let n = 0;
    const build = () => `frame ${++n}`;
    const a = sharedFrame(owner, 1, 'sse', build);
    expect(sharedFrame(owner, 1, 'sse', build)).toBe(a);
    expect(a.toString()).toBe('frame 1');
    expect(sharedFrame(owner, 1, 'kube', build).toString()).toBe('frame 2');
    expect(sharedFrame(owner, 2, 'sse', build).toString()).toBe('frame 3');
  });
});

describe('the gap between wakes', () => {
  it('is what a wake costs divided by the share of the loop it may take, up to WAKE_GAP_MS', () => {
    expect(wakeGapFor(0)).toBe(0);
    expect(wakeGapFor(0.05)).toBeCloseTo(0.05 / WAKE_SHARE);
    expect(wakeGapFor(WAKE_GAP_MS * WAKE_SHARE)).toBeCloseTo(WAKE_GAP_MS);
    expect(wakeGapFor(50)).toBe(WAKE_GAP_MS);
  });
});
