export { Recorder, DEFAULT_MAX_BATCH, type RecorderOptions, type ReportInput, type ReportResult } from './recorder.js';
export { ReportError } from './report-error.js';
export { DEFAULT_SOURCE_COMPONENT, type ObjectInput, type ReportOptions } from './validate.js';
export { EventNamer } from './names.js';
