import type { Emulator } from '../../emulator/emulator.js';
import type { Clock } from '../../model/clock.js';
import type { EventStore } from '../../store/event-store.js';
import type { KeyStore } from '../../store/key-store.js';
import type { AccountThrottle } from './throttle.js';

/** What every surface (OpenAPI, /v1, Kubernetes-style) stands on: data, keys, clocks, flow control. */
export interface CoreDeps {
  store: EventStore;
  keys: KeyStore;
  emulator: Emulator;
  /** The service's clock: event times, SinceSecond. */
  clock: Clock;
  /** Real time, which signatures are dated by whatever the service's clock says. */
  wallClock: Clock;
  throttle: AccountThrottle;
}
