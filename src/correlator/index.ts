export * from './defaults.js';
export type { Occurrence } from './occurrence.js';
export { joinKey, dedupKey, aggregateKey } from './keys.js';
export { Aggregator, type Aggregated, type AggregatorOptions } from './aggregator.js';
export { Correlator, type CorrelatorOptions } from './correlator.js';
export { Lru } from './lru.js';
