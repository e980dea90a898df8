// Records an image cache's events. The involved object is the cache itself (kind ImageCache, name
// and uid its id), so the Kubernetes-style API and the change feed carry them; the container
// group is the cache's intermediate instance, whose events DescribeImageCaches shows as the
// cache's. Like the groups' events, recording never blocks the build; failures go to onError.
import type { ArgsFor, Reason } from '../../catalog/index.js';
import type { Clock } from '../../model/clock.js';
import type { Reporter } from '../turn-writes.js';
import { PLATFORM_SOURCE, AGENT_SOURCE } from '../group-events.js';
import type { ImageCache } from './image-cache.js';

/** The apiVersion of ECI's ImageCache custom resource (imagecaches.eci.alibabacloud.com). */
export const IMAGE_CACHE_API_VERSION = 'eci.alibabacloud.com/v1';

export function imageCacheRef(cache: Pick<ImageCache, 'id'>) {
  return { kind: 'ImageCache', apiVersion: IMAGE_CACHE_API_VERSION, name: cache.id, namespace: 'default', uid: cache.id };
}

export class CacheEvents {
  constructor(
    private readonly recorder: Reporter,
    private readonly clock: Clock,
    private readonly onError: (err: unknown) => void,
  ) {}

  /** An event of the ECI platform about the cache. */
  platform<R extends Reason>(cache: ImageCache, reason: R, args: ArgsFor<R>): void {
    this.record(cache, reason, [...args], PLATFORM_SOURCE);
  }

  /** An event of the kubelet of the intermediate instance (its pulls). */
  agent<R extends Reason>(cache: ImageCache, reason: R, args: ArgsFor<R>): void {
    this.record(cache, reason, [...args], AGENT_SOURCE);
  }

  private record(cache: ImageCache, reason: string, args: string[], source: { component: string; host?: string }): void {
    let pending: Promise<unknown>;
    try {
      pending = this.recorder.reportUnchecked({
        object: imageCacheRef(cache),
        reason,
        args,
        options: { account: cache.account, containerGroupId: cache.containerGroupId, source: { ...source }, timestamp: this.clock.now() },
      });
    } catch (err) {
      this.onError(err);
      return;
    }
    pending.catch(this.onError);
  }
}
