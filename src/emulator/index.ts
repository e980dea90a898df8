export { Emulator, type EmulatorOptions } from './emulator.js';
export * from './container-group.js';
export type * from './container-spec.js';
export type {
  CreateRequest,
  ContainerRequest,
  UpdateRequest,
  ContainerUpdate,
  ListFilter,
  Page,
  ListResult,
  DataCacheMount,
  VolumeRequest,
} from './requests.js';
export { EmulatorError, EMULATOR_ERROR_KINDS, groupNotFound, type EmulatorErrorCode, type EmulatorErrorKind } from './errors.js';
export { RealTimeScheduler, ManualScheduler, type Scheduler, type Cancel } from './scheduler.js';
export { DEFAULT_TIMINGS, ECI_TIMINGS, type Timings } from './timings.js';
export { scaledTimings, scaleDuration, timeScaleProblem, MIN_TIME_SCALE, MAX_TIME_SCALE } from './time-scale.js';
export { DEFAULT_REGIONS, RegionDirectory, type RegionSpec, type RegionInfo, type VSwitchSpec, type SecurityGroupSpec } from './regions.js';
export { INSTANCE_TYPES, DEFAULT_INSTANCE_TYPE, instanceType, matchInstanceType, type InstanceTypeSpec } from './instance-types.js';
export { containerFate, type ContainerFate } from './container-fate.js';
export { imageId, containerId } from './ids.js';
export { PLATFORM_SOURCE, AGENT_SOURCE, podNodeName, containerFieldPath } from './group-events.js';
export { DEFAULT_RESOURCE_GROUP_ID } from './plan-create.js';
export { DEFAULT_RETENTION, type RetentionPolicy } from './retention.js';
export type { FailureCause, CatalogEvent } from './hooks.js';
export { World } from './world/world.js';
export { WorldError } from './world/check.js';
export { parseWorld, worldFrom } from './world/load.js';
export { WorldSchema, type WorldSpec } from './world/spec.js';
export { FAULT_KINDS, isFaultKind, type Fault, type FaultKind, type FaultRequest } from './world/faults.js';
export type { ReclaimRequest } from './incidents.js';
export { accountView, type WorldState, type Placement, type HostState } from './world-view.js';
export * from './image-caches/index.js';
export { runScript, type ScriptRun } from './container-fate.js';
export { MAX_LOG_BYTES, MAX_LOG_LINES, type LogLine, type LogRun } from './container-log.js';
export { selectLog, selectLines, renderLine, logTimestamp, type LogSelection } from './log-select.js';
export type { ExecResult } from './container-access.js';
export * from './virtual-nodes/index.js';
export * from './data-caches/index.js';
export * from './resources/index.js';
export * from './metrics/index.js';
export * from './commits/index.js';
export * from './ops/index.js';
export { Volumes, type ResizeRequest } from './volumes/volumes.js';
export { PodChanges, POD_CHANGES_KEPT, type PodChange, type PodChangeType } from './pod-changes.js';
export { containerCondition, statusWithCondition, type StateLike } from './group-condition.js';
