// DescribeAvailableResource: per zone of a region, the instance types (or their families) the
// world sells the account, each with its StatusCategory (stock-status.ts). Read only.
import { EmulatorError, invalid } from '../errors.js';
import type { InstanceTypeSpec } from '../instance-types.js';
import type { World } from '../world/world.js';
import { offeredIn, STATUS_ORDER, stockStatus, type SpotAsk, type StatusCategory } from './stock-status.js';

export type ResourceCategory = 'InstanceTypeFamily' | 'InstanceType';

export interface AvailableQuery {
  account: string;
  regionId: string;
  zoneId?: string;
  category: ResourceCategory;
  /** A family (`ecs.g6`) or a type (`ecs.g6.large`), as the category says. */
  value?: string;
  /** vCPUs and GiB a type must have exactly (Category InstanceType only). */
  cores?: number;
  memory?: number;
  spot: SpotAsk;
}

export interface SupportedResource {
  value: string;
  statusCategory: StatusCategory;
}

export interface AvailableZone {
  regionId: string;
  zoneId: string;
  category: ResourceCategory;
  supported: SupportedResource[];
}

/** `ecs.g6.large` → `ecs.g6`: ECS names a type as family.size. */
export function familyOf(typeName: string): string {
  return typeName.slice(0, typeName.lastIndexOf('.'));
}

function matches(q: AvailableQuery, t: InstanceTypeSpec): boolean {
  if (q.value !== undefined && (q.category === 'InstanceType' ? t.name : familyOf(t.name)) !== q.value) return false;
  if (q.cores !== undefined && t.cpu !== q.cores) return false;
  if (q.memory !== undefined && t.memory !== q.memory) return false;
  return true;
}

export function availableResources(world: World, q: AvailableQuery): AvailableZone[] {
  const region = world.region(q.regionId);
  if (!region) throw new EmulatorError('InvalidRegionId.NotFound', `The specified region ${JSON.stringify(q.regionId)} does not exist.`, 'RegionId');
  if (q.zoneId !== undefined && !region.zones.some((z) => z.zoneId === q.zoneId)) {
    throw new EmulatorError(
      'InvalidZoneId.NotFound',
      `The specified ZoneId ${JSON.stringify(q.zoneId)} does not exist in region ${q.regionId}; its zones are ${region.zones.map((z) => z.zoneId).join(', ')}.`,
      'ZoneId',
    );
  }
  if (q.spot.strategy !== 'NoSpot' && (q.category !== 'InstanceType' || (q.value === undefined && (q.cores === undefined || q.memory === undefined)))) {
    // "When SpotStrategy is SpotWithPriceLimit or SpotAsPriceGo, Category must be InstanceType,
    // with the type (Value) or the vCPUs and memory (Cores and Memory)." (ECI's API reference)
    throw invalid(
      'SpotResource.SpotStrategy',
      q.spot.strategy,
      'a spot query needs DestinationResource.Category InstanceType with DestinationResource.Value, or with DestinationResource.Cores and DestinationResource.Memory',
    );
  }
  const types = world.instanceTypes().filter((t) => matches(q, t));
  const out: AvailableZone[] = [];
  for (const zone of region.zones) {
    if (q.zoneId !== undefined && zone.zoneId !== q.zoneId) continue;
    const byValue = new Map<string, StatusCategory>();
    for (const t of types) {
      if (!offeredIn(zone, t)) continue;
      const status = stockStatus(world, q.account, zone, t, q.spot);
      const value = q.category === 'InstanceType' ? t.name : familyOf(t.name);
      const before = byValue.get(value);
      if (!before || STATUS_ORDER.indexOf(status) < STATUS_ORDER.indexOf(before)) byValue.set(value, status);
    }
    if (byValue.size === 0) continue;
    const supported = [...byValue]
      .map(([value, statusCategory]) => ({ value, statusCategory }))
      .sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
    out.push({ regionId: q.regionId, zoneId: zone.zoneId, category: q.category, supported });
  }
  return out;
}
