// Idempotency keys on every backend: a write repeating a key adds nothing and answers the event
// the key first counted towards; keys are claimed atomically with the count, per account, and
// forgotten by purgeIdempotencyKeys.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { STORE_BACKENDS as BACKENDS } from '../../test/support/backends.js';
import type { Micros } from '../model/event.js';
import type { EventStore, EventWrite } from './event-store.js';
import { eventWrite } from '../../test/support/event-write.js';

const T0: Micros = Date.UTC(2026, 0, 1) * 1000;

function w(key: string, idempotencyKey: string | undefined, over: Partial<EventWrite> = {}): EventWrite {
  return eventWrite(key, T0, {
    reason: 'OOMKilled',
    source: { component: 'EciService', host: 'h1' },
    reportingComponent: 'eci-events-agent',
    reportingInstance: 'h1',
    idempotencyKey,
    ...over,
  });
}

for (const backend of BACKENDS) {
  describe.skipIf(!backend.available)(`idempotency keys: ${backend.name}`, () => {
    let location: { db: string; cleanup: () => Promise<void> };
    let stores: EventStore[];
    let store: EventStore;

    const open = async (): Promise<EventStore> => {
      const s = await backend.open(location.db);
      stores.push(s);
      return s;
    };

    beforeEach(async () => {
      stores = [];
      location = await backend.location();
      store = await open();
    });

    afterEach(async () => {
      for (const s of stores) await s.close();
      await location.cleanup();
    });

    it('counts a key once across batches and answers the event it counted towards', async () => {
      const [first] = await store.record([w('a', 'k1')]);
      const [again] = await store.record([w('a', 'k1', { lastTimestamp: T0 + 5 })]);
      expect(first!.count).toBe(1);
      expect(again).toEqual(first);
      const [other] = await store.record([w('a', 'k2', { lastTimestamp: T0 + 9 })]);
      expect(other!.count).toBe(2);
      const [unkeyed] = await store.record([w('a', undefined)]);
      expect(unkeyed!.count).toBe(3);
    });

    it('counts a key once inside one batch, whatever else the batch holds', async () => {
      const out = await store.record([w('a', 'k1'), w('b', undefined), w('a', 'k1'), w('a', 'k2'), w('b', 'k1')]);
      expect(out.map((e) => [e.name, e.count])).toEqual([
        ['ev-a', 2],
        ['ev-b', 1],
        ['ev-a', 2],
        ['ev-a', 2],
        ['ev-a', 2],
      ]);
      expect((await store.list({})).map((e) => [e.name, e.count]).sort()).toEqual([
        ['ev-a', 2],
        ['ev-b', 1],
      ]);
    });

    it('keeps keys apart per account', async () => {
      await store.record([w('a', 'k1')]);
      const [b] = await store.record([w('a2', 'k1', { account: 'acct-2' })]);
      expect(b).toMatchObject({ account: 'acct-2', count: 1 });
    });

    it('claims no key when its batch fails, so the resend is counted', async () => {
      const broken = w('a', 'k1', { name: null as unknown as string });
      await expect(store.record([w('b', 'k0'), broken])).rejects.toThrow();
      const out = await store.record([w('b', 'k0'), w('a', 'k1')]);
      expect(out.map((e) => e.count)).toEqual([1, 1]);
    });

    it('forgets keys used before the cut-off, and answers a removed event without counting it', async () => {
      await store.record([w('a', 'k1')]);
      expect(await store.purgeIdempotencyKeys(Date.now() - 60_000)).toBe(0);
      expect((await store.record([w('a', 'k1')]))[0]!.count).toBe(1);
      expect(await store.purgeOlderThan(T0 + 1)).toBe(1);
      const [gone] = await store.record([w('a', 'k1')]);
      expect(gone).toMatchObject({ name: 'ev-a', count: 1, resourceVersion: 0 });
      expect(await store.list({})).toEqual([]);
      expect(await store.purgeIdempotencyKeys(Date.now() + 1, 1)).toBe(1);
      expect((await store.record([w('a', 'k1')]))[0]!).toMatchObject({ count: 1 });
      expect((await store.list({})).map((e) => e.count)).toEqual([1]);
    });

    it('counts each key once when two stores on one database race with the same keys', async () => {
      const other = await open();
      const keys = Array.from({ length: 200 }, (_, i) => `k${i}`);
      await Promise.all([store, other].flatMap((s) => keys.map((k, i) => s.record([w(`e${i % 7}`, k)]))));
      const all = await store.list({});
      expect(all.reduce((sum, e) => sum + e.count, 0)).toBe(keys.length);
    });
  });
}
