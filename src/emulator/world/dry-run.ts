// CreateContainerGroup with DryRun=true: ECI checks "request parameters, service limits and
// inventory" without creating anything. Here that is every cause the platform would meet at the
// scheduling step that can be read without taking anything: the first one refuses the dry run
// with the cause's reason as the error code and its rendered message.
import { renderReason } from '../../catalog/index.js';
import type { CatalogEvent } from '../hooks.js';
import { ev } from './causes/event.js';
import { requestLimits } from './causes/limits.js';
import type { ProvisionRequest } from './causes/request.js';
import type { World } from './world.js';

function stock(world: World, p: ProvisionRequest): CatalogEvent | undefined {
  for (const v of p.vSwitches) {
    const zone = world.zone(v.zoneId)?.zone;
    if (!zone || zone.state === 'closed') continue;
    for (const t of p.instanceTypes) {
      if (zone.instanceTypes !== undefined && !zone.instanceTypes.includes(t.name)) continue;
      if (world.stockLeft(zone, 'stock', t.name) > 0 || (p.spotStrategy !== 'NoSpot' && world.stockLeft(zone, 'spotStock', t.name) > 0)) return undefined;
    }
  }
  const first = p.vSwitches[0];
  return first ? ev('NoStock', `zone: ${p.vSwitches.map((v) => v.zoneId).join(',')}, instanceType: ${p.instanceTypes.map((t) => t.name).join(',')}`) : undefined;
}

/** The first cause that would refuse this creation, as [reason, message]; undefined when none would. */
export function dryRun(world: World, p: ProvisionRequest): { reason: string; message: string } | undefined {
  const cause = requestLimits(world, p) ?? stock(world, p);
  return cause && { reason: cause.reason, message: renderReason(cause.reason, cause.args as never) };
}
