import { readFileSync } from 'node:fs';

/** The package's version, read from the package.json above this file (src/ in tests, dist/src/ when built). */
export const VERSION: string = (() => {
  for (let dir = new URL('.', import.meta.url); dir.pathname !== '/'; dir = new URL('..', dir)) {
    try {
      const pkg = JSON.parse(readFileSync(new URL('package.json', dir), 'utf8')) as { name?: string; version: string };
      if (pkg.name === 'eci-events') return pkg.version;
    } catch {
      // not here: look one folder up
    }
  }
  return '0.0.0';
})();
