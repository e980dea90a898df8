// GET /v1/data-caches and GET /v1/data-caches/:id.
import { Type, type Static } from '@sinclair/typebox';
import { DetailPage, ListPage } from './resource-page.js';

/** One cache as the list and its page show it. */
export const DataCacheSummary = Type.Object({
  dataCacheId: Type.String(),
  name: Type.String(),
  status: Type.String(),
  bucket: Type.String(),
  path: Type.String(),
  /** DataSource.Type (URL, NAS, OSS) and where it reads from (url, NAS server or OSS bucket, as given). */
  sourceType: Type.String(),
  sourceOptions: Type.Record(Type.String(), Type.String()),
  sizeGiB: Type.Integer(),
  usedBytes: Type.Optional(Type.Integer()),
  /** As DescribeDataCaches' Progress says it ("40%"). */
  progress: Type.String(),
  regionId: Type.String(),
  creationTime: Type.String(),
  expireTime: Type.Optional(Type.String()),
  lastMatchedTime: Type.Optional(Type.String()),
  snapshotId: Type.Optional(Type.String()),
  /** The job that loads it, once there is one. */
  containerGroupId: Type.Optional(Type.String()),
  copiedFrom: Type.Optional(Type.String()),
  eventCount: Type.Integer(),
  warningCount: Type.Integer(),
  lastEventAt: Type.Optional(Type.String()),
});
export type DataCacheSummary = Static<typeof DataCacheSummary>;

export const DataCachesPage = ListPage(DataCacheSummary);
export type DataCachesPage = Static<typeof DataCachesPage>;
export const DataCachePage = DetailPage(DataCacheSummary);
export type DataCachePage = Static<typeof DataCachePage>;
