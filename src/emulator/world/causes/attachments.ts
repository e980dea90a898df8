// What is attached to a placed instance: its ENI (the ENI service and the host can fail), an
// EIP (an existing one, or one the platform allocates), and disks. Each check returns the event
// of a refusal or what the instance will hold.
import type { CatalogEvent } from '../../hooks.js';
import type { World } from '../world.js';
import { ev } from './event.js';
import type { ProvisionRequest } from './request.js';

export function eni(world: World, p: ProvisionRequest, vSwitchId: string, hostId: string): CatalogEvent | undefined {
  const created = world.faults.hit('eni-service-error', p.regionId);
  if (created) return ev('CreateENIFailed', `Create ENI in vSwitch ${vSwitchId} failed: ${created.detail ?? 'InternalError: the ENI service is unavailable'}`);
  const attached = world.faults.hit('eni-attach-error', hostId);
  if (attached)
    return ev('AttachENIFailed', `Attach ENI to the instance on host ${hostId} failed: ${attached.detail ?? 'OperationFailed: the host did not answer'}`);
  return undefined;
}

export interface EipHold {
  eipId: string;
  autoEip: boolean;
  bandwidthPackageId?: string;
}

export function eip(world: World, p: ProvisionRequest): { hold?: EipHold; event?: CatalogEvent } {
  const r = p.request;
  const region = world.region(p.regionId);
  if (r.eipInstanceId !== undefined) {
    const id = r.eipInstanceId;
    const known = region?.eips?.find((e) => e.allocationId === id);
    const auto = world.autoEips.get(id);
    if (!known && !(auto && auto.account === p.account)) return { event: ev('EipNotFound', id) };
    const boundHere = [...world.placements.values()].some((pl) => pl.eipId === id);
    if (known?.boundTo || boundHere) return { event: ev('EipBoundOtherInstance', id) };
    return { hold: { eipId: id, autoEip: false } };
  }
  if (!r.autoCreateEip) return {};
  const down = world.faults.hit('eip-service-error', p.regionId);
  if (down) return { event: ev('CreateEipFailed', `Allocate EIP failed: ${down.detail ?? 'ServiceUnavailable: the EIP service is unavailable'}`) };
  const quota = world.account(p.account).quotas?.eips ?? Infinity;
  const held = [...world.autoEips.values()].filter((e) => e.account === p.account).length;
  if (held + 1 > quota)
    return { event: ev('CreateEipFailed', `Allocate EIP failed: QuotaExceeded.Eip: the account holds ${held} EIPs, its quota is ${quota}`) };
  const pkgId = r.eipCommonBandwidthPackage;
  if (pkgId !== undefined) {
    const pkg = region?.bandwidthPackages?.find((b) => b.id === pkgId);
    if (!pkg) return { event: ev('CreateEipFailed', `Allocate EIP failed: InvalidBandwidthPackageId.NotFound: bandwidth package ${pkgId} does not exist`) };
    const inPkg = [...world.autoEips.values()].filter((e) => e.bandwidthPackageId === pkgId).length;
    if (inPkg + 1 > pkg.maxEips)
      return {
        event: ev(
          'EipBandwidthPackageQuotaExceeded',
          `The bandwidth package ${pkgId} holds ${inPkg} EIPs, its quota is ${pkg.maxEips}; the EIP cannot be added to it`,
        ),
      };
  }
  return { hold: { eipId: world.newEipId(region?.idPrefix ?? ''), autoEip: true, ...(pkgId ? { bandwidthPackageId: pkgId } : {}) } };
}

export function disks(world: World, p: ProvisionRequest, zoneId: string): { diskIds: string[]; event?: CatalogEvent } {
  const region = world.region(p.regionId);
  const ids: string[] = [];
  for (const v of p.request.volumes ?? []) {
    if (v.type !== 'DiskVolume' || v.diskId === undefined) continue;
    const d = region?.disks?.find((x) => x.diskId === v.diskId);
    const inUse = [...world.placements.values()].some((pl) => pl.diskIds.includes(v.diskId!));
    if (!d || d.zoneId !== zoneId || d.attachedTo || inUse || ids.includes(v.diskId)) return { diskIds: [], event: ev('AttachDiskFailed', v.diskId) };
    ids.push(v.diskId);
  }
  return { diskIds: ids };
}
