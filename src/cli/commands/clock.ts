import { UsageError, type Io } from '../io.js';
import type { ClockState } from '../../contracts/index.js';
import { callJson, type ClientOptions } from './client.js';

/** The service's clock: show it, or move a virtual one (`advance 10m`, `to 2026-12-01T00:00:00Z`). */
export async function clockCommand(verb: string, value: string | undefined, options: ClientOptions, io: Io): Promise<void> {
  let answer: ClockState;
  if (verb === 'show') answer = await callJson(options, 'GET', '/v1/clock');
  else if (verb === 'advance' || verb === 'to') {
    if (!value)
      throw new UsageError(
        verb === 'advance' ? 'clock advance needs a duration, e.g. 10m or 48h' : 'clock to needs an RFC 3339 time, e.g. 2026-12-01T00:00:00Z',
      );
    answer = await callJson(options, 'POST', '/v1/clock', verb === 'advance' ? { advance: value } : { to: value });
  } else throw new UsageError(`unknown clock command ${JSON.stringify(verb)}: use show, advance DURATION or to TIME`);
  io.out(`${answer.now} (${answer.mode} clock)`);
}
