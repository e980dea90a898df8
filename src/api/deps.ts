import type { DiagnosisRules } from '../diagnosis/index.js';
import type { Recorder } from '../recorder/index.js';
import type { ClockControl } from './routes/clock.js';
import type { RpcDeps } from './rpc/deps.js';
import type { ReplicaView } from './replicas/replica-view.js';

/** What the composition root hands the API. */
export interface ApiDeps extends RpcDeps {
  recorder: Recorder;
  clockControl: ClockControl;
  version: string;
  /** The built web console (console/dist); undefined or not built: its pages say how to build it. */
  consoleDir?: string;
  /**
   * The account whose keys may change what every account shares: the emulator's world, its
   * faults, the spot market and the clock (default `default`).
   */
  operatorAccount?: string;
  /** Where the TLS listener of the Kubernetes-style API is, once it listens (unset: there is none). */
  kubeEndpoint?: { url?: string; ca?: string };
  /**
   * Who runs the emulator, when replicas share it: a follower forwards the emulator's requests to
   * the leader (replicas/forwarding.ts). Unset: this process runs it, alone.
   */
  replicas?: ReplicaView;
  /** The rules GET /v1/groups/:id/diagnosis reasons by (default: the package's rules/diagnosis/causes.json). */
  diagnosisRules?: DiagnosisRules;
}
