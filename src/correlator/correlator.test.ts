import { describe, expect, it } from 'vitest';
import { ManualClock } from '../model/clock.js';
import { COMBINED_PREFIX } from '../catalog/index.js';
import { Correlator, DEFAULT_AGGREGATE_INTERVAL_MICROS, DEFAULT_AGGREGATE_MAX_EVENTS, aggregateKey, dedupKey, joinKey, type Occurrence } from './index.js';

function occ(message: string, over: Partial<Occurrence> = {}): Occurrence {
  return {
    account: 'default',
    involvedObject: { apiVersion: 'v1', kind: 'Pod', name: 'cg-1', namespace: 'default', uid: 'eci-1' },
    containerGroupId: 'eci-1',
    reason: 'FailedScheduling',
    message,
    type: 'Warning',
    source: { component: 'EciService', host: '' },
    reportingComponent: 'EciService',
    reportingInstance: '',
    timestamp: 0,
    ...over,
  };
}

const SECOND = 1_000_000;

interface Step {
  /** Microseconds to advance the clock before this occurrence. */
  after?: number;
  o: Occurrence;
  /** Expected: combined, and the index of an earlier step whose key this one must share (or not). */
  combined: boolean;
  sameKeyAs?: number;
  newKey?: boolean;
}

const scenarios: Array<{ name: string; steps: Step[] }> = [
  {
    name: 'repeats of one message keep one key and are never combined',
    steps: Array.from({ length: 30 }, (_, i) => ({ o: occ('Schedule eci failed:x'), combined: false, ...(i ? { sameKeyAs: 0 } : {}) })),
  },
  {
    name: 'nine distinct messages pass on their own; the tenth is combined',
    steps: [
      ...Array.from({ length: 9 }, (_, i) => ({ o: occ(`Schedule eci failed:${i}`), combined: false, newKey: true })),
      { o: occ('Schedule eci failed:9'), combined: true, newKey: true },
    ],
  },
  {
    name: 'every later unseen message joins the combined event',
    steps: [
      ...Array.from({ length: 10 }, (_, i) => ({ o: occ(`Schedule eci failed:${i}`), combined: i === 9 })),
      { o: occ('Schedule eci failed:10'), combined: true, sameKeyAs: 9 },
      { o: occ('Schedule eci failed:11'), combined: true, sameKeyAs: 9 },
    ],
  },
  {
    name: 'a message still remembered keeps counting on its own event after aggregation began',
    steps: [
      ...Array.from({ length: 10 }, (_, i) => ({ o: occ(`Schedule eci failed:${i}`), combined: i === 9 })),
      // message 0 was dropped to make room (oldest first); message 5 is still in the set
      { o: occ('Schedule eci failed:5'), combined: false, sameKeyAs: 5 },
    ],
  },
  {
    name: 'the record resets when the last similar event is older than the interval',
    steps: [
      ...Array.from({ length: 9 }, (_, i) => ({ o: occ(`Schedule eci failed:${i}`), combined: false })),
      { after: DEFAULT_AGGREGATE_INTERVAL_MICROS + 1, o: occ('Schedule eci failed:9'), combined: false, newKey: true },
    ],
  },
  {
    name: 'the interval slides with each similar event rather than starting a fixed window',
    steps: [
      ...Array.from({ length: 9 }, (_, i) => ({
        after: i ? DEFAULT_AGGREGATE_INTERVAL_MICROS - SECOND : 0,
        o: occ(`Schedule eci failed:${i}`),
        combined: false,
      })),
      { after: DEFAULT_AGGREGATE_INTERVAL_MICROS - SECOND, o: occ('Schedule eci failed:9'), combined: true },
    ],
  },
  {
    name: 'other objects and other reasons are aggregated apart',
    steps: [
      ...Array.from({ length: 9 }, (_, i) => ({ o: occ(`Schedule eci failed:${i}`), combined: false })),
      {
        o: occ('Schedule eci failed:x', { involvedObject: { apiVersion: 'v1', kind: 'Pod', name: 'cg-2', namespace: 'default', uid: 'eci-2' } }),
        combined: false,
      },
      { o: occ('x', { reason: 'CreateBackoff' }), combined: false },
      { o: occ('Schedule eci failed:9'), combined: true },
    ],
  },
];

describe('correlator scenarios', () => {
  for (const scenario of scenarios) {
    it(scenario.name, () => {
      const clock = new ManualClock();
      const correlator = new Correlator(clock);
      const keys: string[] = [];
      scenario.steps.forEach((step, i) => {
        if (step.after) clock.advance(step.after);
        const out = correlator.correlate(step.o);
        expect(out.combined, `step ${i} combined`).toBe(step.combined);
        if (step.combined) {
          expect(out.occurrence.message).toBe(COMBINED_PREFIX + step.o.message);
          expect(out.key).toBe(aggregateKey(step.o));
        } else {
          expect(out.occurrence).toEqual(step.o);
          expect(out.key).toBe(dedupKey(step.o));
        }
        if (step.sameKeyAs !== undefined) expect(out.key, `step ${i} key`).toBe(keys[step.sameKeyAs]);
        if (step.newKey) expect(keys, `step ${i} key is new`).not.toContain(out.key);
        keys.push(out.key);
      });
    });
  }

  it('uses the client-go defaults', () => {
    expect(DEFAULT_AGGREGATE_MAX_EVENTS).toBe(10);
    expect(DEFAULT_AGGREGATE_INTERVAL_MICROS).toBe(600 * SECOND);
  });

  it('honours a smaller maxEvents', () => {
    const correlator = new Correlator(new ManualClock(), { maxEvents: 2 });
    expect(correlator.correlate(occ('a')).combined).toBe(false);
    expect(correlator.correlate(occ('b')).combined).toBe(true);
  });
});

describe('keys', () => {
  it('joins with a delimiter, so shifted field boundaries cannot collide (client-go joins with "")', () => {
    expect(joinKey(['ab', 'c'])).not.toBe(joinKey(['a', 'bc']));
    expect(joinKey(['a\u001fb', 'c'])).not.toBe(joinKey(['a', 'b\u001fc']));
    expect(joinKey(['a\\', '\u001fb'])).not.toBe(joinKey(['a\\\u001f', 'b']));
    const a = occ('m', { involvedObject: { apiVersion: 'v1', kind: 'Pod', name: 'ab', namespace: 'c', uid: '' } });
    const b = occ('m', { involvedObject: { apiVersion: 'v1', kind: 'Pod', name: 'a', namespace: 'bc', uid: '' } });
    expect(dedupKey(a)).not.toBe(dedupKey(b));
  });

  it('separates what the dedup key separates: source, host, object, type, reason, message', () => {
    const base = occ('m');
    const variants: Occurrence[] = [
      occ('m', { source: { component: 'K8sAgent', host: '' } }),
      occ('m', { source: { component: 'EciService', host: 'h1' } }),
      occ('m', { type: 'Normal' }),
      occ('m', { reason: 'Other' }),
      occ('n'),
      occ('m', { involvedObject: { ...base.involvedObject, uid: 'eci-9' } }),
      occ('m', { involvedObject: { ...base.involvedObject, fieldPath: 'spec.containers{a}' } }),
      occ('m', { account: 'other' }),
    ];
    const keys = new Set([dedupKey(base), ...variants.map(dedupKey)]);
    expect(keys.size).toBe(variants.length + 1);
    expect(dedupKey(occ('m', { timestamp: 99 }))).toBe(dedupKey(base));
  });

  it('leaves the message out of the aggregate key', () => {
    expect(aggregateKey(occ('a'))).toBe(aggregateKey(occ('b')));
    expect(aggregateKey(occ('a'))).not.toBe(aggregateKey(occ('a', { reason: 'X' })));
  });
});
