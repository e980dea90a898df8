// The disk watcher: full by used share or by free bytes, once per spell, again only after room.
import { describe, expect, it } from 'vitest';
import type { CompiledDiskFile, CompiledDiskRule } from '../rules/compiled.js';
import { compileTemplate } from '../rules/template.js';
import { DiskWatcher, usageOf } from './disk.js';

const GiB = 2 ** 30;
const rule = (over: Partial<CompiledDiskRule>): CompiledDiskRule => ({
  file: 'disk.json',
  name: 'd',
  reason: 'DiskFull',
  type: undefined,
  path: '/data',
  usedPercent: undefined,
  freeBytes: undefined,
  message: compileTemplate('{path}'),
  group: undefined,
  container: undefined,
  component: 'EciService',
  ...over,
});
/** statfs of a 100 GiB disk with `usedGiB` used and 5 GiB reserved for root. */
const disk = (usedGiB: number) => ({ bsize: 4096, blocks: (100 * GiB) / 4096, bfree: ((100 - usedGiB) * GiB) / 4096, bavail: ((95 - usedGiB) * GiB) / 4096 });

describe('disk watcher', () => {
  it('computes use as df does: used / (used + available)', () => {
    expect(usageOf(disk(50))).toEqual({ totalBytes: 100 * GiB, freeBytes: 45 * GiB, usedPercent: 52.6 });
  });

  // Use goes 84.2%, 90.5%, 92.6%, 91.6%, 92.6%, 84.2%, 92.6% (free 15, 9, 7, 8, 7, 15, 7 GiB).
  for (const [name, r, expected] of [
    ['a used share', rule({ usedPercent: 90 }), [90.5, 92.6]],
    ['free bytes', rule({ freeBytes: 8 * GiB }), [92.6, 92.6]],
  ] as const) {
    it(`fires once when full by ${name}, and again only after room`, async () => {
      let used = 80;
      const fired = new Set<string>();
      const seen: number[] = [];
      const file: CompiledDiskFile = { kind: 'disk', file: 'disk.json', intervalMs: 1, rules: [r] };
      const w = new DiskWatcher(file, { fired, statfs: async () => disk(used), onFull: async (_rule, u) => void seen.push(u.usedPercent) });
      for (const u of [80, 86, 88, 87, 88, 80, 88]) {
        used = u;
        await w.check();
      }
      expect(seen).toEqual(expected);
    });
  }

  it('does not fire again after a restart while the disk is still full', async () => {
    const fired = new Set(['d']);
    const seen: number[] = [];
    const w = new DiskWatcher(
      { kind: 'disk', file: 'disk.json', intervalMs: 1, rules: [rule({ usedPercent: 90 })] },
      { fired, statfs: async () => disk(90), onFull: async () => void seen.push(1) },
    );
    await w.check();
    expect(seen).toEqual([]);
  });

  it('says once that a path cannot be read, and goes on', async () => {
    const log: string[] = [];
    const w = new DiskWatcher(
      { kind: 'disk', file: 'disk.json', intervalMs: 1, rules: [rule({ usedPercent: 90, path: '/nowhere' })] },
      {
        fired: new Set(),
        log: (m) => log.push(m),
        onFull: async () => undefined,
        statfs: async () => {
          throw new Error('ENOENT: no such file or directory');
        },
      },
    );
    await w.check();
    await w.check();
    expect(log).toEqual(['disk.json: rule "d": cannot statfs /nowhere: ENOENT: no such file or directory']);
  });
});
