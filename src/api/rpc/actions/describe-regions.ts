import type { ActionContext } from '../deps.js';
import type { OperationDoc } from './operation-doc.js';

/** The regions and zones the service models. RegionId is accepted but not required here. */
export async function describeRegions(ctx: ActionContext) {
  ctx.params.str('RegionId', { max: 64 });
  return {
    Regions: ctx.deps.emulator.regions().map((r) => ({
      RegionId: r.regionId,
      RegionEndpoint: r.regionEndpoint,
      Zones: r.zones,
      RecommendZones: r.recommendZones,
    })),
  };
}

/** The row of docs/OPERATIONS.md for DescribeRegions. */
export const REGION_OPERATIONS: OperationDoc[] = [{ action: 'DescribeRegions', does: "The world's regions with their zones and endpoints.", doesNot: '—' }];
