import type { Recorder } from '../recorder/index.js';
import type { ClockControl } from './routes/clock.js';
import type { RpcDeps } from './rpc/deps.js';

/** What the composition root hands the API. */
export interface ApiDeps extends RpcDeps {
  recorder: Recorder;
  clockControl: ClockControl;
  version: string;
  /** The built web console (console/dist); undefined or not built: its pages say how to build it. */
  consoleDir?: string;
  /** Where the TLS listener of the Kubernetes-style API is, once it listens (unset: there is none). */
  kubeEndpoint?: { url?: string; ca?: string };
}
