// A failed group commit retried apart, on every backend: a batch holding one write the database
// refuses, in the middle of the batch and after idempotency keys were claimed in the same
// transaction, rolls back whole (marked so), and recordApart() then stores every other write
// exactly once, keys included, and gives the error to the bad write alone.
import { describe, expect, it } from 'vitest';
import { BACKENDS, freshStorePerTest } from '../../test/support/backends.js';
import { eventWrite } from '../../test/support/event-write.js';
import type { Micros } from '../model/event.js';
import type { EventWrite } from './event-store.js';
import { isRolledBack, recordApart } from './record-apart.js';

const T0: Micros = Date.UTC(2026, 0, 1) * 1000;

/** A write every backend refuses inside the transaction: its first timestamp is not a number. */
const poisoned = (key: string): EventWrite => eventWrite(key, T0, { firstTimestamp: Number.NaN });

for (const backend of BACKENDS) {
  describe.skipIf(!backend.available)(`a failed batch retried apart: ${backend.name}`, () => {
    const fresh = freshStorePerTest(backend);

    const counts = async () => Object.fromEntries((await fresh.store.list({ account: 'acct-1' })).map((e) => [e.name, e.count]));

    it('rolls the whole batch back, keys and counts, and says so', async () => {
      const batch = [eventWrite('a', T0, { idempotencyKey: 'k-a' }), eventWrite('b', T0), poisoned('p'), eventWrite('a', T0)];
      const err = await fresh.store.record(batch).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeDefined();
      expect(isRolledBack(err)).toBe(true);
      expect(await counts()).toEqual({});
      expect(await fresh.store.latestVersion()).toBe(0);
    });

    it('stores every other write once, idempotency keys holding, and fails the bad one alone', async () => {
      const batch = [
        eventWrite('a', T0, { idempotencyKey: 'k-1' }),
        eventWrite('b', T0),
        eventWrite('a', T0, { idempotencyKey: 'k-1' }), // a resend: not counted again
        poisoned('p'),
        eventWrite('a', T0, { idempotencyKey: 'k-2' }),
        eventWrite('b', T0),
        eventWrite('c', T0, { idempotencyKey: 'k-3' }),
      ];
      let calls = 0;
      const outcomes = await recordApart((w) => (calls++, fresh.store.record(w)), batch);
      expect(outcomes.map((o) => o.ok)).toEqual([true, true, true, false, true, true, true]);
      expect(isRolledBack(outcomes[3]!.ok ? undefined : outcomes[3]!.error)).toBe(true);
      expect(await counts()).toEqual({ 'ev-a': 2, 'ev-b': 2, 'ev-c': 1 });
      // 7 → 4 + 3 → (2 + 2) + 3 → 2 + (1 + 1) + 3: the half without the bad write commits whole.
      expect(calls).toBe(7);
      // Resending the whole batch counts nothing keyed twice.
      await recordApart(
        (w) => fresh.store.record(w),
        batch.filter((w) => w.idempotencyKey),
      );
      expect(await counts()).toEqual({ 'ev-a': 2, 'ev-b': 2, 'ev-c': 1 });
    });
  });
}
