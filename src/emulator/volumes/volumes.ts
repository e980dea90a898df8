// ResizeContainerGroupVolume: a running group's disk volume grows ("only expansion, no
// shrinking; only disk volumes", ECI's documentation). A disk the platform created for the group
// (Volume.N.DiskVolume.DiskSize) counts against the account's disk quota as at creation, so the
// growth is checked against it first and refused, changing nothing, when it does not fit; a disk
// of the world the group attached (DiskVolume.DiskId) grows in the world's region. The same size
// again only grows the file system: it changes nothing here.
import { renderReason } from '../../catalog/index.js';
import { EmulatorError, invalid } from '../errors.js';
import type { GroupRuntime } from '../runtime.js';
import { MAX_DISK_GIB } from '../world/bounds.js';
import { diskQuotaExceeded } from '../world/causes/account.js';
import type { World } from '../world/world.js';

export interface ResizeRequest {
  account: string;
  regionId: string;
  containerGroupId: string;
  volumeName: string;
  /** GiB. */
  newSize: number;
}

export interface VolumesContext {
  world: World;
  /** The account's group in the region (throws InvalidContainerGroupId.NotFound). */
  group: (account: string, id: string, regionId: string) => GroupRuntime;
}

export class Volumes {
  constructor(private readonly ctx: VolumesContext) {}

  /** The disk's size after the call, GiB. */
  resize(req: ResizeRequest): number {
    const rt = this.ctx.group(req.account, req.containerGroupId, req.regionId);
    const volume = rt.volumes.find((v) => v.name === req.volumeName);
    if (!volume) throw invalid('VolumeName', req.volumeName, `the container group ${rt.group.id} has no volume of that name`);
    // ECI's own text for a volume that is not a disk (403 InvalidVolumeType).
    if (volume.type !== 'DiskVolume')
      throw new EmulatorError('InvalidVolumeType', 'The specified volumeName is invalid, only volume of cloud disk support capacity resize', 'VolumeName');
    const placement = this.ctx.world.placements.get(rt.group.id);
    if (rt.group.status !== 'Running' || !placement) {
      throw new EmulatorError(
        'IncorrectStatusDetail',
        `The container group ${rt.group.id} is ${rt.group.status}; its volumes can be resized only while it is Running.`,
        'ContainerGroupId',
      );
    }
    const disk = volume.diskId === undefined ? undefined : this.ctx.world.region(rt.group.regionId)?.disks?.find((d) => d.diskId === volume.diskId);
    const current = disk ? disk.sizeGiB : (volume.diskSize ?? 0);
    if (req.newSize < current)
      throw invalid('NewSize', req.newSize, `the disk of volume ${req.volumeName} is ${current} GiB; a volume can only be expanded, not shrunk`);
    if (req.newSize === current) return current;
    if (disk) {
      if (req.newSize > MAX_DISK_GIB) throw invalid('NewSize', req.newSize, `a disk of the world holds at most ${MAX_DISK_GIB} GiB`);
      this.ctx.world.editSpec(() => (disk.sizeGiB = req.newSize));
      return req.newSize;
    }
    const refused = diskQuotaExceeded(this.ctx.world, rt.group.account, rt.group.regionId, req.newSize - current);
    if (refused) throw new EmulatorError('DiskCapacityQuotaFull', renderReason(refused.reason, refused.args as never), 'NewSize');
    this.ctx.world.addDiskGiB(rt.group.id, req.newSize - current);
    volume.diskSize = req.newSize;
    return req.newSize;
  }
}
