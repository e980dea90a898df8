// The storage contract of newestPerGroupJson: the same events as newestPerGroup, each the JSON
// text of the caller's shape, on every backend.
import { describe, expect, it } from 'vitest';
import { BACKENDS, freshStorePerTest } from '../../test/support/backends.js';
import { eventWrite } from '../../test/support/event-write.js';
import type { EventView, Micros } from '../model/event.js';
import { toRfc3339Seconds } from '../model/time.js';
import { compileEventJson, type EventJsonShape } from './event-json.js';
import type { EventFilter, EventWrite } from './event-store.js';
import { sqliteJsonObject } from './sqlite/dialect.js';

const T0: Micros = Date.UTC(2026, 0, 1) * 1000;
const ACCT = { account: 'acct-1' };

/** Members of every kind: integers, text, times between text, nested objects, keys out of field order. */
const SHAPE: EventJsonShape = [
  ['Count', 'count'],
  ['Message', 'message'],
  ['First', { rfc3339Seconds: 'firstTimestamp' }],
  ['Reason', 'reason'],
  ['Last', { rfc3339Seconds: 'lastTimestamp' }],
  [
    'Object',
    [
      ['Kind', 'involvedObject.kind'],
      ['Name', 'involvedObject.name'],
      ['Deeper', [['Uid', 'involvedObject.uid']]],
    ],
  ],
  ['Host', 'source.host'],
];

/** SHAPE applied to an event in JavaScript: what each text must parse to. */
function rendered(e: EventView) {
  return {
    Count: e.count,
    Message: e.message,
    First: toRfc3339Seconds(e.firstTimestamp),
    Reason: e.reason,
    Last: toRfc3339Seconds(e.lastTimestamp),
    Object: { Kind: e.involvedObject.kind, Name: e.involvedObject.name, Deeper: { Uid: e.involvedObject.uid } },
    Host: e.source.host,
  };
}

/** Text JSON must escape, and text it may leave as it is. */
const AWKWARD = ['say "hi"', 'back\\slash', 'line\nbreak\ttab\r\b\f', 'bell \u0001, \u001f and \u007f', 'é 中文 😀', '</script> \u2028 \u2029', ''];

function w(key: string, at: Micros, over: Partial<EventWrite> = {}): EventWrite {
  return eventWrite(key, at, { containerGroupId: 'g1', ...over });
}

// Only SQLite has the method (event-store.ts says why PostgreSQL has not).
for (const backend of BACKENDS.filter((b) => b.name === 'sqlite')) {
  describe.skipIf(!backend.available)(`EventStore newestPerGroupJson: ${backend.name}`, () => {
    const fresh = freshStorePerTest(backend);

    async function same(groups: string[], perGroup: number, filter: EventFilter & { account: string }) {
      const views = await fresh.store.newestPerGroup(groups, perGroup, filter);
      const texts = await fresh.store.newestPerGroupJson!(groups, perGroup, filter, SHAPE);
      expect([...texts.keys()].sort()).toEqual([...views.keys()].sort());
      for (const [group, list] of views) {
        const json = texts.get(group)!;
        expect(json.count).toBe(list.length);
        expect(JSON.parse(json.json)).toEqual(list.map(rendered));
        // Compact, key for key as JSON.stringify writes the same objects.
        expect(json.json).toBe(JSON.stringify(list.map(rendered)));
        expect(json.object).toEqual(list[0] && { name: list[0].involvedObject.name, namespace: list[0].involvedObject.namespace });
      }
      return texts;
    }

    it('writes each event as the shape says, the text escaped as JSON, times in whole seconds', async () => {
      await fresh.store.record(
        AWKWARD.map((text, i) =>
          w(`k${i}`, T0 + i * 1_500_000 + 999_999, {
            message: text,
            reason: `R${i}`,
            count: i + 1,
            // Before 1970, between two seconds: the earlier one (floor, not truncation).
            firstTimestamp: -86_400_000_000 * 365 * 60 - 1 - i,
            involvedObject: { apiVersion: 'v1', kind: 'Pod', name: `pod ${text}`, namespace: 'default', uid: `uid ${text}` },
            source: { component: 'kubelet', host: text },
          }),
        ),
      );
      const texts = await same(['g1'], 50, ACCT);
      expect(texts.get('g1')!.count).toBe(AWKWARD.length);
      expect(JSON.parse(texts.get('g1')!.json)[0]).toMatchObject({ Last: '2026-01-01T00:00:09Z', First: expect.stringMatching(/^1910-.*:59Z$/) });
    });

    it('reads the same events as newestPerGroup: per group, limit, filters, repeats, groups without events', async () => {
      await fresh.store.record([
        w('a1', T0 + 10),
        w('a2', T0 + 20, { source: { component: 'kubelet', host: 'h' } }),
        w('a3', T0 + 30),
        w('b1', T0 + 15, { containerGroupId: 'g2', involvedObject: { apiVersion: 'v1', kind: 'Pod', name: 'other', namespace: 'team', uid: 'u2' } }),
        w('c1', T0 + 40, { account: 'acct-2' }),
      ]);
      // A repeat moves a1 to the front, with its count.
      await fresh.store.record([w('a1', T0 + 50)]);
      const all = await same(['g1', 'g2', 'g3', 'g1'], 50, ACCT);
      expect(all.get('g1')!.count).toBe(3);
      expect(JSON.parse(all.get('g1')!.json)[0]).toMatchObject({ Count: 2 });
      expect(all.get('g2')!.object).toEqual({ name: 'other', namespace: 'team' });
      expect(all.get('g3')).toEqual({ count: 0, json: '[]' });
      await same(['g1', 'g2'], 2, ACCT);
      await same(['g1', 'g2'], 50, { ...ACCT, sourceComponent: 'kubelet' });
      await same(['g1', 'g2'], 50, { ...ACCT, sourceComponent: ['EciService', 'kubelet'], since: T0 + 20 });
      await same(['g1'], 50, { account: 'acct-2' });
      expect(await fresh.store.newestPerGroupJson!([], 5, ACCT, SHAPE)).toEqual(new Map());
    });
  });
}

for (const [how, json] of [['built by SQLite', sqliteJsonObject]] as const) {
  describe(`event JSON shapes, ${how}`, () => {
    it('refuses a key that is not a plain name, a time inside an object, and a field no column holds', () => {
      expect(() => compileEventJson([['a"b', 'reason']], json)).toThrow('"a\\"b" is not a plain key');
      expect(() => compileEventJson([['Meta', [['At', { rfc3339Seconds: 'lastTimestamp' }]]]], json)).toThrow(
        'the time At must be a member of the outermost object',
      );
      expect(() => compileEventJson([['X', 'nothing' as never]], json)).toThrow('no column holds nothing');
    });
  });
}
