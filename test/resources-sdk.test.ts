// DescribeAvailableResource, DescribeContainerGroupPrice and ListUsage through the official SDK
// against `eci-events serve --world FILE --clock virtual`: values read from the world file (stock
// and zone states, prices and spot markets, quotas), as they move with creations and deletions,
// and the refusals (code, HTTP status, the parameter named) of bad input.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { $Eci, sdkError } from './support/eci-sdk.js';
import { expectError, REQUEST_ID } from './support/eci-views.js';
import { createGroup, DEFAULT, deleteGroup, expectDryRunRefused, startWorld, type WorldServer } from './support/world-scenarios.js';

const OTHER = 'acct-res-other';
const CAPPED = 'acct-res-capped';
const R = 'cn-hangzhou';

let ws: WorldServer;
beforeAll(async () => {
  ws = await startWorld(
    'resources',
    {
      instanceTypes: [
        { name: 'ecs.c6.large', cpu: 2, memory: 4, price: 0.3 },
        { name: 'ecs.g6.large', cpu: 2, memory: 8 },
        { name: 'ecs.c6.xlarge', cpu: 4, memory: 8, price: 0.55 },
      ],
      defaultInstanceType: 'ecs.c6.large',
      regions: [
        {
          regionId: R,
          idPrefix: 'bp1',
          defaultZoneId: 'cn-hangzhou-k',
          zones: [
            { zoneId: 'cn-hangzhou-k', stock: { 'ecs.c6.large': 1, 'ecs.g6.large': 5 }, lowWaterMark: 3, spotStock: 1, spotPrice: { 'ecs.c6.large': 0.05 } },
            { zoneId: 'cn-hangzhou-j', state: 'closed' },
            { zoneId: 'cn-hangzhou-i', instanceTypes: ['ecs.g6.large'], stock: 0 },
            { zoneId: 'cn-hangzhou-h', state: 'limited' },
          ],
        },
      ],
      accounts: [
        { id: DEFAULT, quotas: { vcpu: 10 } },
        { id: OTHER, quotas: { vcpu: 6, imageCaches: 3 } },
        { id: CAPPED, quotas: { vcpu: 4 } },
      ],
    },
    [OTHER, CAPPED],
  );
});
afterAll(async () => ws?.stop());

type Lines = Record<string, Record<string, string>>;

/** DescribeAvailableResource as {zone: {value: StatusCategory}}. */
async function available(request: Record<string, unknown>, account = DEFAULT): Promise<Lines> {
  const r = await ws.client(account).describeAvailableResource(new $Eci.DescribeAvailableResourceRequest({ regionId: R, ...request }));
  expect(r.statusCode).toBe(200);
  expect(r.body!.requestId).toMatch(REQUEST_ID);
  const out: Lines = {};
  for (const z of r.body!.availableZones?.availableZone ?? []) {
    expect(z.regionId).toBe(R);
    const resources = z.availableResources?.availableResource ?? [];
    expect(resources).toHaveLength(1);
    out[z.zoneId!] = Object.fromEntries((resources[0]!.supportedResources?.supportedResource ?? []).map((s) => [s.value!, s.statusCategory!]));
  }
  return out;
}

const dest = (m: Record<string, unknown>) => new $Eci.DescribeAvailableResourceRequestDestinationResource(m);
const spotRes = (m: Record<string, unknown>) => new $Eci.DescribeAvailableResourceRequestSpotResource(m);

async function usage(account = DEFAULT) {
  const r = await ws.client(account).listUsage(new $Eci.ListUsageRequest({ regionId: R }));
  expect(r.statusCode).toBe(200);
  expect(r.body!.requestId).toMatch(REQUEST_ID);
  return r.body!.attributes;
}

async function price(request: Record<string, unknown>) {
  const r = await ws.client().describeContainerGroupPrice(new $Eci.DescribeContainerGroupPriceRequest({ regionId: R, ...request }));
  expect(r.statusCode).toBe(200);
  expect(r.body!.requestId).toMatch(REQUEST_ID);
  return r.body!.priceInfo!;
}

describe('DescribeAvailableResource', () => {
  it('reports each zone by its state and stock: low-water mark, sold out, closed, limited, types offered', async () => {
    expect(await available({ destinationResource: dest({ category: 'InstanceType' }) })).toEqual({
      'cn-hangzhou-k': { 'ecs.c6.large': 'ClosedWithStock', 'ecs.c6.xlarge': 'WithoutStock', 'ecs.g6.large': 'WithStock' },
      'cn-hangzhou-j': { 'ecs.c6.large': 'ClosedWithoutStock', 'ecs.c6.xlarge': 'ClosedWithoutStock', 'ecs.g6.large': 'ClosedWithoutStock' },
      'cn-hangzhou-i': { 'ecs.g6.large': 'WithoutStock' },
      'cn-hangzhou-h': { 'ecs.c6.large': 'ClosedWithoutStock', 'ecs.c6.xlarge': 'ClosedWithoutStock', 'ecs.g6.large': 'ClosedWithoutStock' },
    });
  });

  it('filters by ZoneId, Value, Cores and Memory; a family is as available as its best type', async () => {
    expect(await available({ zoneId: 'cn-hangzhou-k', destinationResource: dest({ category: 'InstanceTypeFamily' }) })).toEqual({
      'cn-hangzhou-k': { 'ecs.c6': 'ClosedWithStock', 'ecs.g6': 'WithStock' },
    });
    expect(await available({ zoneId: 'cn-hangzhou-k', destinationResource: dest({ category: 'InstanceTypeFamily', value: 'ecs.c6' }) })).toEqual({
      'cn-hangzhou-k': { 'ecs.c6': 'ClosedWithStock' },
    });
    expect(await available({ zoneId: 'cn-hangzhou-i', destinationResource: dest({ category: 'InstanceType', cores: 2, memory: 8 }) })).toEqual({
      'cn-hangzhou-i': { 'ecs.g6.large': 'WithoutStock' },
    });
    // A type no zone offers under the filter leaves no zone.
    expect(await available({ zoneId: 'cn-hangzhou-i', destinationResource: dest({ category: 'InstanceType', value: 'ecs.c6.large' }) })).toEqual({});
  });

  it('spot: the spot stock, and the market price against SpotPriceLimit', async () => {
    const q = (spot: Record<string, unknown>) =>
      available({ zoneId: 'cn-hangzhou-k', destinationResource: dest({ category: 'InstanceType', value: 'ecs.c6.large' }), spotResource: spotRes(spot) });
    expect(await q({ spotStrategy: 'SpotAsPriceGo' })).toEqual({ 'cn-hangzhou-k': { 'ecs.c6.large': 'WithStock' } });
    expect(await q({ spotStrategy: 'SpotWithPriceLimit', spotPriceLimit: 0.05 })).toEqual({ 'cn-hangzhou-k': { 'ecs.c6.large': 'WithStock' } });
    expect(await q({ spotStrategy: 'SpotWithPriceLimit', spotPriceLimit: 0.049 })).toEqual({ 'cn-hangzhou-k': { 'ecs.c6.large': 'WithoutStock' } });
  });

  it('follows the stock as an instance takes it and gives it back, with ListUsage following the vCPUs', async () => {
    const before = await usage();
    expect(before).toEqual({ UsedCpu: 0, MaxCpu: 10, UsedImageCacheCount: 0, MaxImageCacheCount: 50 });
    const g = await createGroup(ws, DEFAULT, 'takes-stock', { zoneId: 'cn-hangzhou-k', instanceType: 'ecs.c6.large' });
    await ws.advance('5s');
    const k = { zoneId: 'cn-hangzhou-k', destinationResource: dest({ category: 'InstanceType', value: 'ecs.c6.large' }) };
    expect(await available(k)).toEqual({ 'cn-hangzhou-k': { 'ecs.c6.large': 'WithoutStock' } });
    expect(await usage()).toEqual({ ...before, UsedCpu: 2 });
    await deleteGroup(ws, DEFAULT, R, g.id);
    await ws.advance('1m');
    expect(await available(k)).toEqual({ 'cn-hangzhou-k': { 'ecs.c6.large': 'ClosedWithStock' } });
    expect(await usage()).toEqual(before);
  });

  it('refuses bad input, naming the parameter', async () => {
    const call = (request: Record<string, unknown>) =>
      sdkError(ws.client().describeAvailableResource(new $Eci.DescribeAvailableResourceRequest({ regionId: R, ...request })));
    expectError(await call({}), 'MissingParameter', 400, 'DestinationResource.Category');
    expectError(await call({ destinationResource: dest({ category: 'Zone' }) }), 'InvalidParameter', 400, 'DestinationResource.Category');
    expectError(await call({ destinationResource: dest({ category: 'InstanceTypeFamily', cores: 2 }) }), 'InvalidParameter', 400, 'DestinationResource.Cores');
    expectError(
      await call({ destinationResource: dest({ category: 'InstanceTypeFamily', value: 'ecs.c6.large' }) }),
      'InvalidParameter',
      400,
      'DestinationResource.Value',
    );
    expectError(
      await call({ destinationResource: dest({ category: 'InstanceTypeFamily' }), spotResource: spotRes({ spotStrategy: 'SpotAsPriceGo' }) }),
      'InvalidParameter',
      400,
      'SpotResource.SpotStrategy',
    );
    expectError(
      await call({
        destinationResource: dest({ category: 'InstanceType', value: 'ecs.c6.large' }),
        spotResource: spotRes({ spotStrategy: 'SpotWithPriceLimit' }),
      }),
      'MissingParameter',
      400,
      'SpotResource.SpotPriceLimit',
    );
    expectError(
      await call({
        destinationResource: dest({ category: 'InstanceType', value: 'ecs.c6.large' }),
        spotResource: spotRes({ spotStrategy: 'SpotWithPriceLimit', spotPriceLimit: 0.0505 }),
      }),
      'InvalidParameter',
      400,
      'SpotResource.SpotPriceLimit',
    );
    expectError(
      await call({ zoneId: 'cn-hangzhou-z', destinationResource: dest({ category: 'InstanceType' }) }),
      'InvalidZoneId.NotFound',
      400,
      'cn-hangzhou-z',
    );
    expectError(
      await sdkError(
        ws
          .client()
          .describeAvailableResource(
            new $Eci.DescribeAvailableResourceRequest({ regionId: 'xx-nowhere-1', destinationResource: dest({ category: 'InstanceType' }) }),
          ),
      ),
      'InvalidRegionId.NotFound',
      400,
      'xx-nowhere-1',
    );
  });
});

describe('DescribeContainerGroupPrice', () => {
  it("prices a type by the world's price, Cpu/Memory by the type a creation would get, nothing by the default type", async () => {
    const byType = await price({ instanceType: 'ecs.c6.large' });
    expect(byType.price).toMatchObject({ originalPrice: 0.3, tradePrice: 0.3, discountPrice: 0, currency: 'CNY' });
    expect(byType.price!.detailInfos!.detailInfo).toEqual([expect.objectContaining({ resource: 'ecs.c6.large', originalPrice: 0.3, tradePrice: 0.3 })]);
    expect(byType.spotPrices?.spotPrice ?? []).toEqual([]);
    // 2 vCPUs and 8 GiB: ecs.g6.large, which the world does not price: 2 × 0.1 + 8 × 0.0115.
    expect((await price({ cpu: 2, memory: 8 })).price).toMatchObject({ originalPrice: 0.292, tradePrice: 0.292 });
    expect((await price({ cpu: 3 })).price).toMatchObject({ originalPrice: 0.55 });
    expect((await price({})).price).toMatchObject({ originalPrice: 0.3 });
  });

  it('spot: the market of each zone that sells the type; the trade price is the cheapest within the limit', async () => {
    const go = await price({ instanceType: 'ecs.c6.large', spotStrategy: 'SpotAsPriceGo' });
    // k has its own price; h (limited) is priced at 20% of 0.3; j is closed and i does not offer the type.
    expect(go.spotPrices!.spotPrice).toEqual([
      expect.objectContaining({ zoneId: 'cn-hangzhou-k', instanceType: 'ecs.c6.large', spotPrice: 0.05, originPrice: 0.3 }),
      expect.objectContaining({ zoneId: 'cn-hangzhou-h', instanceType: 'ecs.c6.large', spotPrice: 0.06, originPrice: 0.3 }),
    ]);
    expect(go.price).toMatchObject({ originalPrice: 0.3, tradePrice: 0.05, discountPrice: 0.25 });
    expect(
      (await price({ instanceType: 'ecs.c6.large', spotStrategy: 'SpotWithPriceLimit', spotPriceLimit: 0.055, zoneId: 'cn-hangzhou-h' })).price,
    ).toMatchObject({ tradePrice: 0.3, discountPrice: 0 });
    expect((await price({ instanceType: 'ecs.c6.large', spotStrategy: 'SpotWithPriceLimit', spotPriceLimit: 0.055 })).price).toMatchObject({
      tradePrice: 0.05,
    });
  });

  it('refuses bad input, naming the parameter', async () => {
    const call = (request: Record<string, unknown>) =>
      sdkError(ws.client().describeContainerGroupPrice(new $Eci.DescribeContainerGroupPriceRequest({ regionId: R, ...request })));
    expectError(await call({ instanceType: 'ecs.t9.huge' }), 'InvalidInstanceType.ValueNotSupported', 400, 'ecs.t9.huge');
    expectError(await call({ cpu: 64 }), 'InvalidParameter', 400, 'Cpu');
    expectError(await call({ spotStrategy: 'Cheap' }), 'InvalidParameter', 400, 'SpotStrategy');
    expectError(await call({ spotStrategy: 'SpotWithPriceLimit' }), 'MissingParameter', 400, 'SpotPriceLimit');
    expectError(await call({ spotStrategy: 'SpotAsPriceGo', spotPriceLimit: 0.1 }), 'InvalidParameter', 400, 'SpotPriceLimit');
    expectError(await call({ spotDuration: 3 }), 'InvalidParameter', 400, 'SpotDuration');
    expectError(await call({ zoneId: 'cn-shanghai-e' }), 'InvalidZoneId.NotFound', 400, 'cn-shanghai-e');
    expectError(await sdkError(ws.client().describeContainerGroupPrice(new $Eci.DescribeContainerGroupPriceRequest({}))), 'MissingParameter', 400, 'RegionId');
  });
});

describe('ListUsage', () => {
  it("counts the account's image caches against its quota, and only its own", async () => {
    expect(await usage(OTHER)).toEqual({ UsedCpu: 0, MaxCpu: 6, UsedImageCacheCount: 0, MaxImageCacheCount: 3 });
    const r = await ws.client(OTHER).createImageCache(new $Eci.CreateImageCacheRequest({ regionId: R, imageCacheName: 'one', image: ['nginx:1.25'] }));
    expect(r.statusCode).toBe(200);
    expect((await usage(OTHER))!.UsedImageCacheCount).toBe(1);
    expect((await usage(DEFAULT))!.UsedImageCacheCount).toBe(0);
  });

  it('a vCPU quota ListUsage shows as full refuses the next creation', async () => {
    const g6 = { zoneId: 'cn-hangzhou-k', instanceType: 'ecs.g6.large' };
    await createGroup(ws, CAPPED, 'first', g6);
    await createGroup(ws, CAPPED, 'second', g6);
    await ws.advance('5s');
    expect(await usage(CAPPED)).toMatchObject({ UsedCpu: 4, MaxCpu: 4 });
    await expectDryRunRefused(ws, CAPPED, 'third', { ...g6, regionId: R }, 'QuotaExceeded', ['ecs.g6.large']);
  });

  it('refuses a missing or unknown region', async () => {
    expectError(await sdkError(ws.client().listUsage(new $Eci.ListUsageRequest({}))), 'MissingParameter', 400, 'RegionId');
    expectError(
      await sdkError(ws.client().listUsage(new $Eci.ListUsageRequest({ regionId: 'xx-nowhere-1' }))),
      'InvalidRegionId.NotFound',
      400,
      'xx-nowhere-1',
    );
  });
});
