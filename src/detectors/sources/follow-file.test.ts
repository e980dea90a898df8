// Following a file: lines written in pieces, rotation by rename (the old file read to its end
// first), truncation in place, a file that appears late, and resuming after a restart in the file
// that was rotated away meanwhile.
import { appendFileSync, mkdtempSync, renameSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileFollower, identityOf, type FollowStart } from './follow-file.js';
import { LineSplitter } from './lines.js';

// 30 s: reached only on a real failure, even on a loaded machine.
const until = async (cond: () => boolean, what: string, ms = 30_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('FileFollower', () => {
  let dir: string;
  let path: string;
  let follower: FileFollower;
  let lines: Array<{ epoch: string; text: string; end: number }>;
  /** What the follower told the sink besides data: `begin <offset>` and `waiting`. */
  let told: string[];
  let running: Promise<void>;

  const start = (how: FollowStart = { start: 'beginning' }) => {
    lines = [];
    told = [];
    const splitters = new Map<string, LineSplitter>();
    const split = (e: string) => splitters.get(e) ?? splitters.set(e, new LineSplitter()).get(e)!;
    follower = new FileFollower(path, { pollMs: 10 });
    running = follower.run(how, {
      begin: (_epoch, offset) => void told.push(`begin ${offset}`),
      waiting: () => void told.push('waiting'),
      data: async (epoch, chunk, at) =>
        void lines.push(
          ...split(epoch)
            .push(chunk, at)
            .map((l) => ({ epoch, text: l.text, end: l.end })),
        ),
      ended: async (epoch) =>
        void lines.push(
          ...split(epoch)
            .flush()
            .map((l) => ({ epoch, text: l.text, end: l.end })),
        ),
    });
  };
  const texts = () => lines.map((l) => l.text);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'eci-follow-'));
    path = join(dir, 'messages');
  });
  afterEach(async () => {
    follower.stop();
    await running;
    rmSync(dir, { recursive: true, force: true });
  });

  it('waits for the rest of a partial line', async () => {
    writeFileSync(path, 'one\ntw');
    start();
    await until(() => lines.length === 1, '1 line');
    await new Promise((r) => setTimeout(r, 50));
    expect(texts()).toEqual(['one']);
    appendFileSync(path, 'o\nthree\n');
    await until(() => lines.length === 3, '3 lines');
    expect(texts()).toEqual(['one', 'two', 'three']);
  });

  it('starts at the end when told, and reads a file that appears late from its start', async () => {
    writeFileSync(path, 'old\n');
    start({ start: 'end' });
    // Its end is where it was before the append; appended sooner, the line would be old news.
    await until(() => told.length > 0, 'the follower to begin');
    expect(told).toEqual(['begin 4']);
    appendFileSync(path, 'new\n');
    await until(() => lines.length === 1, '1 line');
    expect(texts()).toEqual(['new']);
    follower.stop();
    await running;
    rmSync(path);
    start({ start: 'end' });
    // The file appears after the follower found none; written sooner, it would be read from its end.
    await until(() => told.length > 0, 'the follower to wait for the file');
    expect(told).toEqual(['waiting']);
    writeFileSync(path, 'first\n');
    await until(() => lines.length === 1, '1 line');
    expect(texts()).toEqual(['first']);
  });

  it('follows a rotation: the old file to its end (its unfinished line too), then the new one', async () => {
    writeFileSync(path, 'a1\n');
    start();
    await until(() => lines.length === 1, '1 line');
    appendFileSync(path, 'a2\na3-unfinished');
    renameSync(path, `${path}.1`);
    writeFileSync(path, 'b1\n');
    await until(() => lines.length === 4, '4 lines');
    expect(texts()).toEqual(['a1', 'a2', 'a3-unfinished', 'b1']);
    expect(new Set(lines.map((l) => l.epoch)).size).toBe(2);
  });

  it('follows a truncation in place (copytruncate) from the start again', async () => {
    writeFileSync(path, 'x1\nx2\n');
    start();
    await until(() => lines.length === 2, '2 lines');
    truncateSync(path, 0);
    await new Promise((r) => setTimeout(r, 50));
    appendFileSync(path, 'y1\n');
    await until(() => lines.length === 3, '3 lines');
    expect(texts()).toEqual(['x1', 'x2', 'y1']);
  });

  it('resumes after a restart in the file rotated away meanwhile, then reads the new one', async () => {
    writeFileSync(path, 'a1\na2\n');
    const epoch = identityOf(statSync(path));
    appendFileSync(path, 'a3\n');
    renameSync(path, `${path}-20260101`);
    writeFileSync(path, 'b1\n');
    start({ resume: { epoch, offset: 'a1\na2\n'.length }, start: 'end' });
    await until(() => lines.length === 2, '2 lines');
    expect(lines.map((l) => [l.epoch === epoch, l.text])).toEqual([
      [true, 'a3'],
      [false, 'b1'],
    ]);
  });
});
