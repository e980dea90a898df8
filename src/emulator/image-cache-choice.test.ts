import { describe, expect, it } from 'vitest';
import { chooseCache, type CacheChoiceInput } from './image-cache-choice.js';
import type { ImageCache } from './image-caches/index.js';

function cache(id: string, images: string[], more: Partial<ImageCache> = {}): ImageCache {
  return {
    id,
    account: 'default',
    regionId: 'cn-hangzhou',
    zoneId: 'cn-hangzhou-k',
    name: id,
    images,
    status: 'Ready',
    creationTime: 0,
    statusTime: 0,
    containerGroupId: 'eci-x',
    capacityGiB: 20,
    architectures: ['AMD64'],
    snapshotId: `s-${id}`,
    flash: false,
    flashCopyCount: 1,
    standardCopyCount: 1,
    copies: [],
    progress: 100,
    resourceGroupId: '',
    tags: [],
    credentials: [],
    ...more,
  };
}

const base: CacheChoiceInput = {
  autoMatch: false,
  caches: [],
  images: ['nginx', 'redis:7'],
  instanceType: 'ecs.c6.large',
  arch: 'AMD64',
  zoneId: 'cn-hangzhou-k',
  zoneEssd: true,
};
const both = cache('imc-both', ['nginx:latest', 'redis:7']);
const half = cache('imc-half', ['redis:7']);

const cases: Array<{ name: string; input: Partial<CacheChoiceInput>; events: string[]; use?: string; autoCreate: boolean }> = [
  { name: 'neither parameter: nothing', input: { caches: [both] }, events: [], autoCreate: false },
  { name: 'ImageSnapshotId of no cache', input: { snapshotId: 'imc-none' }, events: ['ImageCacheNotFound imc-none'], autoCreate: false },
  {
    name: 'ImageSnapshotId, full',
    input: { snapshotId: 'imc-both', caches: [both] },
    events: ['SuccessfulHitImageCache imc-both'],
    use: 'imc-both',
    autoCreate: false,
  },
  {
    name: 'ImageSnapshotId, partial: used for what it holds',
    input: { snapshotId: 'imc-half', caches: [half] },
    events: ['SuccessfulHitImageCache imc-half', 'ImageCacheNotFullMatch imc-half'],
    use: 'imc-half',
    autoCreate: false,
  },
  {
    name: 'ImageSnapshotId, building',
    input: { snapshotId: 'imc-both', caches: [{ ...both, status: 'Creating', snapshotId: undefined }] },
    events: ['ImageCacheNotComplete imc-both'],
    autoCreate: false,
  },
  {
    name: 'ImageSnapshotId, ARM64 instance',
    input: { snapshotId: 'imc-both', caches: [both], arch: 'ARM64', instanceType: 'ecs.g6r.large' },
    events: ['ImageCacheArchNotMatch imc-both ecs.g6r.large'],
    autoCreate: false,
  },
  {
    name: 'flash-only cache in another zone, with a mode',
    input: { snapshotId: 'imc-both', caches: [{ ...both, snapshotId: undefined, flashSnapshotId: 's-f' }], zoneId: 'cn-hangzhou-j', accelerateMode: 'nydus' },
    events: ['ImageCacheNotSuited nydus'],
    autoCreate: false,
  },
  {
    name: 'flash-only cache in another zone, no mode: pulled, nothing to name',
    input: { snapshotId: 'imc-both', caches: [{ ...both, snapshotId: undefined, flashSnapshotId: 's-f' }], zoneId: 'cn-hangzhou-j' },
    events: [],
    autoCreate: false,
  },
  {
    name: 'flash-only cache in its ESSD zone serves',
    input: { snapshotId: 'imc-both', caches: [{ ...both, snapshotId: undefined, flashSnapshotId: 's-f' }] },
    events: ['SuccessfulHitImageCache imc-both'],
    use: 'imc-both',
    autoCreate: false,
  },
  { name: 'AutoMatch, nothing', input: { autoMatch: true, caches: [cache('imc-other', ['busybox'])] }, events: ['ImageCacheMissed'], autoCreate: true },
  {
    name: 'AutoMatch, a Failed full cache is no match',
    input: { autoMatch: true, caches: [{ ...both, status: 'Failed' }] },
    events: ['ImageCacheMissed'],
    autoCreate: true,
  },
  {
    name: 'AutoMatch, full beats partial',
    input: { autoMatch: true, caches: [half, both] },
    events: ['SuccessfulHitImageCache imc-both'],
    use: 'imc-both',
    autoCreate: false,
  },
  {
    name: 'AutoMatch, partial only: used, and a full one created',
    input: { autoMatch: true, caches: [half] },
    events: ['SuccessfulHitImageCache imc-half', 'ImageCacheNotFullMatch imc-half'],
    use: 'imc-half',
    autoCreate: true,
  },
  {
    name: 'AutoMatch, full one building: not complete, none created',
    input: { autoMatch: true, caches: [{ ...both, status: 'Preparing', snapshotId: undefined }] },
    events: ['ImageCacheNotComplete imc-both'],
    autoCreate: false,
  },
  {
    name: 'AutoMatch, full one of AMD64 on ARM64',
    input: { autoMatch: true, caches: [both], arch: 'ARM64', instanceType: 'ecs.g6r.large' },
    events: ['ImageCacheArchNotMatch imc-both ecs.g6r.large'],
    autoCreate: false,
  },
  {
    name: 'AutoMatch, UpdateFailed keeps serving',
    input: { autoMatch: true, caches: [{ ...both, status: 'UpdateFailed' }] },
    events: ['SuccessfulHitImageCache imc-both'],
    use: 'imc-both',
    autoCreate: false,
  },
];

describe('chooseCache', () => {
  for (const c of cases) {
    it(c.name, () => {
      const out = chooseCache({ ...base, ...c.input });
      expect(out.events.map((e) => [e.reason, ...e.args].join(' '))).toEqual(c.events);
      expect(out.use?.cache.id).toBe(c.use);
      expect(out.autoCreate).toBe(c.autoCreate);
    });
  }

  it('a partial hit holds only the images the cache has, as the containers name them', () => {
    expect(chooseCache({ ...base, snapshotId: 'imc-half', caches: [half] }).use?.images).toEqual(['redis:7']);
    expect(chooseCache({ ...base, snapshotId: 'imc-both', caches: [both] }).use?.images).toEqual(['nginx', 'redis:7']);
  });
});
