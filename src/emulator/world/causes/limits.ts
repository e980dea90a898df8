// The causes read before any place is searched, in the order the platform meets them: the
// service role, the request's own limits, the account's money and quotas, the network's
// defaults. Shared by a real creation and a dry run.
import type { CatalogEvent } from '../../hooks.js';
import type { World } from '../world.js';
import { diskQuota, jobStorage, permissions } from './account.js';
import { ev } from './event.js';
import type { ProvisionRequest } from './request.js';

function securityGroupRoom(world: World, p: ProvisionRequest): CatalogEvent | undefined {
  const sg = world.directory.region(p.regionId)?.securityGroups.find((g) => g.securityGroupId === p.securityGroupId);
  if (!sg) return undefined;
  let members = 0;
  for (const pl of world.placements.values()) if (pl.securityGroupId === sg.securityGroupId) members += 1;
  return members + 1 > sg.maxInstances ? ev('QuotaFull', sg.securityGroupId) : undefined;
}

/** Limits of the request as a whole; those that depend on the instance type are checked per type (placement.ts). */
export function requestLimits(world: World, p: ProvisionRequest): CatalogEvent | undefined {
  return (
    permissions(world, p) ??
    jobStorage(world, p) ??
    diskQuota(world, p) ??
    (p.vSwitches.length === 0
      ? ev('MissDefaultVpc', `The default VPC does not exist in region ${p.regionId}; specify VSwitchId and SecurityGroupId`)
      : undefined) ??
    securityGroupRoom(world, p)
  );
}
