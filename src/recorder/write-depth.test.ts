// The recorder over a store that takes two batches at once (the SQLite write thread): a second
// batch goes while the first is written only when it is full, so batches still grow under load;
// a batch with emulator state goes alone; every report is stored once, in the order reported.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventStore, EventWrite, RecordOptions } from '../store/index.js';
import { SqliteEventStore } from '../store/sqlite/store.js';
import type { StoredEvent } from '../model/event.js';
import { ManualClock } from '../model/clock.js';
import { Recorder } from './index.js';

interface Call {
  writes: number;
  withState: boolean;
  /** Calls not yet settled when this one was made. */
  beside: number;
  release: () => void;
}

/** The real store behind a gate: each record() waits until the test releases it. */
function gatedStore(real: EventStore, writeDepth: number): EventStore & { calls: Call[] } {
  const calls: Call[] = [];
  let open = 0;
  const store = Object.create(real) as EventStore;
  Object.defineProperty(store, 'writeDepth', { value: writeDepth });
  return Object.assign(store, {
    calls,
    record: async (writes: readonly EventWrite[], options: RecordOptions = {}) => {
      const gate = new Promise<void>((release) => calls.push({ writes: writes.length, withState: !!options.state, beside: open, release }));
      open++;
      try {
        await gate;
        return await real.record(writes, options);
      } finally {
        open--;
      }
    },
  });
}

const turnOfTheLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('batches in flight', () => {
  let real: SqliteEventStore;
  const clock = new ManualClock(Date.UTC(2026, 0, 1) * 1000);
  beforeEach(() => {
    real = new SqliteEventStore(':memory:');
  });
  afterEach(() => real.close());

  const report = (recorder: Recorder, i: number) => recorder.report({ name: `cg-${i % 3}`, uid: `eci-depth-${i % 3}` }, 'NoStock', [`zone-${i % 5}`]);

  it('sends a second batch beside the first only once it is full', async () => {
    const store = gatedStore(real, 2);
    const recorder = new Recorder(store, { clock, maxBatch: 4 });
    const done = Array.from({ length: 10 }, (_, i) => report(recorder, i));
    await turnOfTheLoop();
    // 4 sent, then 4 more beside it (full); the last 2 are not a full batch: they wait.
    expect(store.calls.map((c) => [c.writes, c.beside])).toEqual([
      [4, 0],
      [4, 1],
    ]);
    store.calls[0]!.release();
    await turnOfTheLoop();
    expect(store.calls).toHaveLength(2);
    store.calls[1]!.release();
    await new Promise((r) => setTimeout(r, 20));
    expect(store.calls.map((c) => [c.writes, c.beside])).toEqual([
      [4, 0],
      [4, 1],
      [2, 0],
    ]);
    store.calls[2]!.release();
    const stored = await Promise.all(done);
    // One event per (group, zone) pair; the answers' counts add up to the ten reports.
    const events = await real.list({});
    expect(events.reduce((n, e) => n + e.count, 0)).toBe(10);
    // Stored in the order reported: versions never go down along the reports.
    const versions = stored.map((e: StoredEvent) => e.resourceVersion);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
  });

  it('keeps one batch in flight over a store that takes one', async () => {
    const store = gatedStore(real, 1);
    const recorder = new Recorder(store, { clock, maxBatch: 4 });
    const done = Array.from({ length: 10 }, (_, i) => report(recorder, i));
    for (let n = 0; n < 3; n++) {
      await new Promise((r) => setTimeout(r, 20));
      expect(store.calls).toHaveLength(n + 1);
      store.calls[n]!.release();
    }
    await Promise.all(done);
    expect(store.calls.map((c) => [c.writes, c.beside])).toEqual([
      [4, 0],
      [4, 0],
      [2, 0],
    ]);
  });

  it('resolves an empty turn only once every batch before it has settled, whichever settles first', async () => {
    const store = gatedStore(real, 2);
    const recorder = new Recorder(store, { clock, maxBatch: 4 });
    const done = Array.from({ length: 8 }, (_, i) => report(recorder, i));
    await turnOfTheLoop();
    expect(store.calls).toHaveLength(2);
    recorder.openTurn();
    let emptyTurnDone = false;
    const emptyTurn = recorder.closeTurn().then(() => (emptyTurnDone = true));
    // The second batch commits first (a first batch retried apart settles after the next one).
    store.calls[1]!.release();
    await new Promise((r) => setTimeout(r, 20));
    expect(emptyTurnDone).toBe(false);
    store.calls[0]!.release();
    await Promise.all([...done, emptyTurn]);
    expect(emptyTurnDone).toBe(true);
  });

  it('sends a batch with emulator state alone, after the one in flight', async () => {
    const store = gatedStore(real, 2);
    const recorder = new Recorder(store, { clock, maxBatch: 4 });
    const before = Array.from({ length: 4 }, (_, i) => report(recorder, i));
    await turnOfTheLoop();
    expect(store.calls).toHaveLength(1);
    // A turn of five writes: more than a batch, a full one, yet with state it waits.
    recorder.openTurn();
    const inTurn = Array.from({ length: 5 }, (_, i) => report(recorder, i));
    const turn = recorder.closeTurn({ puts: [{ kind: 'group', id: 'eci-depth-0', body: { phase: 'Running' } }], deletes: [], timerPuts: [], timerDeletes: [] });
    const after = Array.from({ length: 4 }, (_, i) => report(recorder, i));
    await new Promise((r) => setTimeout(r, 20));
    expect(store.calls).toHaveLength(1);
    store.calls[0]!.release();
    await new Promise((r) => setTimeout(r, 20));
    // The turn alone, and nothing beside it while it is written.
    expect(store.calls.map((c) => [c.writes, c.withState, c.beside])).toEqual([
      [4, false, 0],
      [5, true, 0],
    ]);
    store.calls[1]!.release();
    await new Promise((r) => setTimeout(r, 20));
    store.calls[2]!.release();
    await Promise.all([...before, ...inTurn, turn, ...after]);
    expect(store.calls.map((c) => [c.writes, c.withState, c.beside])).toEqual([
      [4, false, 0],
      [5, true, 0],
      [4, false, 0],
    ]);
    expect(await real.loadEmulatorDoc('group', 'eci-depth-0')).toEqual({ phase: 'Running' });
  });
});
