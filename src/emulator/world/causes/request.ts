// What provisioning needs to know of a group's creation request, kept with the group from the
// CreateContainerGroup call until the platform has placed it.
import type { InstanceTypeSpec } from '../../instance-types.js';
import type { VSwitchSpec } from '../../regions.js';
import type { CreateRequest } from '../../requests.js';

export interface ProvisionRequest {
  groupId: string;
  account: string;
  regionId: string;
  /** vSwitches to try, in order (each in its zone); empty: the region has no default VPC. */
  vSwitches: VSwitchSpec[];
  /** Instance types to try, in order. */
  instanceTypes: InstanceTypeSpec[];
  securityGroupId: string;
  spotStrategy: 'NoSpot' | 'SpotWithPriceLimit' | 'SpotAsPriceGo';
  spotPriceLimit?: number;
  restartPolicy: 'Always' | 'OnFailure' | 'Never';
  request: Readonly<CreateRequest>;
}

/** GiB of disk the group counts against the disk quotas: its ephemeral storage and new disks. */
export function diskGiB(req: Readonly<CreateRequest>): number {
  const volumes = (req.volumes ?? []).filter((v) => v.type === 'DiskVolume' && v.diskId === undefined);
  return (req.ephemeralStorage ?? 0) + volumes.reduce((n, v) => n + (v.diskSize ?? 0), 0);
}
