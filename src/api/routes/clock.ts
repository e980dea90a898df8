import type { FastifyInstance } from 'fastify';
import { parseDuration } from '../../model/duration.js';
import { fromRfc3339, toRfc3339 } from '../../model/time.js';
import type { ApiDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { operatorOnly } from '../operator.js';

/** The service's clock as the control API sees it: real time, or a virtual clock that moves when told. */
export interface ClockControl {
  mode: 'real' | 'virtual';
  now(): number;
  /** Virtual clocks only: moves time forward, running everything that falls due on the way. */
  advance?(micros: number): void;
}

/**
 * `GET /v1/clock` tells the service's time (to every account); `POST /v1/clock` with
 * `{"advance": "10m"}` or `{"to": "<RFC 3339>"}` moves a virtual clock forward (a real clock
 * refuses). The clock is every account's, so only the operator may move it. Answers once the
 * events that fell due are stored, so the caller can read them at once.
 */
export function clockRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const describe = () => ({ mode: deps.clockControl.mode, now: toRfc3339(deps.clockControl.now()) });
  app.get('/v1/clock', async () => describe());
  app.post<{ Body: { advance?: string; to?: string } }>(
    '/v1/clock',
    {
      preValidation: operatorOnly(deps),
      schema: {
        body: {
          type: 'object',
          additionalProperties: false,
          minProperties: 1,
          maxProperties: 1,
          properties: { advance: { type: 'string', maxLength: 64 }, to: { type: 'string', maxLength: 64 } },
        },
      },
    },
    async (req) => {
      const control = deps.clockControl;
      if (!control.advance) throw new ApiError('InvalidRequest', 'the service runs on real time; start it with --clock virtual to move time by hand');
      let micros: number;
      try {
        micros = req.body.advance !== undefined ? parseDuration(req.body.advance) : fromRfc3339(req.body.to!) - control.now();
      } catch (err) {
        throw new ApiError('InvalidParameter', `${req.body.advance !== undefined ? 'advance' : 'to'}: ${(err as Error).message}`);
      }
      if (micros < 0) throw new ApiError('InvalidParameter', `to: ${req.body.to} is before the clock's time ${toRfc3339(control.now())}; time only moves forward`);
      control.advance(micros);
      await deps.recorder.drain();
      return describe();
    },
  );
}
