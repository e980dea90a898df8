export {
  sampleGroup,
  LOAD_WINDOW_SECONDS,
  INTERFACE_NAME,
  DISK_DEVICE,
  type GroupSample,
  type ContainerSample,
  type CpuSample,
  type MemorySample,
} from './sample.js';
export { metricInstants, PERIODS, DEFAULT_PERIOD, MAX_RECORDS, type WindowRequest } from './window.js';
export * as LoadModel from './load-model.js';
