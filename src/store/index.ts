export type { EventStore, EventWrite, EventFilter, EventCursor, ListQuery, GroupEventSummary, HistogramQuery, HistogramCell, StoreKind } from './event-store.js';
export { keyHash, mergeBatch, DEFAULT_IDEMPOTENCY_WINDOW_MS } from './batch.js';
