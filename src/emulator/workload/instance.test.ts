import { describe, expect, it } from 'vitest';
import { burstableOomScoreAdj, diskWriter, firstSumOver, instanceEnd, oomVictim, type InstanceProcess } from './instance.js';
import type { TimedChange } from './usage.js';

const S = 1_000_000;
const MI = 2 ** 20;
const GI = 2 ** 30;
const mem = (after: number, change: { set: number } | { add: number } | { rate: number }): TimedChange => ({
  after,
  change: { resource: 'memory', ...change },
});
const disk = (after: number, change: { set: number } | { add: number } | { rate: number }): TimedChange => ({
  after,
  change: { resource: 'disk', ...change },
});
const proc = (name: string, start: number, usage: TimedChange[], more: Partial<InstanceProcess> = {}): InstanceProcess => ({ name, start, usage, ...more });

describe("the instance's memory and disk, shared by its containers", () => {
  it.each<[string, InstanceProcess[], number, number, number | undefined]>([
    ['one process, as alone', [proc('a', 0, [mem(0, { set: 512 * MI }), mem(2 * S, { rate: 128 * MI })])], GI, 0, 6 * S + 1],
    ['two levels that fit', [proc('a', 0, [mem(0, { set: GI })]), proc('b', 0, [mem(0, { set: GI })])], 2 * GI, 0, undefined],
    ['a second start takes the sum over at once', [proc('a', 0, [mem(0, { set: 3 * GI })]), proc('b', 5 * S, [mem(0, { set: 2 * GI })])], 4 * GI, 0, 5 * S],
    ['growths add up', [proc('a', 0, [mem(0, { set: 3 * GI })]), proc('b', 0, [mem(0, { set: 256 * MI }), mem(0, { rate: 128 * MI })])], 4 * GI, 0, 6 * S + 1],
    [
      'an exit before the crossing frees what it held',
      [proc('a', 0, [mem(0, { set: 3 * GI })], { end: S / 2 }), proc('b', 0, [mem(0, { rate: GI })])],
      4 * GI,
      0,
      4 * S + 1,
    ],
    [
      'counted from `from`: an earlier start is already running',
      [proc('a', -10 * S, [mem(0, { set: 3 * GI })]), proc('b', 0, [mem(0, { rate: GI })])],
      4 * GI,
      0,
      S + 1,
    ],
    ['nothing runs', [], GI, 0, undefined],
  ])('%s', (_, procs, limit, from, want) => expect(firstSumOver(procs, 'memory', limit, from)).toBe(want));

  it("kubelet's oom_score_adj for Burstable containers: 1000 - 1000 × request / capacity, within 3 and 999", () => {
    expect([burstableOomScoreAdj(0, 4 * GI), burstableOomScoreAdj(GI, 4 * GI), burstableOomScoreAdj(4 * GI, 4 * GI), burstableOomScoreAdj(1, 4 * GI)]).toEqual([
      999, 750, 3, 999,
    ]);
  });

  it.each<[string, InstanceProcess[], string]>([
    ['the largest user when none names memory', [proc('small', 0, [mem(0, { set: GI })]), proc('big', 0, [mem(0, { set: 3 * GI })])], 'big'],
    [
      'one without Memory before a larger one with it',
      [proc('limited', 0, [mem(0, { set: 3 * GI })], { ownMemory: 3.5 * GI }), proc('free', 0, [mem(0, { set: GI })])],
      'free',
    ],
    [
      'among those with Memory, the one nearest its limit (the larger adj)',
      [proc('roomy', 0, [mem(0, { set: GI })], { ownMemory: 2 * GI }), proc('tight', 0, [mem(0, { set: 900 * MI })], { ownMemory: GI })],
      'tight',
    ],
    ['at equal scores the one started last', [proc('first', 0, [mem(0, { set: GI })]), proc('second', S, [mem(0, { set: GI })])], 'second'],
  ])('the victim: %s', (_, procs, want) => expect(oomVictim(procs, 4 * GI, 2 * S)).toBe(want));

  it('the writer that does not fit: a step at the instant, else the fastest', () => {
    const a = proc('a', 0, [disk(0, { set: 20 * GI }), disk(5 * S, { rate: GI })]);
    const b = proc('b', 0, [disk(5 * S, { rate: 2 * GI })]);
    expect(diskWriter([a, b], 8 * S)).toBe('b');
    const c = proc('c', 3 * S, [disk(0, { set: 15 * GI })]);
    expect(diskWriter([a, b, c], 3 * S)).toBe('c');
    expect(diskWriter([proc('idle', 0, [disk(0, { set: GI })])], S)).toBeUndefined();
  });

  it('the first shortage: memory before disk at a tie, with who it happens to', () => {
    const a = proc('a', 0, [mem(0, { set: 3 * GI }), disk(0, { set: 20 * GI })]);
    const b = proc('b', 0, [disk(5 * S, { rate: 2 * GI }), mem(10 * S, { rate: 256 * MI })]);
    // Disk: 20 + 2/s from 5 s is over 30 GiB 5 s later; memory: 3 + 0.25/s from 10 s is over 4 GiB at 14 s.
    expect(instanceEnd([a, b], { memory: 4 * GI, disk: 30 * GI }, 0)).toEqual({ kind: 'disk-full', at: 10 * S + 1, writer: 'b' });
    expect(instanceEnd([a, b], { memory: 4 * GI, disk: 100 * GI }, 0)).toEqual({ kind: 'system-oom', at: 14 * S + 1, victim: 'a' });
    const both = proc('both', 0, [mem(S, { set: 5 * GI }), disk(S, { set: 31 * GI })]);
    expect(instanceEnd([both], { memory: 4 * GI, disk: 30 * GI }, 0)).toEqual({ kind: 'system-oom', at: S, victim: 'both' });
    expect(instanceEnd([a], { memory: 4 * GI, disk: 30 * GI }, 0)).toBeUndefined();
  });
});
