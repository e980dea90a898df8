import type { Recorder } from '../recorder/index.js';
import type { RpcDeps } from './rpc/deps.js';

/** What the composition root hands the API. */
export interface ApiDeps extends RpcDeps {
  recorder: Recorder;
  version: string;
}
