import type { Recorder } from '../recorder/index.js';
import type { EventStore } from '../store/index.js';

/** What the composition root hands the API. */
export interface ApiDeps {
  store: EventStore;
  recorder: Recorder;
  version: string;
}
