// Records a data cache's events. The involved object is the cache (kind DataCache, as ECI's
// DataCache custom resource names it); the container group is the cache's loading job once
// there is one, so DescribeContainerGroupEvents of the job and DescribeDataCaches both show them.
import type { ArgsFor, Reason } from '../../catalog/index.js';
import type { Clock } from '../../model/clock.js';
import type { Reporter } from '../turn-writes.js';
import { PLATFORM_SOURCE } from '../group-events.js';
import type { DataCache } from './data-cache.js';

/** ECI's DataCache custom resource (datacaches.eci.aliyun.com, "apiVersion: eci.aliyun.com/v1alpha1"). */
export const DATA_CACHE_API_VERSION = 'eci.aliyun.com/v1alpha1';

export function dataCacheRef(cache: Pick<DataCache, 'id'>) {
  return { kind: 'DataCache', apiVersion: DATA_CACHE_API_VERSION, name: cache.id, namespace: 'default', uid: cache.id };
}

export class DataCacheEvents {
  constructor(
    private readonly recorder: Reporter,
    private readonly clock: Clock,
    private readonly onError: (err: unknown) => void,
  ) {}

  platform<R extends Reason>(cache: DataCache, reason: R, args: ArgsFor<R>): void {
    let pending: Promise<unknown>;
    try {
      pending = this.recorder.reportUnchecked({
        object: dataCacheRef(cache),
        reason,
        args: [...args],
        // Before a job exists the cache's own id stands for the group, so its events are still found by id.
        options: { account: cache.account, containerGroupId: cache.containerGroupId ?? cache.id, source: { ...PLATFORM_SOURCE }, timestamp: this.clock.now() },
      });
    } catch (err) {
      this.onError(err);
      return;
    }
    pending.catch(this.onError);
  }
}
