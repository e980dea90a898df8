// CreateContainerGroup with DryRun=true: ECI checks "request parameters, service limits and
// inventory" without creating anything. Here that is every cause the platform would meet at the
// scheduling step, read without taking anything (a dry search): the first one refuses the dry
// run with the cause's reason as the error code and its rendered message. Faults and flow
// control are left out: they are about when the creation runs, not whether it could.
import { renderReason } from '../../catalog/index.js';
import { requestLimits } from './causes/limits.js';
import { search } from './causes/placement.js';
import type { ProvisionRequest } from './causes/request.js';
import type { World } from './world.js';

/** The first cause that would refuse this creation, as its reason and message; undefined when none would. */
export function dryRun(world: World, p: ProvisionRequest): { reason: string; message: string } | undefined {
  const limit = requestLimits(world, p);
  const found = limit ? undefined : search(world, p, true);
  const cause = limit ?? (found && !found.ok ? found.events[0] : undefined);
  return cause && { reason: cause.reason, message: renderReason(cause.reason, cause.args as never) };
}
