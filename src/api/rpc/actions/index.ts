import type { ActionHandler } from '../deps.js';
import { describeContainerGroupEvents } from './describe-container-group-events.js';
import { describeRegions } from './describe-regions.js';
import { describeContainerLog, execContainerCommand } from './container-logs.js';
import { copyDataCache, createDataCache, deleteDataCache, describeDataCaches, updateDataCache } from './data-caches.js';
import { describeContainerGroupMetric, describeMultiContainerGroupMetric } from './metrics.js';
import { describeAvailableResource, describeContainerGroupPrice, listUsageAction } from './resources.js';
import { commitContainer, describeCommitContainerTask } from './commit-container.js';
import { createInstanceOpsTask, describeInstanceOpsRecords } from './ops-tasks.js';
import { resizeContainerGroupVolume } from './resize-volume.js';
import { createImageCache, deleteImageCache, describeImageCaches, updateImageCache } from './image-caches.js';
import { createVirtualNode, deleteVirtualNode, describeVirtualNodes, updateVirtualNode } from './virtual-nodes.js';
import {
  createContainerGroup,
  deleteContainerGroup,
  describeContainerGroups,
  describeContainerGroupStatus,
  restartContainerGroup,
  updateContainerGroup,
} from './container-groups.js';

/** Every action this service answers, by name. */
export const ACTIONS: Record<string, ActionHandler> = {
  DescribeContainerGroupEvents: describeContainerGroupEvents,
  DescribeRegions: describeRegions,
  CreateContainerGroup: createContainerGroup,
  DescribeContainerGroups: describeContainerGroups,
  DescribeContainerGroupStatus: describeContainerGroupStatus,
  DeleteContainerGroup: deleteContainerGroup,
  RestartContainerGroup: restartContainerGroup,
  UpdateContainerGroup: updateContainerGroup,
  CreateImageCache: createImageCache,
  DescribeImageCaches: describeImageCaches,
  UpdateImageCache: updateImageCache,
  DeleteImageCache: deleteImageCache,
  DescribeContainerLog: describeContainerLog,
  ExecContainerCommand: execContainerCommand,
  CreateVirtualNode: createVirtualNode,
  DescribeVirtualNodes: describeVirtualNodes,
  UpdateVirtualNode: updateVirtualNode,
  DeleteVirtualNode: deleteVirtualNode,
  CreateDataCache: createDataCache,
  DescribeDataCaches: describeDataCaches,
  UpdateDataCache: updateDataCache,
  DeleteDataCache: deleteDataCache,
  CopyDataCache: copyDataCache,
  DescribeAvailableResource: describeAvailableResource,
  DescribeContainerGroupPrice: describeContainerGroupPrice,
  ListUsage: listUsageAction,
  DescribeContainerGroupMetric: describeContainerGroupMetric,
  DescribeMultiContainerGroupMetric: describeMultiContainerGroupMetric,
  CommitContainer: commitContainer,
  DescribeCommitContainerTask: describeCommitContainerTask,
  CreateInstanceOpsTask: createInstanceOpsTask,
  DescribeInstanceOpsRecords: describeInstanceOpsRecords,
  ResizeContainerGroupVolume: resizeContainerGroupVolume,
};
