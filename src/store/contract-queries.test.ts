// The storage contract of the console's reads (filters, cursor paging, per-group summaries, the
// histogram), run against every backend like contract.test.ts.
import { describe, expect, it } from 'vitest';
import { BACKENDS, freshStorePerTest } from '../../test/support/backends.js';
import type { Micros, StoredEvent } from '../model/event.js';
import type { EventStore, EventWrite, FieldCondition, ListQuery } from './event-store.js';
import { eventWrite } from '../../test/support/event-write.js';

const T0: Micros = Date.UTC(2026, 0, 1) * 1000;
const SECOND = 1_000_000;

let seq = 0;
/** A write of a distinct event (its own key) in group `group` of `account`, last seen at `at`. */
function w(at: Micros, over: Partial<EventWrite> & { group?: string } = {}): EventWrite {
  const key = `k${seq++}`;
  const { group = 'eci-1', ...rest } = over;
  return eventWrite(key, at, {
    involvedObject: { apiVersion: 'v1', kind: 'Pod', name: `pod-${group}`, namespace: 'default', uid: group },
    containerGroupId: group,
    reason: 'Started',
    message: `Started container ${key}`,
    type: 'Normal',
    source: { component: 'kubelet', host: 'eci' },
    reportingComponent: 'kubelet',
    reportingInstance: 'eci',
    ...rest,
  });
}

const names = (events: readonly StoredEvent[]) => events.map((e) => e.name);

for (const backend of BACKENDS) {
  describe.skipIf(!backend.available)(`EventStore console queries: ${backend.name}`, () => {
    const fresh = freshStorePerTest(backend);

    it('filters by type, reasons, text in reason or message (any case, wildcards literal) and a half-open time range', async () => {
      const [normal, warning, oom, pct, other, foreign] = await fresh.store.record([
        w(T0 + 1, { reason: 'Pulled', message: 'Successfully pulled image "nginx"' }),
        w(T0 + 2, { reason: 'NoStock', type: 'Warning', message: 'Create ECI failed because the specified instance is out of stock.' }),
        w(T0 + 3, { reason: 'OOMKilled', type: 'Warning', message: 'Out of memory: Killed process 42' }),
        w(T0 + 4, { reason: 'DiskFull', type: 'Warning', message: 'disk usage 100% on /_data' }),
        w(T0 + 5, { group: 'eci-2', reason: 'NoStock', type: 'Warning', message: 'out of stock' }),
        w(T0 + 6, { account: 'acct-2', reason: 'NoStock', type: 'Warning', message: 'out of stock' }),
      ]);
      const list = (q: ListQuery) => fresh.store.list({ account: 'acct-1', ...q }).then(names);

      expect(await list({ type: 'Warning' })).toEqual(names([other!, pct!, oom!, warning!]));
      expect(await list({ type: 'Normal' })).toEqual(names([normal!]));
      expect(await list({ reasons: ['NoStock', 'Pulled'] })).toEqual(names([other!, warning!, normal!]));
      expect(await list({ reasons: ['NoStock'], containerGroupId: 'eci-1' })).toEqual(names([warning!]));
      expect(await list({ reasons: [] })).toEqual([]);
      // Text: a substring of the reason or of the message, whatever its case.
      expect(await list({ text: 'OUT OF' })).toEqual(names([other!, oom!, warning!]));
      expect(await list({ text: 'oomkill' })).toEqual(names([oom!]));
      expect(await list({ text: '100%' })).toEqual(names([pct!]));
      expect(await list({ text: '%' })).toEqual(names([pct!]));
      expect(await list({ text: '_d' })).toEqual(names([pct!]));
      expect(await list({ text: 'Started' })).toEqual([]);
      // [since, until)
      expect(await list({ since: T0 + 2, until: T0 + 4 })).toEqual(names([oom!, warning!]));
      expect(await list({ type: 'Warning', text: 'stock', since: T0, until: T0 + 10, containerGroupId: 'eci-2' })).toEqual(names([other!]));
      // Another account's events never show.
      expect(await fresh.store.list({ account: 'acct-2', text: 'stock' }).then(names)).toEqual(names([foreign!]));
    });

    it('text search folds the case of ASCII letters only: the same rows on every backend, whatever the locale', async () => {
      const [cafe, upper, kelvin, strasse, slash] = await fresh.store.record([
        w(T0 + 1, { reason: 'Opened', message: 'Café opened' }),
        w(T0 + 2, { reason: 'Shouted', message: 'CAFÉ CLOSED' }),
        // U+212A KELVIN SIGN, whose lower case in Unicode (and in a UTF-8 locale) is the letter k.
        w(T0 + 3, { reason: 'Measured', message: 'at 300 \u212a' }),
        w(T0 + 4, { reason: 'Street', message: 'Straße blocked' }),
        w(T0 + 5, { reason: 'Escaped', message: 'path C:\\temp' }),
      ]);
      const list = (q: ListQuery) => fresh.store.list({ account: 'acct-1', ...q }).then(names);
      expect(await list({ text: 'CAFé' })).toEqual(names([cafe!]));
      expect(await list({ text: 'café closed' })).toEqual([]);
      expect(await list({ text: 'cafÉ' })).toEqual(names([upper!]));
      expect(await list({ text: 'at 300 k' })).toEqual([]);
      expect(await list({ text: 'at 300 \u212a' })).toEqual(names([kelvin!]));
      expect(await list({ text: 'STRASSE' })).toEqual([]);
      expect(await list({ text: 'STRAßE' })).toEqual(names([strasse!]));
      expect(await list({ text: 'c:\\TEMP' })).toEqual(names([slash!]));
      expect(await list({ text: 'ESCAPED' })).toEqual(names([slash!]));
      // The histogram counts what the list finds.
      const cells = await fresh.store.histogram({ account: 'acct-1', from: T0, to: T0 + 10, bucketMicros: 10, text: 'café' });
      expect(cells).toEqual([{ bucket: 0, type: 'Normal', occurrences: 1 }]);
    });

    it('filters by the involved object: its kind, its name, both (an image cache among the pods of its intermediate instance)', async () => {
      const cache = (name: string) => ({ apiVersion: 'eci.alibabacloud.com/v1', kind: 'ImageCache', name, namespace: 'default', uid: name });
      const [pod, imc1, imc1b, imc2, foreign] = await fresh.store.record([
        w(T0 + 1, { group: 'eci-b' }),
        w(T0 + 2, { group: 'eci-b', involvedObject: cache('imc-1'), reason: 'ImageCacheCreate', message: 'Start to create image cache' }),
        w(T0 + 3, { group: 'eci-b', involvedObject: cache('imc-1'), reason: 'ImageCacheFinished', message: 'Image cache finished' }),
        w(T0 + 4, { group: 'eci-c', involvedObject: cache('imc-2'), reason: 'ImageCacheCreate', message: 'Start to create image cache' }),
        w(T0 + 5, { account: 'acct-2', involvedObject: cache('imc-1'), reason: 'ImageCacheCreate', message: 'Start to create image cache' }),
      ]);
      const list = (q: ListQuery) => fresh.store.list({ account: 'acct-1', ...q }).then(names);
      expect(await list({ objectKind: 'ImageCache' })).toEqual(names([imc2!, imc1b!, imc1!]));
      expect(await list({ objectKind: 'ImageCache', objectName: 'imc-1' })).toEqual(names([imc1b!, imc1!]));
      expect(await list({ objectKind: 'Pod', containerGroupId: 'eci-b' })).toEqual(names([pod!]));
      expect(await list({ objectName: 'imc-2', reasons: ['ImageCacheFinished'] })).toEqual([]);
      expect(await list({ objectKind: 'imagecache' })).toEqual([]);
      expect(await fresh.store.list({ account: 'acct-2', objectName: 'imc-1' }).then(names)).toEqual(names([foreign!]));
      expect(
        await fresh.store.histogram({ account: 'acct-1', objectKind: 'ImageCache', objectName: 'imc-1', from: T0, to: T0 + 10, bucketMicros: 10 }),
      ).toEqual([{ bucket: 0, type: 'Normal', occurrences: 2 }]);
    });

    it('pages newest first by a cursor, ties in time broken by version, without gaps or repeats', async () => {
      // 3 events per timestamp, so that pages end inside ties.
      const writes = Array.from({ length: 30 }, (_, i) => w(T0 + Math.floor(i / 3) * SECOND, i % 4 === 0 ? { group: 'eci-2' } : {}));
      for (let i = 0; i < writes.length; i += 7) await fresh.store.record(writes.slice(i, i + 7));
      const all = await fresh.store.list({ account: 'acct-1', containerGroupId: 'eci-1', limit: 1000 });
      expect(all.length).toBeGreaterThan(20);
      for (let i = 1; i < all.length; i++) {
        const [a, b] = [all[i - 1]!, all[i]!];
        expect(a.lastTimestamp > b.lastTimestamp || (a.lastTimestamp === b.lastTimestamp && a.resourceVersion > b.resourceVersion)).toBe(true);
      }
      for (const size of [1, 2, 4, 5]) {
        const seen: StoredEvent[] = [];
        let before: ListQuery['before'];
        for (;;) {
          const page = await fresh.store.list({ account: 'acct-1', containerGroupId: 'eci-1', limit: size, before });
          seen.push(...page);
          if (page.length < size) break;
          const last = page.at(-1)!;
          before = { lastTimestamp: last.lastTimestamp, version: last.resourceVersion };
        }
        expect(names(seen), `pages of ${size}`).toEqual(names(all));
      }
      // The cursor combines with filters and spans groups.
      const warningsFree = await fresh.store.list({ account: 'acct-1', type: 'Normal', limit: 4 });
      const last = warningsFree.at(-1)!;
      const next = await fresh.store.list({
        account: 'acct-1',
        type: 'Normal',
        limit: 100,
        before: { lastTimestamp: last.lastTimestamp, version: last.resourceVersion },
      });
      expect(names([...warningsFree, ...next])).toEqual(names(await fresh.store.list({ account: 'acct-1', limit: 100 })));
    });

    it('sums up each container group of an account: events, warnings, newest time and the newest object', async () => {
      await fresh.store.record([
        w(T0 + 1, { group: 'eci-a', involvedObject: { apiVersion: 'v1', kind: 'Pod', name: 'old-name', namespace: 'ns-old', uid: 'eci-a' } }),
        w(T0 + 9, {
          group: 'eci-a',
          type: 'Warning',
          reason: 'NoStock',
          involvedObject: { apiVersion: 'v1', kind: 'Pod', name: 'web-1', namespace: 'team', uid: 'eci-a' },
        }),
        w(T0 + 5, { group: 'eci-a', type: 'Warning', reason: 'NoStock', count: 40 }),
        w(T0 + 3, { group: 'eci-b' }),
        w(T0 + 4, { group: '' }),
        w(T0 + 7, { group: 'eci-c', account: 'acct-2' }),
      ]);
      // A repeat adds occurrences to an event, not events.
      const repeat = w(T0 + 2, { group: 'eci-b', key: 'repeat' });
      await fresh.store.record([repeat, { ...repeat, firstTimestamp: T0 + 8, lastTimestamp: T0 + 8 }]);

      const byId = (list: Awaited<ReturnType<EventStore['groupSummaries']>>) => Object.fromEntries(list.map((s) => [s.containerGroupId, s]));
      expect(byId(await fresh.store.groupSummaries('acct-1'))).toEqual({
        'eci-a': { containerGroupId: 'eci-a', name: 'web-1', namespace: 'team', events: 3, warnings: 2, lastTimestamp: T0 + 9 },
        'eci-b': { containerGroupId: 'eci-b', name: 'pod-eci-b', namespace: 'default', events: 2, warnings: 0, lastTimestamp: T0 + 8 },
      });
      expect(await fresh.store.groupSummaries('acct-1', ['eci-b', 'eci-c', 'eci-none'])).toEqual([
        { containerGroupId: 'eci-b', name: 'pod-eci-b', namespace: 'default', events: 2, warnings: 0, lastTimestamp: T0 + 8 },
      ]);
      expect(await fresh.store.groupSummaries('acct-2')).toEqual([
        { containerGroupId: 'eci-c', name: 'pod-eci-c', namespace: 'default', events: 1, warnings: 0, lastTimestamp: T0 + 7 },
      ]);
      expect(await fresh.store.groupSummaries('acct-3')).toEqual([]);
    });

    it('reads the change feed of one account, namespace and field conditions, in version order', async () => {
      const first = w(T0 + 1, { group: 'eci-a' });
      const [a, b, c, d, , f] = await fresh.store.record([
        first,
        w(T0 + 2, { group: 'eci-b', reason: 'NoStock', type: 'Warning', source: { component: 'EciService', host: '' }, reportingComponent: 'EciService' }),
        w(T0 + 3, {
          group: 'eci-a',
          namespace: 'prod',
          involvedObject: { apiVersion: 'v1', kind: 'Pod', name: 'pod-eci-a', namespace: 'prod', uid: 'eci-a', fieldPath: 'spec.containers{app}' },
        }),
        w(T0 + 4, { group: 'eci-c', involvedObject: { apiVersion: 'v1', kind: 'Node', name: 'vk-1', namespace: '', uid: 'n1' } }),
        w(T0 + 5, { account: 'acct-2', group: 'eci-a' }),
        w(T0 + 6, { group: 'eci-a', reason: 'Pulled' }),
      ]);
      const feed = (scope: Parameters<EventStore['changesAfter']>[2]) => fresh.store.changesAfter(0, 100, { account: 'acct-1', ...scope }).then(names);
      const eq = (field: FieldCondition['field'], value: string): FieldCondition => ({ field, equals: true, value });
      const ne = (field: FieldCondition['field'], value: string): FieldCondition => ({ field, equals: false, value });

      expect(await feed({})).toEqual(names([a!, b!, c!, d!, f!]));
      expect(await feed({ namespace: 'prod' })).toEqual(names([c!]));
      expect(await feed({ fields: [eq('involvedObject.name', 'pod-eci-a')] })).toEqual(names([a!, c!, f!]));
      expect(await feed({ fields: [eq('involvedObject.name', 'pod-eci-a'), ne('reason', 'Pulled')] })).toEqual(names([a!, c!]));
      expect(await feed({ fields: [eq('type', 'Warning')] })).toEqual(names([b!]));
      expect(await feed({ fields: [eq('source', 'EciService'), eq('reportingComponent', 'EciService')] })).toEqual(names([b!]));
      expect(await feed({ fields: [eq('involvedObject.kind', 'Node'), eq('involvedObject.uid', 'n1'), eq('involvedObject.apiVersion', 'v1')] })).toEqual(
        names([d!]),
      );
      expect(await feed({ fields: [eq('involvedObject.fieldPath', 'spec.containers{app}'), eq('involvedObject.namespace', 'prod')] })).toEqual(names([c!]));
      expect(await feed({ fields: [eq('metadata.name', c!.name), eq('metadata.namespace', 'prod')] })).toEqual(names([c!]));
      // Never stored, so always empty: equal to '' everywhere, to anything else nowhere.
      expect(await feed({ fields: [eq('involvedObject.resourceVersion', '')] })).toHaveLength(5);
      expect(await feed({ fields: [eq('involvedObject.resourceVersion', '7')] })).toEqual([]);
      // After a version, and a count that changes moves the event to the end.
      await fresh.store.record([{ ...first, firstTimestamp: T0 + 9, lastTimestamp: T0 + 9 }]);
      expect(
        await fresh.store.changesAfter(c!.resourceVersion, 100, { account: 'acct-1', fields: [eq('involvedObject.name', 'pod-eci-a')] }).then(names),
      ).toEqual(names([f!, a!]));
    });

    it('counts occurrences into buckets of last timestamp by type, in [from, to), with the filters', async () => {
      await fresh.store.record([
        w(T0 - 1, { count: 1000 }), // before from
        w(T0, { count: 2 }),
        w(T0 + 9 * SECOND, { type: 'Warning', reason: 'NoStock', count: 5 }),
        w(T0 + 10 * SECOND, { type: 'Warning', reason: 'NoStock' }),
        w(T0 + 25 * SECOND, { type: 'Warning', reason: 'OOMKilled', message: 'Out of memory' }),
        w(T0 + 25 * SECOND, { group: 'eci-2', count: 3 }),
        w(T0 + 30 * SECOND, { count: 1000 }), // at to: outside
        w(T0 + 5 * SECOND, { account: 'acct-2', count: 1000 }),
      ]);
      const q = { account: 'acct-1', from: T0, to: T0 + 30 * SECOND, bucketMicros: 10 * SECOND };
      expect(await fresh.store.histogram(q)).toEqual([
        { bucket: 0, type: 'Normal', occurrences: 2 },
        { bucket: 0, type: 'Warning', occurrences: 5 },
        { bucket: 1, type: 'Warning', occurrences: 1 },
        { bucket: 2, type: 'Normal', occurrences: 3 },
        { bucket: 2, type: 'Warning', occurrences: 1 },
      ]);
      expect(await fresh.store.histogram({ ...q, containerGroupId: 'eci-1', type: 'Warning', reasons: ['NoStock'] })).toEqual([
        { bucket: 0, type: 'Warning', occurrences: 5 },
        { bucket: 1, type: 'Warning', occurrences: 1 },
      ]);
      expect(await fresh.store.histogram({ ...q, text: 'MEMORY' })).toEqual([{ bucket: 2, type: 'Warning', occurrences: 1 }]);
      expect(await fresh.store.histogram({ ...q, account: 'acct-3' })).toEqual([]);
    });

    it("spreads an event's occurrences over its span from first to last timestamp, exactly", async () => {
      await fresh.store.record([
        // A crash loop's BackOff: 7 occurrences from 0 s to 60 s, one every 10 s.
        w(T0 + 60 * SECOND, { type: 'Warning', reason: 'BackOff', count: 7, firstTimestamp: T0 }),
        // Begun before the range: only its occurrences from `from` on are counted.
        w(T0 + 15 * SECOND, { count: 4, firstTimestamp: T0 - 15 * SECOND, message: 'older' }),
        // Still going after the range: its occurrences before `to`.
        w(T0 + 130 * SECOND, { count: 14, firstTimestamp: T0 + 0 * SECOND, message: 'longer', group: 'eci-2' }),
        // Within one bucket: counted there whole.
        w(T0 + 38 * SECOND, { count: 3, firstTimestamp: T0 + 31 * SECOND, message: 'short' }),
      ]);
      const q = { account: 'acct-1', from: T0, to: T0 + 80 * SECOND, bucketMicros: 20 * SECOND };
      expect(await fresh.store.histogram({ ...q, type: 'Warning' })).toEqual([
        { bucket: 0, type: 'Warning', occurrences: 2 },
        { bucket: 1, type: 'Warning', occurrences: 2 },
        { bucket: 2, type: 'Warning', occurrences: 2 },
        { bucket: 3, type: 'Warning', occurrences: 1 },
      ]);
      // 'older': occurrences at -15, -5, 5, 15 s; 'longer': every 10 s from 0 to 130 s; 'short': 3 in [20, 40).
      expect(await fresh.store.histogram({ ...q, type: 'Normal' })).toEqual([
        { bucket: 0, type: 'Normal', occurrences: 2 + 2 },
        { bucket: 1, type: 'Normal', occurrences: 2 + 3 },
        { bucket: 2, type: 'Normal', occurrences: 2 },
        { bucket: 3, type: 'Normal', occurrences: 2 },
      ]);
      expect(await fresh.store.earliestOccurrence({ account: 'acct-1' })).toBe(T0 - 15 * SECOND);
      expect(await fresh.store.earliestOccurrence({ account: 'acct-1', containerGroupId: 'eci-2' })).toBe(T0);
      expect(await fresh.store.earliestOccurrence({ account: 'acct-3' })).toBeUndefined();
    });

    it('names the namespaces an account has events in, once each, in name order', async () => {
      await fresh.store.record([
        w(T0 + 1, { namespace: 'prod' }),
        w(T0 + 2, { namespace: 'default' }),
        w(T0 + 3, { namespace: 'prod' }),
        w(T0 + 4, { namespace: 'Zed' }),
        w(T0 + 5, { account: 'acct-2', namespace: 'other' }),
      ]);
      expect(await fresh.store.namespaces('acct-1')).toEqual(['Zed', 'default', 'prod']);
      expect(await fresh.store.namespaces('acct-2')).toEqual(['other']);
      expect(await fresh.store.namespaces('acct-3')).toEqual([]);
    });
  });
}
