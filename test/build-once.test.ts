import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ROOT } from './support/cli.js';

const build = (...args: string[]) => spawnSync(process.execPath, ['scripts/build.mjs', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 180_000 });

describe('npm run build (scripts/build.mjs)', () => {
  it('builds nothing when nothing changed since the last build, and says nothing', () => {
    // The first run brings a tree edited since its last build up to date; the second must be a no-op.
    expect(build().status).toBe(0);
    const again = build();
    expect(again.status).toBe(0);
    expect(again.stderr).toBe('');
    for (const stamp of ['dist/.build-stamp', 'console/dist/.build-stamp']) {
      expect(JSON.parse(readFileSync(`${ROOT}/${stamp}`, 'utf8')).hash, stamp).toMatch(/^[0-9a-f]{64}$/);
    }
  }, 240_000);

  it('sees a new server source as a reason to build the server only, and its removal as none', () => {
    expect(build().status).toBe(0);
    // A file under scripts/ (an input of dist/, read by no test or console build).
    const probe = `${ROOT}/scripts/build-probe-${process.pid}.ts`;
    writeFileSync(probe, 'export {};\n');
    try {
      const stale = build('--dry-run');
      expect(stale.status).toBe(0);
      expect(stale.stderr).toBe('build: server would build (its sources changed)\n');
    } finally {
      rmSync(probe);
    }
    expect(build('--dry-run').stderr).toBe('');
  }, 240_000);
});
