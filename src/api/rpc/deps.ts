import type { Caller } from '../core/credentials.js';
import type { CoreDeps } from '../core/deps.js';
import type { Params } from './params.js';

export interface ActionContext {
  caller: Caller;
  params: Params;
  deps: CoreDeps;
  requestId: string;
  /** How the caller reached this service (`http://127.0.0.1:8080`): the base of URLs it is given back. */
  origin?: string;
}

/**
 * A response body written as JSON already: the text of its members after RequestId
 * (`"TotalCount":3,"Data":[...]`), for an answer whose bulk the store hands over as JSON text.
 */
export class JsonMembers {
  constructor(readonly text: string) {}
}

/** An OpenAPI action: its parameters in, the response body (without RequestId) out. */
export type ActionHandler = (ctx: ActionContext) => Promise<Record<string, unknown> | JsonMembers>;
