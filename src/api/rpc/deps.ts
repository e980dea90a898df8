import type { Emulator } from '../../emulator/emulator.js';
import type { Clock } from '../../model/clock.js';
import type { EventStore } from '../../store/event-store.js';
import type { KeyStore } from '../../store/key-store.js';
import type { Caller } from './auth.js';
import type { Params } from './params.js';
import type { AccountThrottle } from './throttle.js';

export interface RpcDeps {
  store: EventStore;
  keys: KeyStore;
  emulator: Emulator;
  /** The service's clock: event times, SinceSecond. */
  clock: Clock;
  /** Real time, which signatures are dated by whatever the service's clock says. */
  wallClock: Clock;
  throttle: AccountThrottle;
}

export interface ActionContext {
  caller: Caller;
  params: Params;
  deps: RpcDeps;
  requestId: string;
  /** How the caller reached this service (`http://127.0.0.1:8080`): the base of URLs it is given back. */
  origin?: string;
}

/** An OpenAPI action: its parameters in, the response body (without RequestId) out. */
export type ActionHandler = (ctx: ActionContext) => Promise<Record<string, unknown>>;
