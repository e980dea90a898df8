import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../model/clock.js';
import type { WorldSpec } from '../world/spec.js';
import { World } from '../world/world.js';
import { availableResources, familyOf } from './available.js';
import { containerGroupPrice } from './prices.js';
import { stockStatus } from './stock-status.js';
import { listUsage } from './usage.js';

const SPEC: WorldSpec = {
  instanceTypes: [
    { name: 'ecs.c6.large', cpu: 2, memory: 4, price: 0.3 },
    { name: 'ecs.c6.xlarge', cpu: 4, memory: 8 },
  ],
  defaultInstanceType: 'ecs.c6.large',
  regions: [
    {
      regionId: 'r1',
      idPrefix: 'abc',
      zones: [
        { zoneId: 'r1-a', stock: { 'ecs.c6.large': 2 }, lowWaterMark: 2, spotPrice: 0.1 },
        { zoneId: 'r1-b', state: 'limited' },
        { zoneId: 'r1-c', state: 'closed' },
      ],
    },
  ],
  accounts: [{ id: 'acct', quotas: { vcpu: 6, imageCaches: 4 } }],
};

const world = () => new World(SPEC, new ManualClock(0));
const hold = (w: World, zoneId: string, type = 'ecs.c6.large', cpu = 2) =>
  w.hold({
    groupId: `eci-${zoneId}`,
    account: 'acct',
    regionId: 'r1',
    zoneId,
    hostId: 'h',
    instanceType: type,
    cpu,
    price: 0,
    since: 0,
    spot: false,
    stockKind: 'stock',
    vSwitchId: 'v',
    securityGroupId: 'sg',
    ip: '',
    diskIds: [],
    diskGiB: 0,
  });

describe('stockStatus', () => {
  const noSpot = { strategy: 'NoSpot' } as const;
  it.each([
    ['enough stock', 'r1-a', 'ecs.c6.large', 2, 'WithStock'],
    ['fewer units than the low-water mark', 'r1-a', 'ecs.c6.large', 1, 'ClosedWithStock'],
    ['none left', 'r1-a', 'ecs.c6.large', 0, 'WithoutStock'],
    ['a type absent from a per-type stock', 'r1-a', 'ecs.c6.xlarge', 2, 'WithoutStock'],
    ['a closed zone', 'r1-c', 'ecs.c6.large', 2, 'ClosedWithoutStock'],
    ['a limited zone the account is not in', 'r1-b', 'ecs.c6.large', 2, 'ClosedWithoutStock'],
  ])('%s', (_name, zoneId, type, units, status) => {
    const w = world();
    const z = w.zone(zoneId)!.zone;
    if (zoneId === 'r1-a') w.moveStock(z, 'stock', 'ecs.c6.large', units - 2);
    expect(stockStatus(w, 'acct', z, w.instanceType(type)!, noSpot)).toBe(status);
  });

  it('a limited zone sells to an account with a living instance there', () => {
    const w = world();
    hold(w, 'r1-b');
    expect(stockStatus(w, 'acct', w.zone('r1-b')!.zone, w.instanceType('ecs.c6.large')!, noSpot)).toBe('WithStock');
    expect(stockStatus(w, 'other', w.zone('r1-b')!.zone, w.instanceType('ecs.c6.large')!, noSpot)).toBe('ClosedWithoutStock');
  });
});

describe('availableResources', () => {
  it('names families from types', () => {
    expect(familyOf('ecs.gn6i-c4g1.xlarge')).toBe('ecs.gn6i-c4g1');
  });
  it('refuses a spot query for a family', () => {
    expect(() => availableResources(world(), { account: 'acct', regionId: 'r1', category: 'InstanceTypeFamily', spot: { strategy: 'SpotAsPriceGo' } })).toThrow(
      /SpotResource.SpotStrategy/,
    );
  });
});

describe('containerGroupPrice', () => {
  it("prices an unpriced type from its vCPUs and memory, and spot from each open zone's market", () => {
    const p = containerGroupPrice(world(), { regionId: 'r1', instanceType: 'ecs.c6.xlarge', spot: { strategy: 'SpotAsPriceGo' } });
    expect(p.originalPrice).toBe(0.492);
    expect(p.spotPrices.map((s) => [s.zoneId, s.spotPrice])).toEqual([
      ['r1-a', 0.1],
      ['r1-b', 0.0984],
    ]);
    expect(p.tradePrice).toBe(0.0984);
  });
});

describe('listUsage', () => {
  it('counts the vCPUs of living instances against the quota', () => {
    const w = world();
    hold(w, 'r1-a', 'ecs.c6.xlarge', 4);
    expect(listUsage(w, 'acct', 3)).toEqual({ UsedCpu: 4, MaxCpu: 6, UsedImageCacheCount: 3, MaxImageCacheCount: 4 });
    expect(listUsage(w, 'unlisted', 0)).toMatchObject({ UsedCpu: 0, MaxCpu: 1000, MaxImageCacheCount: 50 });
  });
});
