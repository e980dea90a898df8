export type { EventStore, EventWrite, EventFilter, EventCursor, ListQuery, GroupEventSummary, HistogramQuery, HistogramCell, StoreKind } from './event-store.js';
export { keyHash, mergeBatch } from './batch.js';
