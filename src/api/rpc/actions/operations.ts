// The rows of docs/OPERATIONS.md, from the action modules that answer them.
import { CONTAINER_GROUP_OPERATIONS } from './container-groups.js';
import { DATA_CACHE_OPERATIONS } from './data-caches.js';
import { EVENT_OPERATIONS } from './describe-container-group-events.js';
import { REGION_OPERATIONS } from './describe-regions.js';
import { IMAGE_CACHE_OPERATIONS } from './image-caches.js';
import { LOGS_OPERATIONS } from './container-logs.js';
import { METRICS_OPERATIONS } from './metrics.js';
import { RESOURCES_OPERATIONS } from './resources.js';
import { COMMIT_OPERATIONS } from './commit-container.js';
import { OPS_TASK_OPERATIONS } from './ops-tasks.js';
import { VOLUME_OPERATIONS } from './resize-volume.js';
import { VIRTUAL_NODE_OPERATIONS } from './virtual-nodes.js';
import type { OperationDoc } from './operation-doc.js';

export const OPERATIONS: readonly OperationDoc[] = [
  ...EVENT_OPERATIONS,
  ...REGION_OPERATIONS,
  ...CONTAINER_GROUP_OPERATIONS,
  ...IMAGE_CACHE_OPERATIONS,
  ...DATA_CACHE_OPERATIONS,
  ...METRICS_OPERATIONS,
  ...RESOURCES_OPERATIONS,
  ...COMMIT_OPERATIONS,
  ...OPS_TASK_OPERATIONS,
  ...VOLUME_OPERATIONS,
  ...LOGS_OPERATIONS,
  ...VIRTUAL_NODE_OPERATIONS,
];
