export type { EventStore, EventWrite, EventFilter, EventCursor, ListQuery, ChangeScope, FieldCondition, EventField, GroupEventSummary, HistogramQuery, HistogramCell, StoreKind } from './event-store.js';
export { EVENT_FIELDS } from './event-store.js';
export { keyHash, mergeBatch, DEFAULT_IDEMPOTENCY_WINDOW_MS } from './batch.js';
export { isRolledBack, markRolledBack, recordApart, type WriteOutcome } from './record-apart.js';
