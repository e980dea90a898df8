import type { Clock } from '../model/clock.js';
import { Aggregator, type Aggregated, type AggregatorOptions } from './aggregator.js';
import type { Occurrence } from './occurrence.js';

export type CorrelatorOptions = AggregatorOptions;

/**
 * Decides what an occurrence becomes before it is stored: which stored event it counts towards
 * (its key) and with what message. No I/O; time comes from the injected clock.
 */
export class Correlator {
  private readonly aggregator: Aggregator;

  constructor(
    private readonly clock: Clock,
    options: CorrelatorOptions = {},
  ) {
    this.aggregator = new Aggregator(options);
  }

  correlate(o: Occurrence): Aggregated {
    return this.aggregator.aggregate(o, this.clock.now());
  }
}
