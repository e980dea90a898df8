import type { EventBody, Micros } from '../model/event.js';

/** One observed occurrence of an event, rendered and checked, before correlation and storage. */
export interface Occurrence extends EventBody {
  timestamp: Micros;
}
