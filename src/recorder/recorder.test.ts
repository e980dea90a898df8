import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BACKENDS } from '../../test/support/backends.js';
import { COMBINED_PREFIX } from '../catalog/index.js';
import { ManualClock } from '../model/clock.js';
import { LAST_RENDERABLE_MICROS } from '../model/time.js';
import type { EventStore } from '../store/index.js';
import { Recorder, ReportError, type ReportInput } from './index.js';

const POD = { name: 'cg-1', uid: 'eci-1' };

for (const backend of BACKENDS) {
  describe.skipIf(!backend.available)(`recorder on ${backend.name}`, () => {
    let store: EventStore;
    let cleanup: () => Promise<void>;
    let clock: ManualClock;
    let recorder: Recorder;

    beforeEach(async () => {
      const loc = await backend.location();
      cleanup = loc.cleanup;
      store = await backend.open(loc.db);
      clock = new ManualClock(Date.UTC(2026, 10, 28, 7, 51, 6, 123) * 1000 + 456);
      recorder = new Recorder(store, { clock });
    });
    afterEach(async () => {
      await store.close();
      await cleanup();
    });

    it('stores the Kubernetes-shaped event with defaults filled in', async () => {
      const e = await recorder.report(POD, 'NoStock', ['cn-hangzhou-k']);
      expect(e).toMatchObject({
        namespace: 'default',
        involvedObject: { apiVersion: 'v1', kind: 'Pod', name: 'cg-1', namespace: 'default', uid: 'eci-1' },
        containerGroupId: 'eci-1',
        reason: 'NoStock',
        type: 'Warning',
        message: 'Create ECI failed because the specified instance is out of stock. cn-hangzhou-k',
        count: 1,
        firstTimestamp: clock.now(),
        lastTimestamp: clock.now(),
        source: { component: 'EciService', host: '' },
        reportingComponent: 'EciService',
        reportingInstance: '',
      });
      // <object name>.<hex of unix nanoseconds>, at the report's time to the microsecond
      const [, hex] = /^cg-1\.([0-9a-f]+)$/.exec(e.name)!;
      expect(BigInt('0x' + hex!) / 1000n).toBe(BigInt(clock.now()));
      expect(e.uid).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('counts repeats on one event: count, lastTimestamp; name and firstTimestamp stay', async () => {
      const first = await recorder.report(POD, 'StockExhaust', ['k']);
      clock.advance(1_500_000);
      await recorder.report(POD, 'StockExhaust', ['k']);
      clock.advance(2_000_000);
      const third = await recorder.report(POD, 'StockExhaust', ['k']);
      expect(third).toMatchObject({
        name: first.name,
        uid: first.uid,
        count: 3,
        firstTimestamp: first.firstTimestamp,
        lastTimestamp: first.firstTimestamp + 3_500_000,
      });
      expect(third.resourceVersion).toBeGreaterThan(first.resourceVersion);
      expect(await store.list({ containerGroupId: 'eci-1' })).toHaveLength(1);
    });

    it('keeps events apart that differ in source, type, message or object', async () => {
      await recorder.report(POD, 'StockExhaust', ['k']);
      await recorder.report(POD, 'StockExhaust', ['j']);
      await recorder.report(POD, 'StockExhaust', ['k'], { source: { component: 'EciService', host: 'h1' } });
      await recorder.report({ ...POD, name: 'cg-2', uid: 'eci-2' }, 'StockExhaust', ['k']);
      await recorder.report(POD, 'OOMKilled', [], { type: 'Normal' });
      await recorder.report(POD, 'OOMKilled', []);
      expect((await store.list({})).map((e) => e.count)).toEqual([1, 1, 1, 1, 1, 1]);
    });

    it('aggregates the tenth distinct message into one combined event that later ones update', async () => {
      for (let i = 0; i < 12; i++) await recorder.report(POD, 'FailedScheduling', [`node ${i} full`]);
      const events = await store.list({ containerGroupId: 'eci-1' });
      const combined = events.filter((e) => e.message.startsWith(COMBINED_PREFIX));
      expect(events).toHaveLength(10);
      expect(combined).toHaveLength(1);
      expect(combined[0]).toMatchObject({ count: 3, message: `${COMBINED_PREFIX}Schedule eci failed:node 11 full` });
    });

    it('commits reports made together in one batch, each with its own result', async () => {
      const results = await Promise.all(Array.from({ length: 50 }, (_, i) => recorder.report(POD, 'AttachDiskFailed', [`d-${i % 5}`])));
      expect(new Set(results.map((r) => r.name)).size).toBe(5);
      const stored = await store.list({ containerGroupId: 'eci-1' });
      expect(stored.map((e) => e.count)).toEqual([10, 10, 10, 10, 10]);
    });

    it('tells commit listeners each committed batch, after its reports are acknowledged, until they stop', async () => {
      const heard: string[][] = [];
      const stop = recorder.onCommit((events) => heard.push(events.map((e) => e.reason)));
      recorder.onCommit(() => {
        throw new Error('a failing listener changes nothing');
      });
      const [a, b] = await Promise.all([recorder.report(POD, 'NoStock', ['k']), recorder.report(POD, 'StopCharge', [])]);
      expect(heard).toEqual([['NoStock', 'StopCharge']]);
      expect(await store.list({ containerGroupId: 'eci-1' })).toHaveLength(2);
      expect([a!.reason, b!.reason]).toEqual(['NoStock', 'StopCharge']);
      stop();
      await recorder.report(POD, 'StopCharge', []);
      expect(heard).toHaveLength(1);
    });

    const bad: Array<[string, ReportInput, string, RegExp]> = [
      ['an unknown reason', { object: POD, reason: 'NoSuchThing', args: [] }, 'reason', /unknown reason "NoSuchThing"/],
      ['too few arguments', { object: POD, reason: 'NoStock', args: [] }, 'args', /NoStock takes 1 argument/],
      ['too many arguments', { object: POD, reason: 'StopCharge', args: ['x'] }, 'args', /StopCharge takes 0 argument/],
      ['a non-string argument', { object: POD, reason: 'NoStock', args: [3] }, 'args', /must be a string/],
      ['an empty object name', { object: { name: '' }, reason: 'StopCharge', args: [] }, 'object.name', /must not be empty/],
      ['a missing object name', { object: {} as { name: string }, reason: 'StopCharge', args: [] }, 'object.name', /is required/],
      [
        'a type other than Normal/Warning',
        { object: POD, reason: 'OOMKilled', args: [], options: { type: 'Critical' as 'Normal' } },
        'type',
        /Normal or Warning/,
      ],
      ['a type the catalog contradicts', { object: POD, reason: 'NoStock', args: ['k'], options: { type: 'Normal' } }, 'type', /NoStock is a Warning event/],
      ['a message over 1024 characters', { object: POD, reason: 'OOMKilled', args: ['x'.repeat(1025)] }, 'message', /1025 characters long; the limit is 1024/],
      ['a reason over 128 characters', { object: POD, reason: 'R'.repeat(129), args: [] }, 'reason', /129 characters long; the limit is 128/],
      [
        'an empty source component',
        { object: POD, reason: 'StopCharge', args: [], options: { source: { component: '' } } },
        'source.component',
        /must not be empty/,
      ],
      [
        'a negative timestamp',
        { object: POD, reason: 'StopCharge', args: [], options: { timestamp: -1 } },
        'timestamp',
        /from 1970-01-01T00:00:00Z to 9999-12-31T23:59:59Z, got -1 /,
      ],
      // RFC 3339 cannot write it: stored, it would fail every later read of the account.
      [
        'a timestamp of 10000-01-01T00:00:00Z',
        { object: POD, reason: 'StopCharge', args: [], options: { timestamp: LAST_RENDERABLE_MICROS + 1_000_000 } },
        'timestamp',
        /to 9999-12-31T23:59:59Z, got 253402300800000000 /,
      ],
      [
        'a timestamp 100,000,000 days on',
        { object: POD, reason: 'StopCharge', args: [], options: { timestamp: 8.64e21 } },
        'timestamp',
        /to 9999-12-31T23:59:59Z/,
      ],
      ['a timestamp that is no number', { object: POD, reason: 'StopCharge', args: [], options: { timestamp: Number.NaN } }, 'timestamp', /got NaN/],
    ];
    for (const [name, input, field, message] of bad) {
      it(`refuses ${name} and stores nothing`, async () => {
        const err = await recorder.reportUnchecked(input).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(ReportError);
        expect((err as ReportError).field).toBe(field);
        expect((err as ReportError).message).toMatch(message);
        expect(await store.list({})).toEqual([]);
        expect(await store.latestVersion()).toBe(0);
      });
    }

    it('accepts a message of exactly 1024 characters', async () => {
      const e = await recorder.report(POD, 'OOMKilled', ['y'.repeat(1024)]);
      expect(e.message).toHaveLength(1024);
    });

    it('reportMany refuses bad items one by one and stores the good ones', async () => {
      const results = await recorder.reportMany([
        { object: POD, reason: 'NoStock', args: ['a'] },
        { object: POD, reason: 'NoStock', args: [] },
        { object: POD, reason: 'NoStock', args: ['a'] },
      ]);
      expect(results.map((r) => r.ok)).toEqual([true, false, true]);
      expect(results[2]).toMatchObject({ ok: true, event: { count: 2 } });
      expect((await store.list({})).map((e) => e.count)).toEqual([2]);
    });
  });
}
