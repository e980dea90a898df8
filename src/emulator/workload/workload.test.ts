import { describe, expect, it } from 'vitest';
import { runScript, scriptProblem } from '../container-fate.js';
import { cgroupOomAt, instanceSize, ownMemory } from './limits.js';
import { formatSize, parseCores, parseDuration, parseRate, parseSize } from './quantity.js';
import { firstOver, levelAt, segments } from './usage.js';
import { workloadStep } from './verbs.js';

const S = 1_000_000;
const MI = 2 ** 20;
const GI = 2 ** 30;

describe('quantities', () => {
  it.each([
    ['512Mi', 512 * MI],
    ['2Gi', 2 * GI],
    ['1.5Gi', 1.5 * GI],
    ['100M', 100e6],
    ['4096', 4096],
    ['1k', 1000],
  ])('size %s', (text, bytes) => expect(parseSize(text)).toBe(bytes));
  it.each(['', 'lots', '1GB', '-1Mi', '1 Gi', 'Mi'])('not a size: %j', (text) => expect(parseSize(text)).toBeUndefined());
  it('rates, cores and durations', () => {
    expect(parseRate('64Mi/s')).toBe(64 * MI);
    expect(parseRate('60Mi/m')).toBe(MI);
    expect(parseRate('1Gi/week')).toBeUndefined();
    expect([parseCores('0.5'), parseCores('500m'), parseCores('2'), parseCores('half')]).toEqual([0.5, 0.5, 2, undefined]);
    expect([parseDuration('1s'), parseDuration('500ms'), parseDuration('2m'), parseDuration('1.5'), parseDuration('0s'), parseDuration('soon')]).toEqual([
      S,
      S / 2,
      120 * S,
      1.5 * S,
      undefined,
      undefined,
    ]);
    expect([formatSize(512 * MI), formatSize(1.5 * GI), formatSize(300)]).toEqual(['512Mi', '1.5Gi', '300']);
  });
});

describe('the verbs', () => {
  it.each([
    ['mem', ['512Mi'], { kind: 'usage', change: { resource: 'memory', set: 512 * MI } }],
    ['mem', ['+64Mi'], { kind: 'usage', change: { resource: 'memory', add: 64 * MI } }],
    ['mem', ['+64Mi/s'], { kind: 'usage', change: { resource: 'memory', rate: 64 * MI } }],
    ['disk', ['2Gi'], { kind: 'usage', change: { resource: 'disk', set: 2 * GI } }],
    ['cpu', ['250m'], { kind: 'usage', change: { resource: 'cpu', set: 0.25 } }],
    ['log', ['hello', 'world'], { kind: 'log', text: 'hello world' }],
    ['log', ['tick', 'every', '1s'], { kind: 'log', text: 'tick', every: S }],
  ])('%s %j', (verb, args, step) => expect(workloadStep(verb, args)).toEqual(step));
  it.each([
    ['mem', [], /mem takes one size or rate/],
    ['mem', ['1Gi', '2Gi'], /mem takes one size or rate/],
    ['disk', ['+lots/s'], /"\+lots\/s" is not a size/],
    ['cpu', [], /cpu takes one number of cores/],
    ['log', [], /log needs the text/],
    ['log', ['every', '1s'], /every takes one duration after the text/],
    ['log', ['x', 'every', 'often'], /"often" is not a duration/],
  ])('refuses %s %j', (verb, args, why) => expect(workloadStep(verb, args)).toMatch(why));
  it('leaves other commands alone', () => expect(workloadStep('echo', ['mem'])).toBeUndefined());
});

describe('scripts with workload verbs', () => {
  it('times the changes after the sleeps before them, and repeats log lines', () => {
    const run = runScript(['sh', '-c'], ['log "up" every 2s; mem 100Mi; sleep 3; mem +10Mi/s; cpu 1; sleep infinity']);
    expect(run.fate).toEqual({ kind: 'runs' });
    expect(run.writes).toEqual([{ after: 0, text: 'up\n' }]);
    expect(run.repeats).toEqual([{ after: 2 * S, every: 2 * S, text: 'up\n' }]);
    expect(run.usage).toEqual([
      { after: 0, change: { resource: 'memory', set: 100 * MI } },
      { after: 3 * S, change: { resource: 'memory', rate: 10 * MI } },
      { after: 3 * S, change: { resource: 'cpu', set: 1 } },
    ]);
  });
  it('names the first bad statement, as create reports it', () => {
    expect(scriptProblem(['sh', '-c'], ['echo ok; mem lots; cpu x'])).toMatch(/^statement 2 "mem lots": "lots" is not a size/);
    expect(scriptProblem(['sh', '-c'], ['mem 1Gi && log done'])).toBeUndefined();
    expect(scriptProblem([], [])).toBeUndefined();
  });
});

describe('usage over time and the limits', () => {
  const segs = segments(
    [
      { after: 0, change: { resource: 'memory', set: 512 * MI } },
      { after: 2 * S, change: { resource: 'memory', rate: 128 * MI } },
      { after: 2 * S, change: { resource: 'disk', set: GI } },
    ],
    'memory',
  );
  it('levels: set, then growth', () => {
    expect([levelAt(segs, 0), levelAt(segs, 2 * S), levelAt(segs, 3 * S)]).toEqual([512 * MI, 512 * MI, 640 * MI]);
  });
  it('goes over a limit the microsecond after it reaches it, or never before the end', () => {
    expect(firstOver(segs, GI)).toBe(6 * S + 1);
    expect(firstOver(segs, GI, 5 * S)).toBeUndefined();
    expect(firstOver(segs, 100 * MI)).toBe(0);
    expect(firstOver([], GI)).toBeUndefined();
  });
  it("a container's own Memory is its cgroup's limit; the instance has its memory and 30 GiB of disk free plus EphemeralStorage", () => {
    expect([ownMemory({ memory: 1 }), ownMemory({ memory: 4, sharesInstanceMemory: true })]).toEqual([GI, undefined]);
    expect([instanceSize(4), instanceSize(4, 20)]).toEqual([
      { memory: 4 * GI, disk: 30 * GI },
      { memory: 4 * GI, disk: 50 * GI },
    ]);
    const usage = [{ after: S, change: { resource: 'memory', set: 2 * GI } }] as const;
    expect(cgroupOomAt(usage, GI)).toBe(S);
    expect(cgroupOomAt(usage, GI, S)).toBeUndefined();
    expect(cgroupOomAt(usage, undefined)).toBeUndefined();
  });
});
