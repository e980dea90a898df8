export type { EventStore, EventWrite, EventFilter, EventCursor, ListQuery, ChangeScope, ChangeRead, FieldCondition, EventField, GroupEventSummary, HistogramQuery, HistogramCell, StoreKind } from './event-store.js';
export { EVENT_FIELDS } from './event-store.js';
export { keyHash, mergeBatch, DEFAULT_IDEMPOTENCY_WINDOW_MS } from './batch.js';
export { ChangesExpiredError } from './changes-expired.js';
export { isRolledBack, markRolledBack, recordApart, type WriteOutcome } from './record-apart.js';
export { LeaseHeldError, type Advertisement, type EmulatorLease, type LeaderRecord, type LeaseFence } from './emulator-lease.js';
export { DEFAULT_ELECTION_INTERVAL_MS, Leadership, type LeadershipHooks, type Role } from './leadership.js';
