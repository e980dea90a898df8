import type { ActionContext } from './deps.js';
import { RpcError } from './errors.js';

/** RegionId is required on every action and must be one the service knows. */
export function requireRegion(ctx: ActionContext): string {
  const regionId = ctx.params.str('RegionId', { required: true, max: 64 });
  if (!ctx.deps.emulator.regions().some((r) => r.regionId === regionId)) {
    throw new RpcError('InvalidRegionId.NotFound', `The specified region "${regionId}" does not exist; DescribeRegions lists the regions.`);
  }
  return regionId;
}
