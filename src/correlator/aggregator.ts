import { COMBINED_PREFIX } from '../catalog/catalog.js';
import type { Micros } from '../model/event.js';
import { DEFAULT_AGGREGATE_INTERVAL_MICROS, DEFAULT_AGGREGATE_MAX_EVENTS, DEFAULT_LRU_ENTRIES } from './defaults.js';
import { aggregateKey, dedupKey } from './keys.js';
import { Lru } from './lru.js';
import type { Occurrence } from './occurrence.js';

export interface AggregatorOptions {
  maxEvents?: number;
  intervalMicros?: Micros;
  lruEntries?: number;
}

interface Record {
  /** Distinct messages seen, in the order first seen. */
  messages: Set<string>;
  last: Micros;
}

export interface Aggregated {
  occurrence: Occurrence;
  /** The key the store deduplicates on: the event's own key, or the aggregate key once combined. */
  key: string;
  combined: boolean;
}

/**
 * Similar-event aggregation as client-go does it: the Nth distinct message for one object and
 * reason within the interval (sliding from the last similar event) turns into one
 * "(combined from similar events): <latest message>" event that later ones update.
 */
export class Aggregator {
  private readonly maxEvents: number;
  private readonly interval: Micros;
  private readonly records: Lru<string, Record>;

  constructor(options: AggregatorOptions = {}) {
    this.maxEvents = options.maxEvents ?? DEFAULT_AGGREGATE_MAX_EVENTS;
    this.interval = options.intervalMicros ?? DEFAULT_AGGREGATE_INTERVAL_MICROS;
    this.records = new Lru(options.lruEntries ?? DEFAULT_LRU_ENTRIES);
  }

  aggregate(o: Occurrence, now: Micros): Aggregated {
    const aggKey = aggregateKey(o);
    let record = this.records.get(aggKey);
    if (!record || now - record.last > this.interval) {
      record = { messages: new Set(), last: now };
      this.records.set(aggKey, record);
    }
    record.last = now;
    record.messages.add(o.message);
    if (record.messages.size < this.maxEvents) return { occurrence: o, key: dedupKey(o), combined: false };
    // client-go trims with PopAny; dropping the oldest is the deterministic choice of the same size.
    record.messages.delete(record.messages.values().next().value as string);
    return { occurrence: { ...o, message: COMBINED_PREFIX + o.message }, key: aggKey, combined: true };
  }
}
