// Which instants DescribeContainerGroupMetric returns, by ECI's documented rules: StartTime within
// the last 30 days (default EndTime less 5 minutes), EndTime default now, Period 15, 30, 60 or
// 600 seconds (default 60); with neither time given, the last 5 minutes every 15 seconds and
// Period ignored; at most 50 records, more is an error. Instants are whole multiples of the
// period after StartTime up to EndTime; the future has no data, so EndTime stops at now.
import type { Micros } from '../../model/event.js';
import { invalid } from '../errors.js';

export const PERIODS = [15, 30, 60, 600] as const;
export const DEFAULT_PERIOD = 60;
/** With neither StartTime nor EndTime: the last 5 minutes every 15 s. */
export const LATEST_SPAN_SECONDS = 300;
export const LATEST_PERIOD = 15;
export const MAX_RECORDS = 50;
export const MAX_AGE_DAYS = 30;

const S = 1_000_000;

export interface WindowRequest {
  now: Micros;
  start?: Micros;
  end?: Micros;
  period?: number;
}

export function metricInstants(req: WindowRequest): Micros[] {
  const latest = req.start === undefined && req.end === undefined;
  const period = latest ? LATEST_PERIOD : (req.period ?? DEFAULT_PERIOD);
  if (!latest && !(PERIODS as readonly number[]).includes(period)) throw invalid('Period', period, `use one of ${PERIODS.join(', ')} (seconds)`);
  const end = req.end ?? req.now;
  const start = req.start ?? end - LATEST_SPAN_SECONDS * S;
  if (start < req.now - MAX_AGE_DAYS * 86_400 * S)
    throw invalid('StartTime', new Date(start / 1000).toISOString(), `it must be within the last ${MAX_AGE_DAYS} days`);
  if (start >= end) throw invalid('StartTime', new Date(start / 1000).toISOString(), 'it must be before EndTime');
  const step = period * S;
  const first = Math.floor(start / step) * step + step;
  const stop = Math.min(end, req.now);
  const count = first > stop ? 0 : Math.floor((stop - first) / step) + 1;
  if (count > MAX_RECORDS)
    throw invalid(
      'Period',
      period,
      `the time range holds ${count} records of ${period} s; at most ${MAX_RECORDS} are returned: shorten the range or lengthen the Period`,
    );
  const out: Micros[] = [];
  for (let t = first; t <= stop; t += step) out.push(t);
  return out;
}
