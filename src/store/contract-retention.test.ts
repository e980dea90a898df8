// The storage contract of retention and the change feed, on every backend: how far retention has
// removed each account's changes (purgedUpTo), and a reader behind it told so (ChangesExpiredError)
// rather than silently skipped past what it never read.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { STORE_BACKENDS as BACKENDS } from '../../test/support/backends.js';
import { eventWrite as w } from '../../test/support/event-write.js';
import type { Micros } from '../model/event.js';
import { ChangesExpiredError } from './changes-expired.js';
import type { EventStore } from './event-store.js';

const T0: Micros = Date.UTC(2026, 0, 1) * 1000;

const names = (events: readonly { name: string }[]) => events.map((e) => e.name);

for (const backend of BACKENDS) {
  describe.skipIf(!backend.available)(`EventStore retention contract: ${backend.name}`, () => {
    let location: { db: string; cleanup: () => Promise<void> };
    let store: EventStore;

    beforeEach(async () => {
      location = await backend.location();
      store = await backend.open(location.db);
    });

    afterEach(async () => {
      await store.close().catch(() => undefined);
      await location.cleanup();
    });

    /** Where the feed of `account` is expired for a reader at `after`: the error, or undefined when it reads. */
    async function expiry(after: number, account = 'acct-1'): Promise<ChangesExpiredError | undefined> {
      try {
        await store.changesAfter(after, 100, { account });
        return undefined;
      } catch (err) {
        if (err instanceof ChangesExpiredError) return err;
        throw err;
      }
    }

    it("marks how far retention removed each account's changes, in the purge, and never lowers the mark", async () => {
      expect(await store.purgedUpTo()).toBe(0);
      expect(await store.purgedUpTo('acct-1')).toBe(0);
      // acct-1: a (old), b (old), c (kept); acct-2: x (old), y (kept).
      const [a, b, x, c, y] = await store.record([
        w('a', T0),
        w('b', T0 + 10),
        w('x', T0 + 5, { account: 'acct-2' }),
        w('c', T0 + 1000),
        w('y', T0 + 1000, { account: 'acct-2' }),
      ]);
      expect(await store.purgeOlderThan(T0 + 100, 1)).toBe(3);
      expect(await store.purgedUpTo('acct-1')).toBe(b!.resourceVersion);
      expect(await store.purgedUpTo('acct-2')).toBe(x!.resourceVersion);
      expect(await store.purgedUpTo('acct-3')).toBe(0);
      expect(await store.purgedUpTo()).toBe(Math.max(b!.resourceVersion, x!.resourceVersion));

      // An event with a lower version but a later last occurrence than a purged one goes later:
      // the mark stays at the highest version removed.
      expect(await store.purgeOlderThan(T0 + 100)).toBe(0);
      const [old] = await store.record([w('late', T0 + 20)]); // a late report of an old occurrence
      expect(old!.resourceVersion).toBeGreaterThan(y!.resourceVersion);
      expect(await store.purgeOlderThan(T0 + 500)).toBe(1);
      expect(await store.purgedUpTo('acct-1')).toBe(old!.resourceVersion);
      expect(names(await store.changesAfter(old!.resourceVersion, 100, { account: 'acct-1' }))).toEqual([]);
      expect(names(await store.list({ account: 'acct-1' }))).toEqual([c!.name]);
      expect(a!.resourceVersion).toBeLessThan(b!.resourceVersion);

      // The mark is in the database: another connection (a replica, a restart) sees it.
      await store.close();
      store = await backend.open(location.db);
      expect(await store.purgedUpTo('acct-1')).toBe(old!.resourceVersion);
      expect(await store.purgedUpTo('acct-2')).toBe(x!.resourceVersion);
      // Removing c, whose version is below the mark, leaves the mark where it is.
      expect(c!.resourceVersion).toBeLessThan(old!.resourceVersion);
      expect(await store.purgeOlderThan(T0 + 2000)).toBe(2);
      expect(await store.purgedUpTo('acct-1')).toBe(old!.resourceVersion);
      expect(await store.purgedUpTo('acct-2')).toBe(y!.resourceVersion);
    });

    it('refuses to resume a reader that has not read changes retention removed, and only that reader', async () => {
      const [a, b, c] = await store.record([w('a', T0), w('b', T0 + 10), w('c', T0 + 1000)]);
      const [other] = await store.record([w('o', T0, { account: 'acct-2' })]);
      await store.purgeOlderThan(T0 + 100);

      // Readers at 0 and at a: b (and a) were removed before they read them.
      for (const after of [0, a!.resourceVersion]) {
        const err = await expiry(after);
        expect(err, `after ${after}`).toBeInstanceOf(ChangesExpiredError);
        expect(err).toMatchObject({ after, purgedUpTo: b!.resourceVersion });
        expect(err!.message).toContain(`versions ${after + 1}..${b!.resourceVersion}`);
        expect(err!.message).toContain(`oldest version still available to resume after is ${b!.resourceVersion}`);
      }
      // A reader that had read b lost nothing it had not read: old events went, not its place.
      expect(await expiry(b!.resourceVersion)).toBeUndefined();
      expect(names(await store.changesAfter(b!.resourceVersion, 100, { account: 'acct-1' }))).toEqual(['ev-c']);
      expect(names(await store.changesAfter(c!.resourceVersion, 100, { account: 'acct-1' }))).toEqual([]);

      // Another account's purge is not this account's gap, and the reverse.
      expect(await store.purgedUpTo('acct-2')).toBe(other!.resourceVersion);
      expect(other!.resourceVersion).toBeGreaterThan(b!.resourceVersion);
      expect(await expiry(b!.resourceVersion, 'acct-2')).toMatchObject({ purgedUpTo: other!.resourceVersion });
      expect(await expiry(other!.resourceVersion, 'acct-1')).toBeUndefined();
      // Unscoped, the whole feed: behind any account's purge.
      await expect(store.changesAfter(b!.resourceVersion, 100)).rejects.toBeInstanceOf(ChangesExpiredError);
      expect(names(await store.changesAfter(other!.resourceVersion, 100))).toEqual([]);

      // Starting over (a full list, a replay) reads whatever is kept, however much went.
      expect(names(await store.changesAfter(0, 100, { account: 'acct-1' }, { startOver: true }))).toEqual(['ev-c']);
      expect(names(await store.changesAfter(0, 100, {}, { startOver: true }))).toEqual(['ev-c']);
    });

    it('expires a reader exactly at the highest version removed, paging or not', async () => {
      const written = await store.record(Array.from({ length: 6 }, (_, i) => w(`e${i}`, i < 4 ? T0 : T0 + 1000)));
      const v = written.map((e) => e.resourceVersion);
      // A reader pages through e0, e1 (its position: v[1]); then retention removes e0..e3.
      expect(names(await store.changesAfter(0, 2, { account: 'acct-1' }))).toEqual(['ev-e0', 'ev-e1']);
      expect(await store.purgeOlderThan(T0 + 1)).toBe(4);
      for (const after of [v[1]!, v[2]!, v[3]! - 1]) expect(await expiry(after), `after ${after}`).toMatchObject({ after, purgedUpTo: v[3] });
      expect(names(await store.changesAfter(v[3]!, 100, { account: 'acct-1' }))).toEqual(['ev-e4', 'ev-e5']);
    });
  });
}
