// ListUsage: the account's quotas in a region and what it uses of each now, under the names ECI's
// ListUsage documents for Attributes ("UsedCpu: the number of existing vCPUs. MaxCpu: the upper
// limit of vCPUs. MaxImageCacheCount... UsedImageCacheCount...", the SDK's ListUsageResponseBody).
// Counted as the quota causes count (world/causes/account.ts; image-caches.ts), so a quota that
// ListUsage shows as full refuses the next creation.
import { DEFAULTS } from '../world/defaults.js';
import type { World } from '../world/world.js';

export interface Usage {
  /** vCPUs of the account's living instances (every region: the world's vCPU quota is the account's). */
  UsedCpu: number;
  MaxCpu: number;
  /** Image caches of the account in the region, every status; auto-created ones count against the same quota here. */
  UsedImageCacheCount: number;
  MaxImageCacheCount: number;
}

export function listUsage(world: World, account: string, imageCachesInRegion: number): Usage {
  const q = world.account(account).quotas ?? {};
  let cpu = 0;
  for (const p of world.placements.values()) if (p.account === account) cpu += p.cpu;
  return {
    UsedCpu: cpu,
    MaxCpu: q.vcpu ?? DEFAULTS.vcpuQuota,
    UsedImageCacheCount: imageCachesInRegion,
    MaxImageCacheCount: q.imageCaches ?? DEFAULTS.imageCacheQuota,
  };
}
