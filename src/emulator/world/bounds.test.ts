// The world's bounds (bounds.ts): each is refused by where it is, before anything is built, from
// a file and from a change at run time alike; a world at the bounds loads.
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { ManualClock } from '../../model/clock.js';
import * as B from './bounds.js';
import { WorldError } from './check.js';
import { parseWorld, worldFrom } from './load.js';
import { World } from './world.js';

function refusal(run: () => unknown): string[] {
  try {
    run();
  } catch (err) {
    if (err instanceof WorldError) return err.problems;
    throw err;
  }
  throw new Error('the world was accepted');
}

const zone = (zoneId: string, extra: Record<string, unknown> = {}) => ({ zoneId, ...extra });
const region = (...zones: object[]) => ({ regions: [{ regionId: 'cn-hangzhou', zones }] });

describe('world bounds', () => {
  const cases: Array<[string, unknown, string]> = [
    [
      'hosts per zone, as a number',
      region(zone('z1', { hosts: 30_000_000 })),
      'regions[0].zones[0].hosts: more than 10000, the bound of this field (got 30000000)',
    ],
    [
      'hosts per zone, as a list',
      region(zone('z1', { hosts: Array.from({ length: B.MAX_HOSTS_PER_ZONE + 1 }, (_, i) => ({ id: `h${i}` })) })),
      'regions[0].zones[0].hosts: a list of 10001 items; the bound is 10000',
    ],
    [
      'hosts over every zone',
      region(zone('z1', { hosts: 6000 }), zone('z2', { hosts: 4001 })),
      'regions: 10001 hosts in all; the bound is 10000 hosts over every zone',
    ],
    [
      'zones of a region',
      region(...Array.from({ length: 51 }, (_, i) => zone(`z${i}`, { hosts: 0 }))),
      'regions[0].zones: more than 50 items, the bound of this list (got 51)',
    ],
    [
      "a host's vCPUs",
      region(zone('z1', { hosts: [{ id: 'h1', vcpu: 1e9 }] })),
      'regions[0].zones[0].hosts[0].vcpu: more than 100000, the bound of this field (got 1000000000)',
    ],
    ['stock', region(zone('z1', { stock: 1e12 })), 'regions[0].zones[0].stock: more than 1000000000, the bound of this field (got 1000000000000)'],
    ['a balance', { accounts: [{ id: 'a', balance: 1e300 }] }, 'accounts[0].balance: more than 1000000000000, the bound of this field (got 1e+300)'],
    ['a debt', { accounts: [{ id: 'a', balance: -1e300 }] }, 'accounts[0].balance: Expected number to be greater or equal to -1000000000000 (got -1e+300)'],
    [
      'a price',
      { instanceTypes: [{ name: 'ecs.x.large', cpu: 2, memory: 4, price: 1e7 }] },
      'instanceTypes[0].price: more than 1000000, the bound of this field (got 10000000)',
    ],
    [
      'a quota',
      { accounts: [{ id: 'a', quotas: { vcpu: 1e10 } }] },
      'accounts[0].quotas.vcpu: more than 1000000000, the bound of this field (got 10000000000)',
    ],
    ['spot timing', { spot: { noticeMinutes: 1e7 } }, 'spot.noticeMinutes: more than 525600, the bound of this field (got 10000000)'],
    ['throttled retries', { flowControl: { retries: 1000 } }, 'flowControl.retries: more than 10, the bound of this field (got 1000)'],
    ["an id's length", region(zone('z'.repeat(129))), 'regions[0].zones[0].zoneId: longer than 128 characters, the bound of this field'],
    [
      'a map keyed by type',
      region(zone('z1', { stock: Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`ecs.t${i}.large`, 1])) })),
      'regions[0].zones[0].stock: more than 1000 keys, the bound of this map',
    ],
    ['a list anywhere', { accounts: Array.from({ length: 10_001 }, (_, i) => ({ id: `a${i}` })) }, 'accounts: a list of 10001 items; the bound is 10000'],
    ['a string anywhere', { $schema: 'x'.repeat(3000) }, '$schema: a string of 3000 characters; the bound is 2048'],
    [
      'nesting',
      { a: { b: { c: { d: { e: { f: { g: { h: { i: { j: { k: { l: { m: 1 } } } } } } } } } } } } },
      'a.b.c.d.e.f.g.h.i.j.k.l: nested more than 12 levels deep; a world is 8 at most',
    ],
  ];
  for (const [what, world, problem] of cases) {
    it(`refuses ${what}, naming where`, () => {
      expect(refusal(() => worldFrom(world))[0]).toContain(problem);
    });
  }

  it('refuses a world file over 4 MiB before parsing it', () => {
    const text = `# ${'x'.repeat(B.MAX_WORLD_BYTES)}\n`;
    expect(refusal(() => parseWorld(text, 'big.yaml'))).toEqual([
      `big.yaml: ${B.MAX_WORLD_BYTES + 3} bytes; the bound of a world file is ${B.MAX_WORLD_BYTES} bytes`,
    ]);
  });

  it('loads a world at the bounds: 10,000 hosts in all, listed or counted', () => {
    const listed = Array.from({ length: 5000 }, (_, i) => ({ id: `h-${i}`, vcpu: 96 }));
    const w = parseWorld(stringify(region(zone('z1', { hosts: listed }), zone('z2', { hosts: 5000 }))));
    expect(w.regions![0]!.zones.map((z) => (z.hosts as unknown[]).length)).toEqual([5000, 5000]);
  });

  it('refuses a change at run time past a bound and leaves the world as it was', () => {
    const world = new World(undefined, new ManualClock());
    const before = JSON.stringify(world.show());
    // Paths are the merged world's: cn-hangzhou-k is the sixth zone of the default cn-hangzhou.
    expect(refusal(() => world.apply(region(zone('cn-hangzhou-k', { hosts: 30_000_000 }))))).toEqual([
      'regions[0].zones[5].hosts: more than 10000, the bound of this field (got 30000000)',
    ]);
    // The default world has 80 hosts: a change adding 9,950 in a new zone passes the total.
    expect(refusal(() => world.apply({ regions: [{ regionId: 'cn-hangzhou', zones: [zone('cn-hangzhou-z', { hosts: 9950 })] }] }))).toEqual([
      'regions: 10030 hosts in all; the bound is 10000 hosts over every zone',
    ]);
    expect(refusal(() => world.apply({ accounts: Array.from({ length: 20_000 }, (_, i) => ({ id: `a${i}` })) }))).toEqual([
      'accounts: a list of 20000 items; the bound is 10000',
    ]);
    expect(JSON.stringify(world.show())).toBe(before);
  });

  it('merges a large change by ids in one pass (10,000 accounts onto 10,000)', () => {
    const world = new World({ accounts: Array.from({ length: 9999 }, (_, i) => ({ id: `a${i}` })) }, new ManualClock());
    const next = world.apply({ accounts: Array.from({ length: 9999 }, (_, i) => ({ id: `a${i}`, balance: i })) });
    expect(next.accounts!.length).toBe(10_000);
    expect(next.accounts![9998]).toMatchObject({ id: 'a9998', balance: 9998 });
  });
});
