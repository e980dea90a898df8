// The emulator's durable state (issue 14), for the composition root and the replicas: the
// document and timer types, the sink a store-backed emulator hands its turns to, and what a
// restore reads from loaded documents. Emulator.restore(options, loaded) is the entry point.
export type { LoadedState, StateChange, StateDoc, StateFence, StateKey, StateTimer } from '../../store/index.js';
export { DOC_KINDS, META_ID, STATE_FORMAT, WORLD_ID, type MetaDoc, type StateSink } from './sink.js';
export { hasStoredWorld, metaClockTime, storedClockTime } from './emulator-doc.js';
export { groupFromDoc, groupToDoc, type GroupDoc } from './group-doc.js';
export { TimerTable, type TimerHandler } from './timers.js';
