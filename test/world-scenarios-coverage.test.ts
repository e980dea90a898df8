// Every ContainerGroup and Resource row of the catalog has exactly one named scenario in the world
// scenario files (test/world-scenarios-*.test.ts), each through the SDK against a started server.
// The list of rows comes from the catalog, so a row without a scenario fails here.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SCENARIO_GROUPS, SCENARIO_ROWS } from './support/world-scenarios.js';
import { seedRows } from '../src/catalog/index.js';
import { IMAGE_CACHE_HIT_CAUSES } from '../scripts/image-cache-hit-causes.js';

const TEST_DIR = fileURLToPath(new URL('.', import.meta.url));

/** The row keys of every `scenario('<key>', ...)` call in the world scenario files. */
function scenarioKeys(call = 'scenario'): Array<{ key: string; file: string }> {
  const files = readdirSync(TEST_DIR).filter((f) => /^world-scenarios-.+\.test\.ts$/.test(f) && f !== 'world-scenarios-coverage.test.ts');
  return files.flatMap((file) =>
    [...readFileSync(TEST_DIR + file, 'utf8').matchAll(new RegExp(`\\b${call}\\(\\s*'([^']+)'`, 'g'))].map((m) => ({ key: m[1]!, file })),
  );
}

describe('world scenarios cover the catalog', () => {
  it('has one key per ContainerGroup and Resource row of the seed (a reason with two templates is two rows)', () => {
    const rows = seedRows.filter((r) => (SCENARIO_GROUPS as readonly string[]).includes(r.group));
    expect(SCENARIO_ROWS.size).toBe(rows.length);
    expect(rows.filter((r) => r.group === 'ContainerGroup')).toHaveLength(32);
    expect(rows.filter((r) => r.group === 'Resource')).toHaveLength(15);
    expect([...SCENARIO_ROWS.keys()].filter((k) => k.includes('#')).sort()).toEqual([
      'DiskCapacityQuotaFull#1',
      'DiskCapacityQuotaFull#2',
      'FailedScheduling#1',
      'FailedScheduling#2',
      'Throttling#1',
      'Throttling#2',
      'UnknownError#1',
      'UnknownError#2',
    ]);
  });

  it('names exactly one scenario for every row, and no scenario for anything else', () => {
    const found = scenarioKeys();
    const byKey = new Map<string, string[]>();
    for (const { key, file } of found) byKey.set(key, [...(byKey.get(key) ?? []), file]);
    const missing = [...SCENARIO_ROWS.keys()].filter((k) => !byKey.has(k));
    const unknown = [...byKey.keys()].filter((k) => !SCENARIO_ROWS.has(k));
    const twice = [...byKey.entries()].filter(([, files]) => files.length > 1).map(([k, files]) => `${k} in ${files.join(', ')}`);
    expect({ missing, unknown, twice }).toEqual({ missing: [], unknown: [], twice: [] });
  });

  it("names exactly one cacheScenario for every ImageCache row an instance records (the others are the cache's own: image-caches-sdk.test.ts)", () => {
    // ImageCacheAutoEliminated is on both: the evicted cache, and the instance whose auto-creation evicted it.
    const rows = seedRows
      .filter((r) => r.group === 'ImageCache' && (IMAGE_CACHE_HIT_CAUSES[r.reason] || r.reason === 'ImageCacheAutoEliminated'))
      .map((r) => r.reason);
    expect(rows).toHaveLength(12);
    const found = scenarioKeys('cacheScenario').map((f) => f.key);
    expect([...found].sort()).toEqual([...rows].sort());
  });

  it('names exactly one vnodeScenario for every VirtualNode row (world-scenarios-virtual-nodes.test.ts)', () => {
    const rows = seedRows.filter((r) => r.group === 'VirtualNode').map((r) => r.reason);
    expect(rows).toHaveLength(4);
    expect(
      scenarioKeys('vnodeScenario')
        .map((f) => f.key)
        .sort(),
    ).toEqual([...rows].sort());
  });

  it('names exactly one dataCacheScenario for every DataCache row (world-scenarios-data-caches.test.ts)', () => {
    const rows = seedRows.filter((r) => r.group === 'DataCache').map((r) => r.reason);
    expect(rows).toHaveLength(5);
    expect(
      scenarioKeys('dataCacheScenario')
        .map((f) => f.key)
        .sort(),
    ).toEqual([...rows].sort());
  });
});
