// Causes on the account: the ECI service role and its permissions, the balance, the vCPU and
// instance-type quotas, the disk capacity quotas. Each returns the event that explains a
// refusal, or undefined.
import type { CatalogEvent } from '../../hooks.js';
import type { InstanceTypeSpec } from '../../instance-types.js';
import type { World } from '../world.js';
import { ev } from './event.js';
import { diskGiB, type ProvisionRequest } from './request.js';

/** The service-linked role ECI acts through. */
export const SERVICE_ROLE = 'AliyunServiceRoleForECI';

/** RAM actions the platform performs for a creation, in the order it performs them. */
export function neededActions(p: ProvisionRequest): string[] {
  const r = p.request;
  const actions = ['ecs:CreateNetworkInterface', 'ecs:AttachNetworkInterface'];
  if (r.autoCreateEip) actions.push('vpc:AllocateEipAddress');
  if (r.autoCreateEip || r.eipInstanceId) actions.push('vpc:AssociateEipAddress');
  if ((r.volumes ?? []).some((v) => v.type === 'DiskVolume')) actions.push('ecs:AttachDisk');
  if (r.containers.some((c) => (c.env ?? []).some((e) => /^aliyun_logs_/.test(e.key)))) actions.push('log:CreateLogStore');
  return actions;
}

export function permissions(world: World, p: ProvisionRequest): CatalogEvent | undefined {
  const a = world.account(p.account);
  if (a.serviceLinkedRole === false) return ev('Unauthorized', `${SERVICE_ROLE} (the service-linked role does not exist)`);
  const denied = neededActions(p).find((action) => (a.deniedActions ?? []).includes(action));
  return denied ? ev('Unauthorized', denied) : undefined;
}

/** Pay-as-you-go needs the first hour covered, at the price of the market the instance is bought on. */
export function balance(world: World, p: ProvisionRequest, t: InstanceTypeSpec, pricePerHour: number): CatalogEvent | undefined {
  return world.balance(p.account) < pricePerHour ? ev('InsufficientBalance', t.name) : undefined;
}

export function quota(world: World, p: ProvisionRequest, t: InstanceTypeSpec): CatalogEvent | undefined {
  const q = world.account(p.account).quotas ?? {};
  let vcpu = 0;
  let sameType = 0;
  for (const pl of world.placements.values()) {
    if (pl.account !== p.account) continue;
    vcpu += pl.cpu;
    if (pl.instanceType === t.name) sameType += 1;
  }
  const typeQuota = q.instanceTypes?.[t.name];
  if (vcpu + t.cpu > (q.vcpu ?? Infinity) || (typeQuota !== undefined && sameType + 1 > typeQuota)) return ev('QuotaExceeded', t.name);
  return undefined;
}

/** GiB of disk the account's instances hold: in every region, and in `regionId`. */
export function diskUse(world: World, account: string, regionId: string): { all: number; region: number } {
  let all = 0;
  let region = 0;
  for (const pl of world.placements.values()) {
    if (pl.account !== account) continue;
    all += pl.diskGiB;
    if (pl.regionId === regionId) region += pl.diskGiB;
  }
  return { all, region };
}

/** The disk quota `want` more GiB would exceed, as its catalog event (undefined: it fits). */
export function diskQuotaExceeded(world: World, account: string, regionId: string, want: number): CatalogEvent | undefined {
  if (want <= 0) return undefined;
  const q = world.account(account).quotas ?? {};
  const { all, region } = diskUse(world, account, regionId);
  if (all + want > (q.diskGiB ?? Infinity)) return ev('DiskCapacityQuotaFull');
  const regional = q.diskGiBPerRegion?.[regionId];
  if (regional !== undefined && region + want > regional) return ev('DiskCapacityQuotaFull', regionId);
  return undefined;
}

export function diskQuota(world: World, p: ProvisionRequest): CatalogEvent | undefined {
  return diskQuotaExceeded(world, p.account, p.regionId, diskGiB(p.request));
}

/** A job (a group that is meant to end: RestartPolicy Never or OnFailure) has an ephemeral storage cap. */
export function jobStorage(world: World, p: ProvisionRequest): CatalogEvent | undefined {
  const size = p.request.ephemeralStorage;
  const limit = world.spec.platform?.jobEphemeralStorageLimitGiB ?? Infinity;
  if (p.restartPolicy === 'Always' || size === undefined || size <= limit) return undefined;
  return ev('EphemeralStorageSizeExceededJobLimit', `${size}GiB`, `${limit}GiB`);
}

/** Custom CPU options: valid when ThreadsPerCore is 1 or 2 and the core count fits the type. */
export function cpuOptionsValid(p: ProvisionRequest, t: InstanceTypeSpec): boolean {
  const o = p.request.cpuOptions;
  if (!o) return true;
  const threads = o.threadsPerCore ?? 2;
  const core = o.core ?? Math.max(1, Math.floor(t.cpu / 2));
  return (threads === 1 || threads === 2) && core >= 1 && core * 2 <= t.cpu && Number.isInteger(core);
}
