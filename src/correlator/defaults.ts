// Named defaults, as client-go's tools/record/events_cache.go has them.

/** Entries kept by the aggregator's LRU (client-go maxLruCacheEntries). */
export const DEFAULT_LRU_ENTRIES = 4096;

/** Distinct messages for one object and reason before they are combined (defaultAggregateMaxEvents). */
export const DEFAULT_AGGREGATE_MAX_EVENTS = 10;

/** An aggregation record resets this long after its last similar event (defaultAggregateIntervalInSeconds). */
export const DEFAULT_AGGREGATE_INTERVAL_MICROS = 600 * 1_000_000;
