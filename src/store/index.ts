export type { EventStore, EventWrite, EventFilter, ListQuery, StoreKind } from './event-store.js';
export { keyHash, mergeBatch } from './batch.js';
