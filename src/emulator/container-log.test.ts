import { describe, expect, it } from 'vitest';
import { ContainerLog, LogRun, MAX_LOG_BYTES, MAX_LOG_LINES } from './container-log.js';
import { logTimestamp, selectLog } from './log-select.js';

describe('a run of a container log', () => {
  it('keeps whole lines with the time they were written, an open line only when finished or ended', () => {
    const run = new LogRun(0);
    run.write(10, 'a\nb');
    expect(run.read()).toEqual([{ time: 10, text: 'a\n' }]);
    run.write(20, 'c\nd');
    expect(run.read()).toEqual([
      { time: 10, text: 'a\n' },
      { time: 10, text: 'bc\n' },
    ]);
    run.end();
    expect(run.read().at(-1)).toEqual({ time: 20, text: 'd' });
    run.write(30, 'late\n');
    expect(run.read()).toHaveLength(3);
  });

  it('drops its oldest lines past the line bound', () => {
    const run = new LogRun(0);
    for (let i = 0; i < MAX_LOG_LINES + 5; i++) run.write(i, `${i}\n`);
    expect(run.read()).toHaveLength(MAX_LOG_LINES);
    expect(run.read()[0]!.text).toBe('5\n');
  });

  it('drops its oldest lines past the byte bound, and keeps the end of one line longer than it', () => {
    const run = new LogRun(0);
    const line = 'x'.repeat(1023) + '\n';
    for (let i = 0; i < 1025; i++) run.write(i, line);
    expect(run.read()).toHaveLength(1024);
    run.write(2000, 'y'.repeat(MAX_LOG_BYTES) + 'z\n');
    expect(run.read()).toHaveLength(1);
    expect(run.read()[0]!.text.endsWith('z\n')).toBe(true);
    expect(Buffer.byteLength(run.read()[0]!.text)).toBe(MAX_LOG_BYTES);
  });

  it('tells followers each line and then that the run ended', () => {
    const run = new LogRun(0);
    const seen: string[] = [];
    run.follow((l) => seen.push(l.time < 0 ? '<end>' : l.text));
    run.write(1, 'one\n');
    run.end();
    expect(seen).toEqual(['one\n', '<end>']);
  });

  it('a new run makes the last one the previous, ended', () => {
    const log = new ContainerLog();
    const first = log.begin(0);
    first.write(1, 'open');
    const second = log.begin(5);
    expect(log.previous).toBe(first);
    expect(log.current).toBe(second);
    expect(first.read()).toEqual([{ time: 1, text: 'open' }]);
  });
});

describe('selecting from a log', () => {
  const lines = [0, 1, 2, 3].map((i) => ({ time: i * 1_000_000 + 5, text: `l${i}\n` }));
  it('since, then the tail, then timestamps, then a byte limit', () => {
    expect(selectLog(lines, { since: 1_000_000 })).toBe('l1\nl2\nl3\n');
    expect(selectLog(lines, { tail: 2 })).toBe('l2\nl3\n');
    expect(selectLog(lines, { tail: 0 })).toBe('');
    expect(selectLog(lines, { since: 2_000_000, tail: 5, timestamps: true })).toBe('1970-01-01T00:00:02.000005000Z l2\n1970-01-01T00:00:03.000005000Z l3\n');
    expect(selectLog(lines, { limitBytes: 5 })).toBe('l0\nl1');
  });
  it('a cut inside a character drops it', () => {
    expect(selectLog([{ time: 0, text: 'é\n' }], { limitBytes: 1 })).toBe('');
  });
  it("timestamps are kubelet's: nine digits", () => {
    expect(logTimestamp(Date.UTC(2024, 0, 2, 3, 4, 5) * 1000 + 123456)).toBe('2024-01-02T03:04:05.123456000Z');
  });
});
