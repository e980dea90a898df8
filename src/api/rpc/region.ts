import type { ActionContext } from './deps.js';
import { ApiError } from '../core/errors.js';

/** RegionId is required on every action and must be one the service knows. */
export function requireRegion(ctx: ActionContext): string {
  const regionId = ctx.params.str('RegionId', { required: true, max: 64 });
  if (!ctx.deps.emulator.regions().some((r) => r.regionId === regionId)) {
    throw new ApiError('InvalidRegionId.NotFound', `The specified region "${regionId}" does not exist; DescribeRegions lists the regions.`);
  }
  return regionId;
}
