import { closeSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensurePrivateFile, openReplacement } from './private-files.js';

describe('private files', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'eci-private-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const mode = (path: string) => statSync(path).mode & 0o777;

  it('creates a missing file 0600 and leaves an existing one as it is', () => {
    ensurePrivateFile(join(dir, 'new'));
    expect(mode(join(dir, 'new'))).toBe(0o600);
    writeFileSync(join(dir, 'old'), 'kept', { mode: 0o644 });
    ensurePrivateFile(join(dir, 'old'));
    expect(mode(join(dir, 'old'))).toBe(0o644);
    expect(statSync(join(dir, 'old')).size).toBe(4);
  });

  it('gives a replacement the mode of the file it replaces, or 0600, even over a stale temporary file', () => {
    writeFileSync(join(dir, 'cp.tmp'), 'stale', { mode: 0o666 });
    closeSync(openReplacement(join(dir, 'cp.tmp'), join(dir, 'cp')));
    expect(mode(join(dir, 'cp.tmp'))).toBe(0o600);
    writeFileSync(join(dir, 'shared'), '', { mode: 0o640 });
    closeSync(openReplacement(join(dir, 'shared.tmp'), join(dir, 'shared')));
    expect(mode(join(dir, 'shared.tmp'))).toBe(0o640);
  });
});
