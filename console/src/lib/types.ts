// The shapes the console reads from the service's HTTP API (/v1/...). Only what the console uses.

export type EventType = 'Normal' | 'Warning';

export interface ObjectRef {
  apiVersion?: string;
  kind?: string;
  name: string;
  namespace?: string;
  uid?: string;
  fieldPath?: string;
}

/** A Kubernetes core/v1 Event as the service renders it (src/api/event-json.ts). */
export interface EventJson {
  apiVersion?: string;
  kind?: string;
  metadata: { name: string; namespace?: string; uid?: string; resourceVersion?: string; creationTimestamp?: string };
  involvedObject: ObjectRef;
  reason: string;
  message: string;
  type: EventType | string;
  count: number;
  firstTimestamp: string;
  lastTimestamp: string;
  source?: { component?: string; host?: string };
  reportingComponent?: string;
  reportingInstance?: string;
  containerGroupId?: string;
}

export interface EventsPage {
  items: EventJson[];
  next?: string | null;
}

export interface GroupSummary {
  containerGroupId: string;
  name: string;
  namespace?: string;
  regionId: string;
  zoneId?: string;
  status: string;
  /** A container's problem while the group lives (CrashLoopBackOff, ImagePullBackOff...). */
  condition?: string;
  creationTime?: string;
  warningCount: number;
  eventCount: number;
  lastEventAt?: string | null;
}

export interface GroupsPage {
  total: number;
  items: GroupSummary[];
}

export interface GroupPage {
  summary: GroupSummary;
  detail: Record<string, unknown> | null;
}

export interface HistogramBucket {
  start: string;
  Normal: number;
  Warning: number;
}

export interface Histogram {
  from: string;
  to: string;
  bucketSeconds: number;
  buckets: HistogramBucket[];
}

export interface CatalogRow {
  group: string;
  resource?: string;
  reason: string;
  type: string;
  message: string;
  description: string;
}

export interface Session {
  account: string;
  accessKeyId: string;
}

export interface ApiErrorBody {
  error?: { code?: string; message?: string };
}

/** An image cache as GET /v1/image-caches lists it (src/api/image-caches/list.ts). */
export interface ImageCacheSummary {
  imageCacheId: string;
  name: string;
  status: string;
  images: string[];
  sizeGiB: number;
  usedBytes?: number;
  /** "40%", as DescribeImageCaches' Progress. */
  progress: string;
  regionId: string;
  zoneId: string;
  creationTime: string;
  expireTime?: string;
  lastMatchedTime?: string;
  flash: boolean;
  snapshotId?: string;
  containerGroupId: string;
  eventCount: number;
  warningCount: number;
  lastEventAt?: string;
}

export interface ImageCachesPage {
  total: number;
  items: ImageCacheSummary[];
  next?: string;
}

export interface ImageCachePage {
  summary: ImageCacheSummary;
  /** The cache as DescribeImageCaches renders it, without its Events. */
  detail: Record<string, unknown>;
}

/** A data cache as GET /v1/data-caches lists it (src/api/data-caches/list.ts). */
export interface DataCacheSummary {
  dataCacheId: string;
  name: string;
  status: string;
  bucket: string;
  path: string;
  /** DataSource.Type (URL, NAS, OSS) and its options (url, server, bucket, path). */
  sourceType: string;
  sourceOptions: Record<string, string>;
  sizeGiB: number;
  usedBytes?: number;
  /** "40%", as DescribeDataCaches' Progress. */
  progress: string;
  regionId: string;
  creationTime: string;
  expireTime?: string;
  lastMatchedTime?: string;
  snapshotId?: string;
  /** The job that loads it, once there is one. */
  containerGroupId?: string;
  copiedFrom?: string;
  eventCount: number;
  warningCount: number;
  lastEventAt?: string;
}

export interface DataCachesPage {
  total: number;
  items: DataCacheSummary[];
  next?: string;
}

export interface DataCachePage {
  summary: DataCacheSummary;
  /** The cache as DescribeDataCaches renders it, without its Events. */
  detail: Record<string, unknown>;
}

/** A virtual node as GET /v1/virtual-nodes lists it (src/api/virtual-nodes/list.ts). */
export interface VirtualNodeSummary {
  virtualNodeId: string;
  /** Its name in the cluster: the name of its events' involved object (kind Node). */
  name: string;
  status: string;
  regionId: string;
  zoneId: string;
  vpcId: string;
  vSwitchId: string;
  securityGroupId: string;
  intranetIp: string;
  internetIp: string;
  creationTime: string;
  /** The instance that runs its virtual kubelet, where its events are kept. */
  eciInstanceId: string;
  apiServer?: string;
  taints: Array<{ key: string; value: string; effect: string }>;
  capacity: { cpu: number; memoryGiB: number; pods: number; custom: Record<string, number> };
  eventCount: number;
  warningCount: number;
  lastEventAt?: string;
}

export interface VirtualNodesPage {
  total: number;
  items: VirtualNodeSummary[];
  next?: string;
}

export interface VirtualNodePage {
  summary: VirtualNodeSummary;
  /** The node as DescribeVirtualNodes renders it, without its Events. */
  detail: Record<string, unknown>;
}
