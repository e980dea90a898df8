// CreateContainerGroup's data-cache parameters (the SDK's CreateContainerGroupRequest names()):
// DataCacheBucket, the only one required to mount a cache ("DataCacheBucket is the only required
// parameter"), and the settings of the disk made from the cache's snapshot.
import type { DataCacheMount } from '../../../emulator/index.js';
import { invalid } from '../../core/errors.js';
import type { Params } from '../params.js';
import { dataCacheBucket } from './data-cache-params.js';

/** DataCachePL: an ESSD's performance levels (default PL1). */
const PERFORMANCE_LEVELS = ['PL0', 'PL1', 'PL2', 'PL3'] as const;
/** DataCacheProvisionedIops: "Valid values: 0 to min{50000, 1000 × capacity − baseline}"; the capacity part is not modelled. */
const MAX_PROVISIONED_IOPS = 50_000;

export function dataCacheMount(params: Params): DataCacheMount | undefined {
  const bucket = dataCacheBucket(params, 'DataCacheBucket');
  const performanceLevel = params.str('DataCachePL', { oneOf: PERFORMANCE_LEVELS });
  const provisionedIops = params.int('DataCacheProvisionedIops', { min: 0, max: MAX_PROVISIONED_IOPS });
  const burstingEnabled = params.bool('DataCacheBurstingEnabled');
  if (bucket === undefined) {
    const stray =
      performanceLevel !== undefined
        ? 'DataCachePL'
        : provisionedIops !== undefined
          ? 'DataCacheProvisionedIops'
          : burstingEnabled !== undefined
            ? 'DataCacheBurstingEnabled'
            : undefined;
    if (stray) throw invalid(stray, 'it sets the disk of a data cache, and DataCacheBucket is not given.');
    return undefined;
  }
  return {
    bucket,
    ...(performanceLevel ? { performanceLevel } : {}),
    ...(provisionedIops !== undefined ? { provisionedIops } : {}),
    ...(burstingEnabled !== undefined ? { burstingEnabled } : {}),
  };
}
