// Text no store can hold (a NUL, an unpaired surrogate) is refused at the door, whatever the
// route: left to reach PostgreSQL, it fails the whole transaction it is in, and so every other
// caller's write that shared it. The check runs as a preHandler, after each scope's credentials
// and the route's schema, so a caller without a valid key learns nothing from it.
import type { FastifyInstance } from 'fastify';
import { firstUnstorable } from '../model/text.js';
import { ApiError } from './errors.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The route checks text itself, item by item, and answers per item (the ingest API: a bad
     * report must not refuse the good ones beside it); the OpenAPI checks its parameters as it
     * decodes them.
     */
    checksTextItself?: boolean;
  }
}

/** A refused field: InvalidField, naming it. */
export class UnstorableFieldError extends ApiError {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super('InvalidField', message, { field });
  }
}

export function refuseUnstorableText(app: FastifyInstance): void {
  app.addHook('preHandler', async (req) => {
    if (req.routeOptions.config.checksTextItself) return;
    for (const [part, value] of [
      ['path', req.params],
      ['query', req.query],
      ['body', req.body],
    ] as const) {
      const found = firstUnstorable(value);
      if (!found) continue;
      const where = found.path ? `${part} field ${found.path}` : `the ${part}`;
      throw new UnstorableFieldError(found.path || part, `${where} ${found.problem}`);
    }
  });
}
