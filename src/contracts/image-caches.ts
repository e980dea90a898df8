// GET /v1/image-caches and GET /v1/image-caches/:id.
import { Type, type Static } from '@sinclair/typebox';
import { DetailPage, ListPage } from './resource-page.js';

/** One cache as the list and its page show it. */
export const ImageCacheSummary = Type.Object({
  imageCacheId: Type.String(),
  name: Type.String(),
  status: Type.String(),
  images: Type.Array(Type.String()),
  /** Capacity of the cache disk, GiB (ImageCacheSize). */
  sizeGiB: Type.Integer(),
  /** What the built images take, layers shared between images counted once (once built). */
  usedBytes: Type.Optional(Type.Integer()),
  /** As DescribeImageCaches' Progress says it ("40%"): the regular snapshot, moving with the clock. */
  progress: Type.String(),
  regionId: Type.String(),
  zoneId: Type.String(),
  creationTime: Type.String(),
  expireTime: Type.Optional(Type.String()),
  lastMatchedTime: Type.Optional(Type.String()),
  flash: Type.Boolean(),
  snapshotId: Type.Optional(Type.String()),
  /** The intermediate instance that builds it (whose events DescribeImageCaches shows as the cache's). */
  containerGroupId: Type.String(),
  eventCount: Type.Integer(),
  warningCount: Type.Integer(),
  lastEventAt: Type.Optional(Type.String()),
});
export type ImageCacheSummary = Static<typeof ImageCacheSummary>;

export const ImageCachesPage = ListPage(ImageCacheSummary);
export type ImageCachesPage = Static<typeof ImageCachesPage>;
export const ImageCachePage = DetailPage(ImageCacheSummary);
export type ImageCachePage = Static<typeof ImageCachePage>;
