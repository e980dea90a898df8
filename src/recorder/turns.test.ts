// Emulator turns through the recorder: the events a turn reports and its state changes commit in
// one transaction, whole (a bad event fails its turn's state and leaves other turns alone), in
// queue order with plain reports, and many turns of one batch write each document once.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../model/clock.js';
import { emptyStateChange, markRolledBack, type EventStore, type EventWrite, type RecordOptions, type StateChange } from '../store/index.js';
import { SqliteEventStore } from '../store/sqlite/store.js';
import { Recorder } from './index.js';

const put = (id: string, body: unknown): StateChange => ({ ...emptyStateChange(), puts: [{ kind: 'group', id, body }] });

/** The real store; counts the batches and fails (rolled back) those holding a poisoned message. */
function watchedStore(real: EventStore): EventStore & { batches: { writes: number; puts: number }[] } {
  const batches: { writes: number; puts: number }[] = [];
  return Object.assign(Object.create(real) as EventStore, {
    batches,
    record: async (writes: readonly EventWrite[], options?: RecordOptions) => {
      batches.push({ writes: writes.length, puts: options?.state?.puts.length ?? 0 });
      if (writes.some((w) => w.message.includes('poison'))) throw markRolledBack(new Error('refused'));
      return real.record(writes, options);
    },
  });
}

describe('emulator turns', () => {
  let real: SqliteEventStore;
  const clock = new ManualClock(Date.UTC(2026, 0, 1) * 1000);
  beforeEach(() => {
    real = new SqliteEventStore(':memory:');
  });
  afterEach(() => real.close());

  it('commits a turn’s events with its state, and answers its reports', async () => {
    const store = watchedStore(real);
    const recorder = new Recorder(store, { clock });
    recorder.openTurn();
    const a = recorder.report({ name: 'cg', uid: 'eci-1' }, 'NoStock', ['zone-a']);
    const b = recorder.report({ name: 'cg', uid: 'eci-1' }, 'NoStock', ['zone-b']);
    const done = recorder.closeTurn(put('eci-1', { status: 'Scheduling' }));
    await done;
    expect((await a).message).toContain('zone-a');
    expect((await b).message).toContain('zone-b');
    expect(store.batches).toEqual([{ writes: 2, puts: 1 }]);
    expect((await real.loadEmulatorState()).docs).toEqual([{ kind: 'group', id: 'eci-1', body: { status: 'Scheduling' } }]);
  });

  it('merges the turns of one batch: each document written once, as the last turn left it', async () => {
    const store = watchedStore(real);
    const recorder = new Recorder(store, { clock });
    const turns: Promise<void>[] = [];
    for (let i = 0; i < 50; i++) {
      recorder.openTurn();
      void recorder.report({ name: 'cg', uid: 'eci-1' }, 'NoStock', ['zone-a']);
      turns.push(recorder.closeTurn(put('eci-1', { step: i })));
    }
    await Promise.all(turns);
    expect(store.batches).toEqual([{ writes: 50, puts: 1 }]);
    expect((await real.loadEmulatorState()).docs[0]!.body).toEqual({ step: 49 });
    expect((await real.list({}))[0]!.count).toBe(50);
  });

  it('fails a turn holding a bad event whole, and commits the others once', async () => {
    const store = watchedStore(real);
    const recorder = new Recorder(store, { clock });
    const outcome = async (i: number, zone: string) => {
      recorder.openTurn();
      const r = recorder.report({ name: 'cg', uid: `eci-${i}` }, 'NoStock', [zone]);
      const t = recorder.closeTurn(put(`eci-${i}`, { i }));
      return Promise.allSettled([r, t]);
    };
    const [ok1, bad, ok2] = await Promise.all([outcome(1, 'zone-a'), outcome(2, 'poison'), outcome(3, 'zone-c')]);
    expect(ok1!.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled']);
    expect(bad!.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    expect(ok2!.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled']);
    expect((await real.loadEmulatorState()).docs.map((d) => d.id)).toEqual(['eci-1', 'eci-3']);
  });

  it('resolves an empty turn after what was queued before it', async () => {
    const recorder = new Recorder(real, { clock });
    let stored = false;
    void recorder.report({ name: 'cg', uid: 'eci-1' }, 'NoStock', ['zone-a']).then(() => (stored = true));
    recorder.openTurn();
    await recorder.closeTurn();
    expect(stored).toBe(true);
  });

  it('carries the fence into every state batch', async () => {
    const recorder = new Recorder(real, { clock });
    await real.record([], { state: put('lease', { holder: 'r1' }) });
    recorder.setStateFence(() => ({ sql: `UPDATE emulator_state SET body = body WHERE id = 'lease' AND json_extract(body, '$.holder') = ?`, params: ['r2'] }));
    recorder.openTurn();
    await expect(recorder.closeTurn(put('eci-9', {}))).rejects.toThrow(/owned by another process/);
    expect((await real.loadEmulatorState()).docs.map((d) => d.id)).toEqual(['lease']);
  });
});
