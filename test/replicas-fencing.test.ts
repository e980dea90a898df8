// Fencing on PostgreSQL: an emulator turn committed under an epoch that is no longer the published
// one (a leader deposed without knowing it: paused, or cut off from its lock's connection) is
// refused whole, events and state alike, through the store and through the recorder's turns.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, postgresAvailable } from './support/postgres.js';
import { Recorder } from '../src/recorder/index.js';
import { ManualClock } from '../src/model/clock.js';
import { StateFencedError, type StateChange } from '../src/store/emulator-state.js';
import { PostgresEmulatorLease } from '../src/store/postgres/lease.js';
import { PostgresEventStore } from '../src/store/postgres/store.js';

const doc = (id: string, n: number): StateChange => ({
  puts: [{ kind: 'group', id, body: { n } }],
  deletes: [],
  timerPuts: [{ id: `t${n}`, due: n, kind: 'group.place', payload: { id } }],
  timerDeletes: [],
});

describe.skipIf(!postgresAvailable)('fencing of emulator turns by the lease epoch (PostgreSQL)', () => {
  let db: { url: string; drop: () => Promise<void> };
  let store: PostgresEventStore;
  const a = () => PostgresEmulatorLease.open(db.url);

  beforeAll(async () => {
    db = await freshDatabase();
    store = await PostgresEventStore.open(db.url);
  });
  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  it("refuses a deposed leader's turn commit, writing none of it; the new leader's commits", async () => {
    const first = a();
    const second = a();
    const old = (await first.tryAcquire({ replica: 'r1', apiUrl: 'http://r1' }))!;
    await store.record([], { state: doc('eci-1', 1), fence: first.fence(old.epoch) });
    // Deposed: its lock's connection ended, and another replica took over under a new epoch.
    await first.release();
    const now = (await second.tryAcquire({ replica: 'r2', apiUrl: 'http://r2' }))!;
    expect(now.epoch).toBe(old.epoch + 1);

    await expect(store.record([], { state: doc('eci-2', 2), fence: first.fence(old.epoch) })).rejects.toThrow(StateFencedError);
    await store.record([], { state: doc('eci-3', 3), fence: second.fence(now.epoch) });
    const loaded = await store.loadEmulatorState();
    expect(loaded.docs.map((d) => d.id)).toEqual(['eci-1', 'eci-3']);
    expect(loaded.timers.map((t) => t.id)).toEqual(['t1', 't3']);
    await first.close();
    await second.close();
  });

  it("refuses a deposed leader's recorder turn with its events: nothing of it is stored", async () => {
    const first = a();
    const second = a();
    const old = (await first.tryAcquire({ replica: 'r1', apiUrl: 'http://r1' }))!;
    const recorder = new Recorder(store, { clock: new ManualClock(Date.UTC(2026, 0, 1) * 1000) });
    recorder.setStateFence(() => first.fence(old.epoch));
    await first.release();
    await second.tryAcquire({ replica: 'r2', apiUrl: 'http://r2' });

    const before = await store.latestVersion();
    recorder.openTurn();
    const reported = recorder.report({ name: 'fenced', uid: 'eci-fenced' }, 'NoStock', ['cn-hangzhou-k']);
    const turn = recorder.closeTurn(doc('eci-fenced', 9));
    await expect(turn).rejects.toThrow(StateFencedError);
    await expect(reported).rejects.toThrow(StateFencedError);
    expect(await store.latestVersion()).toBe(before);
    expect((await store.loadEmulatorState()).docs.map((d) => d.id)).not.toContain('eci-fenced');
    await first.close();
    await second.close();
  });
});
