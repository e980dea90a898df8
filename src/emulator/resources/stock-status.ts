// How much of a type a zone can sell to an account, in the four words ECS's
// DescribeAvailableResource uses for StatusCategory (docs/WORLD.md, "Available resources"):
// WithStock (enough), ClosedWithStock (low: fewer units than the zone's low-water mark),
// WithoutStock (sold out, the stock comes back as instances end), ClosedWithoutStock (not sold
// here: the zone is closed, or limited to accounts already in it).
import type { InstanceTypeSpec } from '../instance-types.js';
import type { ZoneWorldSpec } from '../world/spec.js';
import type { World } from '../world/world.js';

export type StatusCategory = 'WithStock' | 'ClosedWithStock' | 'WithoutStock' | 'ClosedWithoutStock';

/** Best first: a family is as available as its most available type. */
export const STATUS_ORDER: readonly StatusCategory[] = ['WithStock', 'ClosedWithStock', 'WithoutStock', 'ClosedWithoutStock'];

export type SpotAsk = { strategy: 'NoSpot' } | { strategy: 'SpotAsPriceGo' } | { strategy: 'SpotWithPriceLimit'; priceLimit: number };

/** Whether the zone sells to the account: a limited zone only to accounts with a living instance there (placement.ts). */
export function zoneSellsTo(world: World, account: string, zone: ZoneWorldSpec): boolean {
  if (zone.state === 'closed') return false;
  if (zone.state !== 'limited') return true;
  for (const p of world.placements.values()) if (p.account === account && p.zoneId === zone.zoneId) return true;
  return false;
}

export function offeredIn(zone: ZoneWorldSpec, t: InstanceTypeSpec): boolean {
  return zone.instanceTypes === undefined || zone.instanceTypes.includes(t.name);
}

/** The status of one type in one zone for the account, on the market asked for. */
export function stockStatus(world: World, account: string, zone: ZoneWorldSpec, t: InstanceTypeSpec, spot: SpotAsk): StatusCategory {
  if (!zoneSellsTo(world, account, zone)) return 'ClosedWithoutStock';
  const kind = spot.strategy === 'NoSpot' ? 'stock' : 'spotStock';
  // A spot limit below the market price buys nothing, as a creation with it would not get spot (placement.ts).
  if (spot.strategy === 'SpotWithPriceLimit' && world.spotPrice(zone, t) > spot.priceLimit) return 'WithoutStock';
  const left = world.stockLeft(zone, kind, t.name);
  if (left <= 0) return 'WithoutStock';
  if (kind === 'stock' && left < (zone.lowWaterMark ?? 0)) return 'ClosedWithStock';
  return 'WithStock';
}
