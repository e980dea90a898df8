// The recorder's group commit when a batch fails: over a store that refuses every batch holding a
// poisoned write, reports made together share a batch; only the poisoned report's caller gets
// the error, every other report is stored once, in order, and announced to commit listeners. A
// failure the store does not mark as rolled back (a commit whose answer was lost) is not retried.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { markRolledBack, type EventStore, type EventWrite } from '../store/index.js';
import { SqliteEventStore } from '../store/sqlite/store.js';
import type { StoredEvent } from '../model/event.js';
import { ManualClock } from '../model/clock.js';
import { Recorder } from './index.js';

const POISON = 'zone-poison';

/** The real store, but a batch holding a poisoned write fails whole, as PostgreSQL's would. */
function poisonedStore(real: EventStore, failure: (batch: readonly EventWrite[]) => Error): EventStore & { batches: number[] } {
  const batches: number[] = [];
  return Object.assign(Object.create(real) as EventStore, {
    batches,
    record: async (writes: readonly EventWrite[]) => {
      batches.push(writes.length);
      if (writes.some((w) => w.message.includes(POISON))) throw failure(writes);
      return real.record(writes);
    },
  });
}

describe('group commit with one bad write', () => {
  let real: SqliteEventStore;
  const clock = new ManualClock(Date.UTC(2026, 0, 1) * 1000);
  beforeEach(() => {
    real = new SqliteEventStore(':memory:');
  });
  afterEach(() => real.close());

  const zones = Array.from({ length: 12 }, (_, i) => (i === 7 ? POISON : `zone-${i % 3}`));
  const reportAll = (recorder: Recorder) =>
    Promise.allSettled(zones.map((z, i) => recorder.report({ name: `cg-${i % 3}`, uid: `eci-gc-${i % 3}` }, 'NoStock', [z])));

  it('fails only the bad write, and stores every other one exactly once', async () => {
    const store = poisonedStore(real, () => markRolledBack(new Error('invalid byte sequence for encoding "UTF8": 0x00')));
    const recorder = new Recorder(store, { clock });
    const announced: StoredEvent[] = [];
    recorder.onCommit((events) => announced.push(...events));

    const settled = await reportAll(recorder);
    expect(settled.map((s) => s.status)).toEqual(zones.map((z) => (z === POISON ? 'rejected' : 'fulfilled')));
    expect((settled[7] as PromiseRejectedResult).reason.message).toMatch(/0x00/);
    // One batch of 12 failed, and was retried apart: 6 + 6, then 3 + 3 of the second half...
    expect(store.batches[0]).toBe(12);
    expect(store.batches.length).toBeGreaterThan(1);
    const counts = Object.fromEntries((await real.list({})).map((e) => [e.message.split(' ').at(-1), e.count]));
    expect(counts).toEqual({ 'zone-0': 4, 'zone-1': 3, 'zone-2': 4 });
    expect(announced).toHaveLength(11);
    // Committed in the order reported: each zone's event answers counts that never go down.
    for (const zone of ['zone-0', 'zone-1', 'zone-2']) {
      const answered = settled.flatMap((s, i) => (s.status === 'fulfilled' && zones[i] === zone ? [(s.value as StoredEvent).count] : []));
      expect(answered).toEqual([...answered].sort((a, b) => a - b));
      expect(answered.at(-1)).toBe(counts[zone]);
    }
  });

  it('does not retry a failure that may have committed', async () => {
    const store = poisonedStore(real, () => new Error('Connection terminated unexpectedly'));
    const recorder = new Recorder(store, { clock });
    const settled = await reportAll(recorder);
    expect(settled.every((s) => s.status === 'rejected')).toBe(true);
    expect(store.batches).toEqual([12]);
    expect(await real.list({})).toEqual([]);
  });
});
