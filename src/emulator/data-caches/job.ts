// The temporary instance that loads a data cache (its job): a real container group of the
// account, whose one container runs a script in the emulator's command language
// (container-fate.ts) that writes what the load does and, on a load error, the error, then exits
// non-zero. Its log and events are the ones DataCacheJobStartFailed and DataCacheLoadFailed point to.
import type { ContainerGroup } from '../container-group.js';
import type { CreateRequest } from '../requests.js';
import type { DataCache } from './data-cache.js';
import { locationOf } from './source.js';

/** The loader's image: ECI's own, in the region's VPC registry (the image model pulls it). */
export function loaderImage(regionId: string): string {
  return `registry-vpc.${regionId}.aliyuncs.com/eci_open/data-loader:1.0`;
}

export const LOADER_CONTAINER = 'data-loader';
/** The loader's size (ECI documents none; the smallest general-purpose size that fits it). */
const LOADER_CPU = 2;
const LOADER_MEMORY_GIB = 4;
const GIB = 1024 ** 3;

/** What the load will do: the bytes it writes, how long, and whether they fit the cache disk. */
export interface LoadPlan {
  sourceBytes: number;
  capacityBytes: number;
  seconds: number;
  fits: boolean;
}

export function planLoad(sourceGB: number, sizeGiB: number, speedMBps: number): LoadPlan {
  const sourceBytes = Math.round(sourceGB * 1e9);
  const capacityBytes = sizeGiB * GIB;
  const fits = sourceBytes <= capacityBytes;
  // A load that does not fit writes until the disk is full.
  const written = Math.min(sourceBytes, capacityBytes);
  return { sourceBytes, capacityBytes, fits, seconds: Math.max(1, Math.ceil(written / (speedMBps * 1e6))) };
}

/** The loader's script. No `;`, `&&` or quotes inside a line: they would split or end it. */
export function loaderScript(cache: DataCache, plan: LoadPlan): string {
  const from = `${cache.dataSource.type} ${locationOf(cache.dataSource)}`;
  const to = `bucket ${cache.bucket} path ${cache.path}`;
  const lines = [`echo data-loader: loading ${from} into ${to}, ${plan.sourceBytes} bytes`, `sleep ${plan.seconds}`];
  if (plan.fits) {
    lines.push(`echo data-loader: loaded ${plan.sourceBytes} bytes in ${plan.seconds}s`, 'exit 0');
  } else {
    lines.push(
      `echo data-loader: error: write ${cache.path}: no space left on device, the data is ${plan.sourceBytes} bytes and the cache holds ${plan.capacityBytes} bytes (Size ${cache.sizeGiB} GiB)`,
      'exit 1',
    );
  }
  return lines.join('; ');
}

export function jobRequest(cache: DataCache, plan: LoadPlan, vSwitchId: string | undefined): CreateRequest {
  return {
    account: cache.account,
    regionId: cache.regionId,
    containerGroupName: `${cache.id}-loader`,
    restartPolicy: 'Never',
    cpu: LOADER_CPU,
    memory: LOADER_MEMORY_GIB,
    ...(vSwitchId ? { vSwitchId } : {}),
    ...(cache.securityGroupId ? { securityGroupId: cache.securityGroupId } : {}),
    // The disk the data is written to, snapshotted once loaded: it counts against the disk quota.
    volumes: [{ name: 'data', type: 'DiskVolume', diskSize: cache.sizeGiB }],
    containers: [{ name: LOADER_CONTAINER, image: loaderImage(cache.regionId), commands: ['sh', '-c', loaderScript(cache, plan)] }],
  };
}

/** What a data cache asks of the container groups. */
export interface JobGroups {
  /**
   * Creates the job of the cache; throws the EmulatorError the creation gets. The job keeps the
   * cache's id, and each status it takes is told to DataCaches.jobStatus with it.
   */
  create(req: CreateRequest, cacheId: string): ContainerGroup;
  /** Deletes the job if it still lives. */
  stop(account: string, id: string): void;
}
