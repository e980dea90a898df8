export type {
  EventStore,
  EventWrite,
  EventFilter,
  EventCursor,
  ListQuery,
  ChangeScope,
  ChangeRead,
  FieldCondition,
  EventField,
  GroupEventSummary,
  HistogramQuery,
  HistogramCell,
  StoreKind,
  RecordOptions,
} from './event-store.js';
export { EVENT_FIELDS } from './event-store.js';
export type { EventJsonShape, EventJsonValue, GroupEventsJson } from './event-json.js';
export { eventObjectOf } from './event-json.js';
export { dedupKey64, key64OfHash, mergeBatch, DEFAULT_IDEMPOTENCY_WINDOW_MS } from './batch.js';
export { ChangesExpiredError } from './changes-expired.js';
export { scopeMatcher } from './scope-match.js';
export {
  commitApart,
  isRolledBack,
  markRolledBack,
  recordApart,
  type CommitUnit,
  type CommitUnits,
  type UnitOutcome,
  type WriteOutcome,
} from './record-apart.js';
export { byDue, emptyStateChange, isEmptyStateChange, mergeStateChanges, StateFencedError } from './emulator-state.js';
export type { LoadedState, StateChange, StateDoc, StateFence, StateKey, StateTimer } from './emulator-state.js';
export { LeaseHeldError, type Advertisement, type EmulatorLease, type LeaderRecord, type LeaseFence } from './emulator-lease.js';
export { DEFAULT_ELECTION_INTERVAL_MS, Leadership, type LeadershipHooks, type Role } from './leadership.js';
