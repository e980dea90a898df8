// DescribeAvailableResource, DescribeContainerGroupPrice and ListUsage: parse, ask the emulator's
// world (emulator/resources), render as the SDK's models read them. None changes anything.
import { availableResources, containerGroupPrice, listUsage } from '../../../emulator/index.js';
import type { ActionContext } from '../deps.js';
import { requireRegion } from '../region.js';
import type { OperationDoc } from './operation-doc.js';
import { destination, spotAsk } from './resource-params.js';

export async function describeAvailableResource(ctx: ActionContext) {
  const regionId = requireRegion(ctx);
  const { params } = ctx;
  const zoneId = params.str('ZoneId', { max: 64 });
  const dest = destination(params);
  const spot = spotAsk(params, 'SpotResource.');
  const zones = availableResources(ctx.deps.emulator.world, { account: ctx.caller.account, regionId, ...(zoneId ? { zoneId } : {}), ...dest, spot });
  return {
    AvailableZones: {
      AvailableZone: zones.map((z) => ({
        RegionId: z.regionId,
        ZoneId: z.zoneId,
        AvailableResources: {
          AvailableResource: [
            {
              Type: z.category,
              SupportedResources: { SupportedResource: z.supported.map((s) => ({ Value: s.value, StatusCategory: s.statusCategory })) },
            },
          ],
        },
      })),
    },
  };
}

export async function describeContainerGroupPrice(ctx: ActionContext) {
  const regionId = requireRegion(ctx);
  const { params } = ctx;
  const zoneId = params.str('ZoneId', { max: 64 });
  const instanceType = params.str('InstanceType', { max: 64 });
  const cpu = params.num('Cpu', { max: 256 });
  const memory = params.num('Memory', { max: 2048 });
  // Validated as CreateContainerGroup validates it; the world has no price for ephemeral storage.
  params.int('EphemeralStorage', { min: 1, max: 65536 });
  const spot = spotAsk(params);
  const p = containerGroupPrice(ctx.deps.emulator.world, {
    regionId,
    ...(zoneId ? { zoneId } : {}),
    ...(instanceType ? { instanceType } : {}),
    ...(cpu !== undefined ? { cpu } : {}),
    ...(memory !== undefined ? { memory } : {}),
    spot,
  });
  return {
    PriceInfo: {
      Price: {
        OriginalPrice: p.originalPrice,
        DiscountPrice: p.discountPrice,
        TradePrice: p.tradePrice,
        Currency: p.currency,
        DetailInfos: {
          DetailInfo: [
            { Resource: p.type.name, OriginalPrice: p.originalPrice, DiscountPrice: p.discountPrice, TradePrice: p.tradePrice, Rules: { Rule: [] } },
          ],
        },
      },
      Rules: { Rule: [] },
      SpotPrices: {
        SpotPrice: p.spotPrices.map((s) => ({ ZoneId: s.zoneId, InstanceType: s.instanceType, SpotPrice: s.spotPrice, OriginPrice: s.originPrice })),
      },
    },
  };
}

export async function listUsageAction(ctx: ActionContext) {
  const regionId = requireRegion(ctx);
  const emu = ctx.deps.emulator;
  return { Attributes: listUsage(emu.world, ctx.caller.account, emu.imageCaches.countIn(ctx.caller.account, regionId)) };
}

export const RESOURCES_OPERATIONS: OperationDoc[] = [
  {
    action: 'DescribeAvailableResource',
    does: "Lists, per zone of the region (or ZoneId), the instance types or families the world offers there with ECS's StatusCategory from the zone's state and its stock (or spot stock and spot price for SpotResource); filters DestinationResource.Value, Cores, Memory.",
    doesNot: 'Categories other than InstanceTypeFamily and InstanceType; SpotDuration is checked, not modelled (the world has one protection period).',
  },
  {
    action: 'DescribeContainerGroupPrice',
    does: "The hourly pay-as-you-go price of the type a creation with these InstanceType/Cpu/Memory would get (world instanceTypes[].price, or from vCPUs and GiB), and for spot each zone's market price (zones[].spotPrice) with the trade price the cheapest market within SpotPriceLimit.",
    doesNot: 'No discounts or promotion rules (Rules is empty); EphemeralStorage is checked but not priced; no GPU or disk items.',
  },
  {
    action: 'ListUsage',
    does: "The account's vCPU quota and the vCPUs of its living instances (UsedCpu/MaxCpu), its image-cache quota and caches in the region (UsedImageCacheCount/MaxImageCacheCount), from accounts[].quotas.",
    doesNot: 'No separate auto-created image-cache quota (one quota counts both) and no data-cache counts.',
  },
];
