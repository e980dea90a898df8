// The storage contract: one suite, run against every backend (Kysely's way). Each test gets a
// fresh location (a SQLite file or a PostgreSQL database) and leaves nothing behind.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import pg from 'pg';
import { STORE_BACKENDS as BACKENDS } from '../../test/support/backends.js';
import { ADMIN_URL, postgresAvailable } from '../../test/support/postgres.js';
import type { Micros, StoredEvent } from '../model/event.js';
import type { EventStore } from './event-store.js';
import { eventWrite } from '../../test/support/event-write.js';

const T0: Micros = Date.UTC(2026, 0, 1) * 1000 + 123_457; // sub-millisecond digits must survive

/** A write for `key`: its name is `ev-<key>` unless overridden, so rows are easy to tell apart. */
const w = eventWrite;
/** The account of eventWrite()'s events: newest-per-group reads are an account's. */
const ACCT = { account: 'acct-1' };

const names = (events: readonly { name: string }[]) => events.map((e) => e.name);
const versions = (events: readonly StoredEvent[]) => events.map((e) => e.resourceVersion);

function expectStrictlyIncreasing(values: readonly number[]): void {
  for (let i = 1; i < values.length; i++) expect(values[i]!, `value ${i} of ${values.join(',')}`).toBeGreaterThan(values[i - 1]!);
}

for (const backend of BACKENDS) {
  describe.skipIf(!backend.available)(`EventStore contract: ${backend.name}`, () => {
    let location: { db: string; cleanup: () => Promise<void> };
    let open: EventStore[];
    let store: EventStore;

    async function openStore(): Promise<EventStore> {
      const s = await backend.open(location.db);
      open.push(s);
      return s;
    }

    async function closeStore(s: EventStore): Promise<void> {
      open = open.filter((o) => o !== s);
      await s.close();
    }

    beforeEach(async () => {
      open = [];
      location = await backend.location();
      store = await openStore();
    });

    afterEach(async () => {
      for (const s of open) await s.close().catch(() => undefined);
      open = [];
      await location.cleanup();
    });

    it('stores a new event exactly as written', async () => {
      const write = w('a', T0, {
        account: 'acct-2',
        involvedObject: { apiVersion: 'v1', kind: 'Pod', name: 'cg-1', namespace: 'team', uid: 'eci-1', fieldPath: 'spec.containers{app}' },
        namespace: 'team',
        source: { component: 'Kubelet', host: 'vk-node-1' },
        reportingComponent: 'kubelet',
        reportingInstance: 'vk-node-1',
        message: 'Create ECI failed because the specified instance is out of stock. zone k — ünïcode',
      });
      const [stored] = await store.record([write]);
      expect(stored).toEqual({
        account: 'acct-2',
        name: 'ev-a',
        namespace: 'team',
        uid: 'uid-a',
        resourceVersion: stored!.resourceVersion,
        createdVersion: stored!.resourceVersion,
        involvedObject: { apiVersion: 'v1', kind: 'Pod', name: 'cg-1', namespace: 'team', uid: 'eci-1', fieldPath: 'spec.containers{app}' },
        containerGroupId: 'eci-1',
        reason: 'NoStock',
        message: 'Create ECI failed because the specified instance is out of stock. zone k — ünïcode',
        type: 'Warning',
        count: 1,
        firstTimestamp: T0,
        lastTimestamp: T0,
        source: { component: 'Kubelet', host: 'vk-node-1' },
        reportingComponent: 'kubelet',
        reportingInstance: 'vk-node-1',
      } satisfies StoredEvent);
      expect(stored!.resourceVersion).toBeGreaterThan(0);
      expect(await store.get('acct-2', 'team', 'ev-a')).toEqual(stored);
      expect(await store.get('acct-1', 'team', 'ev-a')).toBeUndefined();
      // No field path is no fieldPath key at all, not an empty one.
      const [plain] = await store.record([w('b', T0)]);
      expect(plain!.involvedObject).toStrictEqual({ apiVersion: 'v1', kind: 'Pod', name: 'cg-1', namespace: 'default', uid: 'eci-1' });
    });

    it('stores text with the characters that quoting and escaping turn on exactly as written', async () => {
      const texts = ['say "hi"', 'C:\\path\\to', '\\"', '{a,b}', 'NULL', '', ' padded ', 'line\nbreak\ttab', '事件 🚀'];
      const written = texts.map((text, i) =>
        w(`t${i}`, T0 + i, {
          message: text,
          reportingInstance: text,
          involvedObject: { apiVersion: 'v1', kind: 'Pod', name: 'cg-1', namespace: 'default', uid: 'eci-1', fieldPath: text },
        }),
      );
      const stored = await store.record(written);
      expect(stored.map((e) => [e.message, e.reportingInstance, e.involvedObject.fieldPath ?? ''])).toEqual(texts.map((t) => [t, t, t]));
      const read = await Promise.all(texts.map((_, i) => store.get('acct-1', 'default', `ev-t${i}`)));
      expect(read).toEqual(stored);
    });

    it('counts repeats of one key on one row: first timestamp kept, last and message of the latest', async () => {
      const [r1] = await store.record([w('a', T0, { message: 'first' })]);
      expect(r1).toMatchObject({ name: 'ev-a', uid: 'uid-a', count: 1, firstTimestamp: T0, lastTimestamp: T0, message: 'first' });
      // The version that created it stays with it through every repeat.
      const created = r1!.resourceVersion;
      expect(r1!.createdVersion).toBe(created);

      const [r2] = await store.record([w('a', T0 + 5, { message: 'second', name: 'ev-other', uid: 'uid-other' })]);
      expect(r2).toMatchObject({ name: 'ev-a', uid: 'uid-a', count: 2, firstTimestamp: T0, lastTimestamp: T0 + 5, message: 'second' });
      expect(r2!.resourceVersion).toBeGreaterThan(r1!.resourceVersion);

      // An occurrence older than the stored ones moves the first timestamp, not the last or the message.
      const [r3] = await store.record([w('a', T0 - 10, { message: 'older', name: 'ev-x', uid: 'uid-x' })]);
      expect(r3).toMatchObject({ name: 'ev-a', uid: 'uid-a', count: 3, firstTimestamp: T0 - 10, lastTimestamp: T0 + 5, message: 'second' });
      expect(r3!.resourceVersion).toBeGreaterThan(r2!.resourceVersion);

      // A pre-aggregated write adds its whole count.
      const [r4] = await store.record([w('a', T0 + 20, { count: 4, firstTimestamp: T0 + 1, message: 'fourth' })]);
      expect(r4).toMatchObject({ name: 'ev-a', uid: 'uid-a', count: 7, firstTimestamp: T0 - 10, lastTimestamp: T0 + 20, message: 'fourth' });
      expect(r4!.resourceVersion).toBeGreaterThan(r3!.resourceVersion);
      expect([r2, r3, r4].map((r) => r!.createdVersion)).toEqual([created, created, created]);

      expect(await store.list({})).toEqual([r4]);
      expect(await store.get('acct-1', 'default', 'ev-a')).toEqual(r4);
      expect(await store.get('acct-1', 'default', 'ev-other')).toBeUndefined();
    });

    it('merges a batch that repeats keys and returns, per input write in order, the state after the batch', async () => {
      const [before] = await store.record([w('a', T0, { message: 'a0' })]);
      const out = await store.record([
        w('a', T0 + 30, { message: 'a-late', name: 'ev-a2' }),
        w('b', T0 + 10, { message: 'b1', name: 'ev-b1', uid: 'uid-b1' }),
        w('a', T0 + 20, { message: 'a-mid', name: 'ev-a3' }),
        w('b', T0 + 40, { message: 'b2', name: 'ev-b2', uid: 'uid-b2' }),
        w('a', T0 - 5, { message: 'a-early', count: 2, name: 'ev-a4' }),
        w('b', T0 + 5, { message: 'b0', name: 'ev-b3', uid: 'uid-b3' }),
      ]);
      expect(out).toHaveLength(6);
      const a = { name: 'ev-a', uid: 'uid-a', count: 5, firstTimestamp: T0 - 5, lastTimestamp: T0 + 30, message: 'a-late' };
      const b = { name: 'ev-b1', uid: 'uid-b1', count: 3, firstTimestamp: T0 + 5, lastTimestamp: T0 + 40, message: 'b2' };
      expect(
        out.map((e) => ({ name: e.name, uid: e.uid, count: e.count, firstTimestamp: e.firstTimestamp, lastTimestamp: e.lastTimestamp, message: e.message })),
      ).toEqual([a, b, a, b, a, b]);
      // One new version per changed row, each after the one before the batch.
      expect(out[0]!.resourceVersion).toBe(out[2]!.resourceVersion);
      expect(out[0]!.resourceVersion).toBe(out[4]!.resourceVersion);
      expect(out[1]!.resourceVersion).toBe(out[3]!.resourceVersion);
      expect(out[1]!.resourceVersion).toBe(out[5]!.resourceVersion);
      expect(out[0]!.resourceVersion).not.toBe(out[1]!.resourceVersion);
      expect(Math.min(out[0]!.resourceVersion, out[1]!.resourceVersion)).toBeGreaterThan(before!.resourceVersion);

      const rows = await store.list({});
      expect(rows).toEqual([out[1], out[0]]); // newest first: b last seen at T0+40, a at T0+30
      expect(await store.latestVersion()).toBe(Math.max(out[0]!.resourceVersion, out[1]!.resourceVersion));
    });

    // Stores may build a new event from its write instead of reading it back: the answer must
    // still be the row as stored, also for a value the database does not store as given.
    it('answers every write, new or repeated, with the event exactly as a read returns it', async () => {
      await store.record([w('a', T0, { message: 'a0' })]);
      const batches = [
        [w('b', T0 + 1), w('a', T0 + 2, { message: 'a1' }), w('c', T0 + 3, { involvedObject: { ...w('c', T0).involvedObject, fieldPath: 'spec' } })],
        // An unpaired surrogate (the recorder refuses it; a store given one stores U+FFFD instead).
        [w('d', T0 + 4, { reportingInstance: 'host-\uD800' }), w('b', T0 + 5, { message: 'b1' })],
      ];
      for (const batch of batches) {
        const out = await store.record(batch);
        for (const e of out) expect(await store.get(e.account, e.namespace, e.name)).toEqual(e);
        const feed = await store.changesAfter(Math.min(...versions(out)) - 1, 100);
        expect(feed).toEqual([...new Map(out.map((e) => [e.name, e])).values()].sort((x, y) => x.resourceVersion - y.resourceVersion));
      }
      expect((await store.get('acct-1', 'default', 'ev-d'))!.reportingInstance).toMatch(/^host-\uFFFD+$/);
    });

    it('keeps different keys on different rows, even with the same object, reason and message', async () => {
      const same = { message: 'the same message' };
      const out = await store.record([w('a', T0, same), w('b', T0 + 1, same), w('c', T0 + 2, same)]);
      expect(out.map((e) => [e.name, e.count])).toEqual([
        ['ev-a', 1],
        ['ev-b', 1],
        ['ev-c', 1],
      ]);
      expect(new Set(versions(out)).size).toBe(3);
      await store.record([w('b', T0 + 10, same)]);
      const rows = await store.list({});
      expect(rows.map((e) => [e.name, e.count])).toEqual([
        ['ev-b', 2],
        ['ev-c', 1],
        ['ev-a', 1],
      ]);
    });

    it('hands out unique versions that grow strictly from batch to batch', async () => {
      const batches = [
        [w('a', T0), w('b', T0), w('c', T0)],
        [w('a', T0 + 1), w('d', T0 + 1), w('c', T0 + 1)],
        [w('b', T0 + 2)],
        [w('e', T0 + 3), w('a', T0 + 3), w('e', T0 + 3)],
      ];
      let highest = 0;
      for (const batch of batches) {
        const out = await store.record(batch);
        const distinct = [...new Set(versions(out))];
        expect(distinct).toHaveLength(new Set(batch.map((x) => x.key)).size);
        expect(Math.min(...distinct)).toBeGreaterThan(highest);
        highest = Math.max(...distinct);
        expect(await store.latestVersion()).toBe(highest);
      }
      const feed = await store.changesAfter(0, 100);
      expect(names(feed).sort()).toEqual(['ev-a', 'ev-b', 'ev-c', 'ev-d', 'ev-e']);
      expectStrictlyIncreasing(versions(feed));
      expect(feed.at(-1)!.resourceVersion).toBe(highest);
      expect(feed.map((e) => [e.name, e.count]).sort()).toEqual([
        ['ev-a', 3],
        ['ev-b', 2],
        ['ev-c', 2],
        ['ev-d', 1],
        ['ev-e', 2],
      ]);
    });

    it('feeds exactly the rows changed after a version, in version order, page by page', async () => {
      const v: Record<string, number> = {};
      for (const key of ['a', 'b', 'c', 'd', 'e']) v[key] = (await store.record([w(key, T0)]))[0]!.resourceVersion;
      await store.record([w('b', T0 + 1)]);
      await store.record([w('d', T0 + 2)]);

      expect((await store.changesAfter(0, 100)).map((e) => [e.name, e.count])).toEqual([
        ['ev-a', 1],
        ['ev-c', 1],
        ['ev-e', 1],
        ['ev-b', 2],
        ['ev-d', 2],
      ]);
      expect(names(await store.changesAfter(v.c!, 100))).toEqual(['ev-e', 'ev-b', 'ev-d']);
      expect(names(await store.changesAfter(v.e!, 100))).toEqual(['ev-b', 'ev-d']);

      const pages: string[][] = [];
      let after = 0;
      for (;;) {
        const page = await store.changesAfter(after, 2);
        if (page.length === 0) break;
        pages.push(names(page));
        after = page.at(-1)!.resourceVersion;
      }
      expect(pages).toEqual([['ev-a', 'ev-c'], ['ev-e', 'ev-b'], ['ev-d']]);
      expect(after).toBe(await store.latestVersion());
      expect(await store.changesAfter(after, 10)).toEqual([]);
    });

    it('reports the latest version: 0 when empty, then the last one handed out', async () => {
      expect(await store.latestVersion()).toBe(0);
      expect(await store.changesAfter(0, 10)).toEqual([]);
      const out = await store.record([w('a', T0), w('b', T0)]);
      expect(await store.latestVersion()).toBe(Math.max(...versions(out)));
      const [again] = await store.record([w('a', T0 + 1)]);
      expect(again!.resourceVersion).toBeGreaterThan(Math.max(...versions(out)));
      expect(await store.latestVersion()).toBe(again!.resourceVersion);
    });

    it('never moves the latest version back, not even when a purge removes the newest rows', async () => {
      await store.record([w('a', T0 + 100)]);
      const [newest] = await store.record([w('b', T0)]);
      expect(await store.latestVersion()).toBe(newest!.resourceVersion);
      expect(await store.purgeOlderThan(T0 + 50)).toBe(1);
      expect(await store.latestVersion()).toBe(newest!.resourceVersion);
      expect(await store.purgeOlderThan(T0 + 500)).toBe(1);
      expect(await store.latestVersion()).toBe(newest!.resourceVersion);
      const [later] = await store.record([w('c', T0)]);
      expect(later!.resourceVersion).toBeGreaterThan(newest!.resourceVersion);
    });

    describe('reading', () => {
      // g1: five events, two of them from Kubelet; g2: two; g3: none. One event in another namespace.
      async function seed(): Promise<void> {
        const kubelet = { source: { component: 'Kubelet', host: 'n1' } };
        await store.record([
          w('g1-1', T0 + 10, { containerGroupId: 'g1' }),
          w('g1-2', T0 + 50, { containerGroupId: 'g1', ...kubelet }),
          w('g1-3', T0 + 30, { containerGroupId: 'g1' }),
          w('g1-4', T0 + 40, { containerGroupId: 'g1', ...kubelet }),
          w('g1-5', T0 + 20, { containerGroupId: 'g1' }),
          w('g2-1', T0 + 15, { containerGroupId: 'g2' }),
          w('g2-2', T0 + 5, { containerGroupId: 'g2', namespace: 'team' }),
        ]);
        // A repeat moves g1-1 from the oldest of g1 to the newest.
        await store.record([w('g1-1', T0 + 60, { containerGroupId: 'g1' })]);
      }

      it('returns the newest N per group by last timestamp, and an empty list for a group without events', async () => {
        await seed();
        const newest = await store.newestPerGroup(['g1', 'g2', 'g3'], 3, ACCT);
        expect([...newest.keys()].sort()).toEqual(['g1', 'g2', 'g3']);
        expect(names(newest.get('g1')!)).toEqual(['ev-g1-1', 'ev-g1-2', 'ev-g1-4']);
        expect(newest.get('g1')![0]!.count).toBe(2);
        expect(names(newest.get('g2')!)).toEqual(['ev-g2-1', 'ev-g2-2']);
        expect(newest.get('g3')).toEqual([]);

        const one = await store.newestPerGroup(['g2'], 1, ACCT);
        expect([...one.keys()]).toEqual(['g2']);
        expect(names(one.get('g2')!)).toEqual(['ev-g2-1']);
        expect(await store.newestPerGroup([], 3, ACCT)).toEqual(new Map());
      });

      it('shows newest-per-group events as the stored events less account, uid, version and group', async () => {
        await seed();
        const fieldPath = 'spec.containers{app}';
        await store.record([w('g1-6', T0 + 70, { containerGroupId: 'g1', involvedObject: { ...w('', 0).involvedObject, fieldPath } })]);
        const stored = await store.list({ containerGroupId: 'g1', limit: 3 });
        const shown = (await store.newestPerGroup(['g1'], 3, ACCT)).get('g1')!;
        expect(shown).toEqual(stored.map(({ account: _a, uid: _u, resourceVersion: _v, createdVersion: _c, containerGroupId: _g, ...view }) => view));
        expect(shown[0]!.involvedObject.fieldPath).toBe(fieldPath);
        expect(shown[1]!.involvedObject).not.toHaveProperty('fieldPath');
      });

      it('filters newest-per-group by source component and since (inclusive)', async () => {
        await seed();
        const kubelet = await store.newestPerGroup(['g1', 'g2'], 5, { ...ACCT, sourceComponent: 'Kubelet' });
        expect(names(kubelet.get('g1')!)).toEqual(['ev-g1-2', 'ev-g1-4']);
        expect(kubelet.get('g2')).toEqual([]);

        const since = await store.newestPerGroup(['g1', 'g2'], 10, { ...ACCT, since: T0 + 30 });
        expect(names(since.get('g1')!)).toEqual(['ev-g1-1', 'ev-g1-2', 'ev-g1-4', 'ev-g1-3']);
        expect(since.get('g2')).toEqual([]);

        const both = await store.newestPerGroup(['g1'], 10, { ...ACCT, sourceComponent: 'EciService', since: T0 + 20 });
        expect(names(both.get('g1')!)).toEqual(['ev-g1-1', 'ev-g1-3', 'ev-g1-5']);
      });

      it('lists newest first with every filter and a limit', async () => {
        await seed();
        expect(names(await store.list({}))).toEqual(['ev-g1-1', 'ev-g1-2', 'ev-g1-4', 'ev-g1-3', 'ev-g1-5', 'ev-g2-1', 'ev-g2-2']);
        expect(names(await store.list({ containerGroupId: 'g2' }))).toEqual(['ev-g2-1', 'ev-g2-2']);
        expect(names(await store.list({ containerGroupId: 'g3' }))).toEqual([]);
        expect(names(await store.list({ namespace: 'team' }))).toEqual(['ev-g2-2']);
        expect(names(await store.list({ namespace: 'default', containerGroupId: 'g2' }))).toEqual(['ev-g2-1']);
        expect(names(await store.list({ sourceComponent: 'Kubelet' }))).toEqual(['ev-g1-2', 'ev-g1-4']);
        expect(names(await store.list({ since: T0 + 40 }))).toEqual(['ev-g1-1', 'ev-g1-2', 'ev-g1-4']);
        expect(names(await store.list({ limit: 2 }))).toEqual(['ev-g1-1', 'ev-g1-2']);
        expect(names(await store.list({ containerGroupId: 'g1', sourceComponent: 'EciService', since: T0 + 15, limit: 2 }))).toEqual(['ev-g1-1', 'ev-g1-3']);
      });

      it('filters by account and by a list of source components', async () => {
        await seed();
        await store.record([w('other-acct', T0 + 100, { account: 'acct-9', containerGroupId: 'g1', name: 'ev-acct-9' })]);
        expect(names(await store.list({ account: 'acct-9' }))).toEqual(['ev-acct-9']);
        expect(names(await store.list({ account: 'acct-1', containerGroupId: 'g1', limit: 1 }))).toEqual(['ev-g1-1']);
        const perGroup = await store.newestPerGroup(['g1'], 1, { account: 'acct-9' });
        expect(names(perGroup.get('g1')!)).toEqual(['ev-acct-9']);
        expect(names(await store.list({ sourceComponent: ['Kubelet', 'Nobody'] }))).toEqual(['ev-g1-2', 'ev-g1-4']);
        expect(names(await store.list({ sourceComponent: [] }))).toEqual([]);
        const both = await store.newestPerGroup(['g1', 'g2'], 10, { sourceComponent: ['Kubelet', 'EciService'], account: 'acct-1' });
        expect(both.get('g1')).toHaveLength(5);
      });

      it('gets one event by namespace and name', async () => {
        await seed();
        const e = await store.get('acct-1', 'team', 'ev-g2-2');
        expect(e).toMatchObject({ name: 'ev-g2-2', namespace: 'team', containerGroupId: 'g2', count: 1, lastTimestamp: T0 + 5 });
        expect(e).toEqual((await store.list({ namespace: 'team' }))[0]);
        expect(await store.get('acct-1', 'default', 'ev-g2-2')).toBeUndefined();
        expect(await store.get('acct-1', 'team', 'ev-nope')).toBeUndefined();
        expect((await store.get('acct-1', 'default', 'ev-g1-1'))!.count).toBe(2);
      });

      // The index holds a name's last 16 characters: names that share them, or are shorter, or
      // end in characters outside the BMP, must still each get their own event.
      it('gets each event by its whole name, also among names ending alike', async () => {
        const tail = '.18f0a1b2c3d4e5f6';
        const named = ['pod-a', 'pod-b', 'x'].map((n, i) => w(`t${i}`, T0 + i, { name: n === 'x' ? n : `${n}${tail}` }));
        named.push(w('t3', T0 + 3, { name: `pod-\u{1F600}${'\u{1F600}'.repeat(16)}` }));
        await store.record(named);
        for (const n of named) expect((await store.get('acct-1', 'default', n.name))?.uid).toBe(n.uid);
        expect(await store.get('acct-1', 'default', `pod-c${tail}`)).toBeUndefined();
        expect(await store.get('acct-1', 'default', tail)).toBeUndefined();
      });
    });

    it('purges exactly the events last seen before the cutoff, across several small batches', async () => {
      // e0..e9 last seen at T0, T0+10, ..., T0+90; e0 is seen again at T0+1000.
      await store.record(Array.from({ length: 10 }, (_, i) => w(`e${i}`, T0 + i * 10)));
      await store.record([w('e0', T0 + 1000)]);
      const before = await store.latestVersion();

      // e1..e7 are before T0+80; e8 is at the cutoff and stays.
      expect(await store.purgeOlderThan(T0 + 80, 3)).toBe(7);
      expect(names(await store.list({}))).toEqual(['ev-e0', 'ev-e9', 'ev-e8']);
      expect((await store.get('acct-1', 'default', 'ev-e0'))!.count).toBe(2);
      expect(await store.purgeOlderThan(T0 + 80, 3)).toBe(0);
      expect(names(await store.changesAfter(0, 100, {}, { startOver: true })).sort()).toEqual(['ev-e0', 'ev-e8', 'ev-e9']);

      // A purged event reported again starts over.
      const [fresh] = await store.record([w('e3', T0 + 500, { name: 'ev-e3-again', uid: 'uid-e3-again', message: 'again' })]);
      expect(fresh).toMatchObject({ name: 'ev-e3-again', uid: 'uid-e3-again', count: 1, firstTimestamp: T0 + 500, lastTimestamp: T0 + 500, message: 'again' });
      expect(fresh!.resourceVersion).toBeGreaterThan(before);
      expect(await store.get('acct-1', 'default', 'ev-e3')).toBeUndefined();

      // A number of rows that is a multiple of the batch size.
      expect(await store.purgeOlderThan(T0 + 5000, 2)).toBe(4);
      expect(await store.list({})).toEqual([]);
    });

    it('writes a batch all or nothing: one write the database refuses stores nothing of it', async () => {
      const [a] = await store.record([w('a', T0)]);
      const version = await store.latestVersion();
      await expect(store.record([w('a', T0 + 1), w('new', T0 + 1), w('bad', T0 + 1, { reason: null as unknown as string })])).rejects.toThrow();
      expect(await store.list({})).toEqual([a]);
      expect(await store.changesAfter(version, 10)).toEqual([]);
      expect(await store.latestVersion()).toBe(version);
      expect(await store.get('acct-1', 'default', 'ev-new')).toBeUndefined();

      // The store is still usable, and the refused batch counted nothing.
      const [after] = await store.record([w('a', T0 + 2), w('new', T0 + 2)]);
      expect(after).toMatchObject({ name: 'ev-a', count: 2, lastTimestamp: T0 + 2 });
      expect(after!.resourceVersion).toBeGreaterThan(version);
      expect(names(await store.list({})).sort()).toEqual(['ev-a', 'ev-new']);
    });

    it('keeps its data when reopened, and migrates only once', async () => {
      const out = await store.record([w('a', T0), w('b', T0 + 1), w('a', T0 + 2)]);
      const rows = await store.list({});
      const version = await store.latestVersion();
      await closeStore(store);

      // Two at once on a migrated location: neither re-runs a migration (that would fail on existing tables).
      const [s1, s2] = await Promise.all([openStore(), openStore()]);
      expect(await s1!.list({})).toEqual(rows);
      expect(await s2!.latestVersion()).toBe(version);
      const [again] = await s2!.record([w('a', T0 + 3)]);
      expect(again).toMatchObject({ name: 'ev-a', count: 3, firstTimestamp: T0, lastTimestamp: T0 + 3 });
      expect(again!.resourceVersion).toBeGreaterThan(Math.max(...versions(out)));
      expect(await s1!.get('acct-1', 'default', 'ev-a')).toEqual(again);
      await closeStore(s1!);
      await closeStore(s2!);

      const s3 = await openStore();
      expect((await s3.list({})).map((e) => [e.name, e.count])).toEqual([
        ['ev-a', 3],
        ['ev-b', 1],
      ]);
      expect(await s3.latestVersion()).toBe(again!.resourceVersion);
    });
  });
}

// Not part of the contract, a regression test of the PostgreSQL backend: a pooled connection that
// the server ends (restart, admin command) used to be an unheard 'error' that crashed the process.
describe.skipIf(!postgresAvailable)('PostgreSQL store, connections the server ends', () => {
  it('goes on serving after the server terminates its idle connections', async () => {
    const backend = BACKENDS.find((b) => b.name === 'postgres')!;
    const location = await backend.location();
    const store = await backend.open(location.db);
    try {
      await store.record([w('a', T0)]);
      const admin = new pg.Client({ connectionString: ADMIN_URL });
      await admin.connect();
      const database = new URL(location.db).pathname.slice(1);
      const { rows } = await admin.query<{ ended: boolean }>('SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity WHERE datname = $1', [database]);
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.every((r) => r.ended)).toBe(true);
      // pg_terminate_backend only signals: until the backends have gone (slowly, on a loaded
      // machine), the pool's connections are not yet closed.
      const count = async () => (await admin.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [database])).rows[0]!.n;
      for (const deadline = Date.now() + 30_000; (await count()) > 0 && Date.now() < deadline;) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(await count()).toBe(0);
      await admin.end();
      await new Promise((resolve) => setTimeout(resolve, 200)); // their closed sockets reach the pool
      const [again] = await store.record([w('a', T0 + 1)]);
      expect(again!.count).toBe(2);
      expect((await store.list({})).map((e) => [e.name, e.count])).toEqual([['ev-a', 2]]);
    } finally {
      await store.close();
      await location.cleanup();
    }
  });
});
