// ResizeContainerGroupVolume: parse by the SDK's wire names (ContainerGroupId, VolumeName,
// NewSize, ClientToken), hand to the emulator's volumes; the answer is the RequestId alone.
import type { ActionContext } from '../deps.js';
import { invalid } from '../../core/errors.js';
import { requireRegion } from '../region.js';
import type { OperationDoc } from './operation-doc.js';

/** NewSize, GiB: "cloud_efficiency, cloud_ssd, cloud_essd: 20 to 32768" (the basic disk's 5 to 2000 is within it). */
export const MIN_NEW_SIZE = 20;
export const MAX_NEW_SIZE = 32_768;

export async function resizeContainerGroupVolume(ctx: ActionContext) {
  const regionId = requireRegion(ctx);
  const { params } = ctx;
  const containerGroupId = params.str('ContainerGroupId', { required: true, max: 64 });
  if (!/^eci-[a-z0-9]+$/.test(containerGroupId))
    throw invalid('ContainerGroupId', `${JSON.stringify(containerGroupId)} is not a container group id (eci-...).`);
  const volumeName = params.str('VolumeName', { required: true, max: 128 });
  const newSize = params.int('NewSize', { required: true, min: MIN_NEW_SIZE, max: MAX_NEW_SIZE })!;
  // Idempotent by nature: the same NewSize again changes nothing.
  params.str('ClientToken', { max: 64, pattern: /^[\x20-\x7e]+$/, patternText: 'may hold only ASCII characters' });
  ctx.deps.emulator.volumes.resize({ account: ctx.caller.account, regionId, containerGroupId, volumeName, newSize });
  return {};
}

export const VOLUME_OPERATIONS: OperationDoc[] = [
  {
    action: 'ResizeContainerGroupVolume',
    does: "Grows a disk volume of a Running group: a disk the platform made (DiskVolume.DiskSize) against the account's disk quota (DiskCapacityQuotaFull, nothing changed), an attached disk of the world (DiskVolume.DiskId) in the world; shrinking is refused (InvalidParameter NewSize), another volume type is 403 InvalidVolumeType, a group not Running 403 IncorrectStatusDetail.",
    doesNot: "Disk categories are not modelled: NewSize is 20 to 32768 GiB for every disk; the file system's own growth is not shown anywhere.",
  },
];
