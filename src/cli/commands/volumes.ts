import { UsageError, type Io } from '../io.js';
import { callAction, type ClientOptions } from './client.js';

export interface VolumesOptions extends ClientOptions {
  region: string;
  volume?: string;
  size?: string;
}

/** Volumes through the OpenAPI: resize GROUP --volume NAME --size GIB (ResizeContainerGroupVolume). */
export async function volumesCommand(verb: string, group: string | undefined, options: VolumesOptions, io: Io): Promise<void> {
  if (verb !== 'resize') throw new UsageError(`unknown volumes command ${JSON.stringify(verb)}: use resize`);
  if (!group || !options.volume || !options.size) throw new UsageError('volumes resize needs a group id, --volume NAME and --size GIB');
  await callAction(options, 'ResizeContainerGroupVolume', {
    RegionId: options.region,
    ContainerGroupId: group,
    VolumeName: options.volume,
    NewSize: options.size,
  });
  return io.out(`resized ${options.volume} of ${group} to ${options.size} GiB`);
}
