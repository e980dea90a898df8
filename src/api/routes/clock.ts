import type { FastifyInstance } from 'fastify';
import { ClockMove, ClockState, ErrorBody } from '../../contracts/index.js';
import { MAX_CONTROL_BYTES } from '../../emulator/world/bounds.js';
import { CLOCK_CEILING, ClockRangeError, MAX_ADVANCE_MICROS } from '../../model/clock.js';
import { parseDuration } from '../../model/duration.js';
import { fromRfc3339, toRfc3339 } from '../../model/time.js';
import type { ApiDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { operatorOnly } from '../operator.js';
import { namedSchemaError } from '../schema-errors.js';

/** The service's clock as the control API sees it: real time, or a virtual clock that moves when told. */
export interface ClockControl {
  mode: 'real' | 'virtual';
  now(): number;
  /**
   * Virtual clocks only: moves time forward to `when`, running everything that falls due on
   * the way; resolves once there. A service runs it in steps that let other requests through.
   */
  advanceTo?(when: number): Promise<void> | void;
  /** The same by a span (kept for in-process test apps): used when there is no advanceTo. */
  advance?(micros: number): Promise<void> | void;
}

const MAX_ADVANCE = `${MAX_ADVANCE_MICROS / 86_400_000_000}d`;

/** Where the clock is to go, checked: forward, by at most MAX_ADVANCE_MICROS, not past the ceiling. */
function target(body: ClockMove, now: number): number {
  const field = body.advance !== undefined ? 'advance' : 'to';
  const given = body.advance ?? body.to!;
  let when: number;
  try {
    when = body.advance !== undefined ? now + parseDuration(body.advance) : fromRfc3339(body.to!);
  } catch (err) {
    throw new ApiError('InvalidParameter', `${field}: ${(err as Error).message}`);
  }
  if (when < now) throw new ApiError('InvalidParameter', `to: ${given} is before the clock's time ${toRfc3339(now)}; time only moves forward`);
  if (when === now)
    throw new ApiError('InvalidParameter', `${field}: ${JSON.stringify(given)} does not move the clock; give a positive duration such as 10m, or a later time`);
  if (when - now > MAX_ADVANCE_MICROS) {
    throw new ApiError(
      'ClockAdvanceTooLarge',
      `${field}: ${JSON.stringify(given)} moves the clock more than ${MAX_ADVANCE}, the most one request may; move it in several requests`,
      { maximum: MAX_ADVANCE },
    );
  }
  if (when > CLOCK_CEILING) {
    throw new ApiError(
      'ClockCeilingReached',
      `${field}: ${JSON.stringify(given)} would take the clock past ${toRfc3339(CLOCK_CEILING)}, the furthest a virtual clock goes (times after it could not be written)`,
      { ceiling: toRfc3339(CLOCK_CEILING) },
    );
  }
  return when;
}

/**
 * `GET /v1/clock` tells the service's time (to every account); `POST /v1/clock` with
 * `{"advance": "10m"}` or `{"to": "<RFC 3339>"}` moves a virtual clock forward (a real clock
 * refuses). The clock is every account's, so only the operator may move it. Answers once the
 * events that fell due are stored, so the caller can read them at once.
 */
export function clockRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const describe = (): ClockState => ({ mode: deps.clockControl.mode, now: toRfc3339(deps.clockControl.now()), timeScale: deps.emulator.world.timeScale });
  app.get('/v1/clock', { schema: { response: { 200: ClockState } } }, async () => describe());
  app.post<{ Body: ClockMove }>(
    '/v1/clock',
    {
      preValidation: operatorOnly(deps),
      bodyLimit: MAX_CONTROL_BYTES,
      schemaErrorFormatter: namedSchemaError,
      schema: {
        body: ClockMove,
        response: { 200: ClockState, 400: ErrorBody },
      },
    },
    async (req) => {
      const control = deps.clockControl;
      if (!control.advanceTo && !control.advance)
        throw new ApiError('InvalidRequest', 'the service runs on real time; start it with --clock virtual to move time by hand');
      const now = control.now();
      const when = target(req.body, now);
      try {
        await (control.advanceTo ? control.advanceTo(when) : control.advance!(when - now));
      } catch (err) {
        // Another advance in flight got there first: the target is now behind the clock.
        if (err instanceof ClockRangeError) throw new ApiError('InvalidParameter', `${req.body.advance !== undefined ? 'advance' : 'to'}: ${err.message}`);
        throw err;
      }
      // advanceTo answers once the advance's own turns are stored (main.ts clockControlOf).
      return describe();
    },
  );
}
