// DescribeContainerGroupPrice: what an instance of a size costs per hour in the world. The size is
// chosen as CreateContainerGroup chooses it (an InstanceType; else the smallest type holding Cpu
// and Memory; else the world's default type), so the price is what the world would charge the
// instance (World.price, provision.ts). Spot: the market price of the type in each zone that sells
// it and is not closed (World.spotPrice); the trade price is the cheapest market at or under the limit, or the
// pay-as-you-go price when no market is (the instance would run pay-as-you-go: SpotDegraded).
import { EmulatorError, invalid } from '../errors.js';
import { DEFAULT_INSTANCE_TYPE, instanceType, matchInstanceType, type InstanceTypeSpec } from '../instance-types.js';
import type { World } from '../world/world.js';
import { offeredIn, type SpotAsk } from './stock-status.js';

export interface PriceQuery {
  regionId: string;
  zoneId?: string;
  instanceType?: string;
  cpu?: number;
  memory?: number;
  spot: SpotAsk;
}

export interface SpotMarket {
  zoneId: string;
  instanceType: string;
  spotPrice: number;
  originPrice: number;
}

export interface PriceAnswer {
  type: InstanceTypeSpec;
  originalPrice: number;
  tradePrice: number;
  /** originalPrice less tradePrice. */
  discountPrice: number;
  currency: 'CNY';
  spotPrices: SpotMarket[];
}

/** Prices as the world prints them: CNY to four decimals (bounds.ts). */
const round = (n: number) => Math.round(n * 10_000) / 10_000;

function sizeOf(world: World, q: PriceQuery): InstanceTypeSpec {
  const types = world.instanceTypes();
  if (q.instanceType !== undefined) {
    const t = instanceType(q.instanceType, types);
    if (!t)
      throw new EmulatorError(
        'InvalidInstanceType.ValueNotSupported',
        `The specified InstanceType ${JSON.stringify(q.instanceType)} is not supported.`,
        'InstanceType',
      );
    return t;
  }
  if (q.cpu !== undefined || q.memory !== undefined) {
    for (const [param, value] of [
      ['Cpu', q.cpu],
      ['Memory', q.memory],
    ] as const) {
      if (value !== undefined && !(value > 0)) throw invalid(param, value, 'it must be greater than 0');
    }
    const t = matchInstanceType({ ...(q.cpu !== undefined ? { cpu: q.cpu } : {}), ...(q.memory !== undefined ? { memory: q.memory } : {}) }, types);
    if (!t) throw invalid(q.cpu !== undefined ? 'Cpu' : 'Memory', q.cpu ?? q.memory, `no instance type has ${q.cpu ?? 0} vCPUs and ${q.memory ?? 0} GiB`);
    return t;
  }
  return instanceType(world.spec.defaultInstanceType ?? DEFAULT_INSTANCE_TYPE, types)!;
}

export function containerGroupPrice(world: World, q: PriceQuery): PriceAnswer {
  const region = world.region(q.regionId);
  if (!region) throw new EmulatorError('InvalidRegionId.NotFound', `The specified region ${JSON.stringify(q.regionId)} does not exist.`, 'RegionId');
  if (q.zoneId !== undefined && !region.zones.some((z) => z.zoneId === q.zoneId)) {
    throw new EmulatorError(
      'InvalidZoneId.NotFound',
      `The specified ZoneId ${JSON.stringify(q.zoneId)} does not exist in region ${q.regionId}; its zones are ${region.zones.map((z) => z.zoneId).join(', ')}.`,
      'ZoneId',
    );
  }
  if (q.spot.strategy === 'SpotWithPriceLimit' && !(q.spot.priceLimit > 0))
    throw invalid('SpotPriceLimit', q.spot.priceLimit, 'SpotStrategy SpotWithPriceLimit needs a SpotPriceLimit greater than 0');
  const type = sizeOf(world, q);
  const originalPrice = round(world.price(type));
  const spotPrices: SpotMarket[] = [];
  if (q.spot.strategy !== 'NoSpot') {
    for (const zone of region.zones) {
      // A closed zone sells nothing, on either market (placement.ts).
      if ((q.zoneId !== undefined && zone.zoneId !== q.zoneId) || zone.state === 'closed' || !offeredIn(zone, type)) continue;
      spotPrices.push({ zoneId: zone.zoneId, instanceType: type.name, spotPrice: round(world.spotPrice(zone, type)), originPrice: originalPrice });
    }
  }
  const spot = q.spot;
  const affordable = spotPrices.filter((s) => spot.strategy !== 'SpotWithPriceLimit' || s.spotPrice <= spot.priceLimit).map((s) => s.spotPrice);
  const tradePrice = affordable.length ? Math.min(...affordable) : originalPrice;
  return { type, originalPrice, tradePrice, discountPrice: round(originalPrice - tradePrice), currency: 'CNY', spotPrices };
}
