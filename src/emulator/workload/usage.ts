// A run's use of one resource over time, from its workload statements (verbs.ts): a line of
// segments, each a level and a growth per second from its start. Pure, so that the lifecycle
// (when does it go over a limit?) and the metrics (how much at this instant?) read the same line.
import type { Micros } from '../../model/event.js';
import type { Resource, UsageChange } from './verbs.js';

/** A usage change `after` the run's start. */
export interface TimedChange {
  after: Micros;
  change: UsageChange;
}

export interface Segment {
  from: Micros;
  level: number;
  /** Per second. */
  rate: number;
}

/** The resource's segments from the run's start; an empty list when the script never names it. */
export function segments(changes: readonly TimedChange[], resource: Resource): Segment[] {
  const out: Segment[] = [];
  let cur: Segment = { from: 0, level: 0, rate: 0 };
  for (const { after, change } of changes) {
    if (change.resource !== resource) continue;
    const level = cur.level + (cur.rate * (after - cur.from)) / 1_000_000;
    if ('set' in change) cur = { from: after, level: change.set, rate: 0 };
    else if ('add' in change) cur = { from: after, level: level + change.add, rate: cur.rate };
    else cur = { from: after, level, rate: change.rate };
    if (out.length && out[out.length - 1]!.from === after) out.pop();
    out.push(cur);
  }
  return out;
}

/** The use `t` after the run's start (0 before anything is used). */
export function levelAt(segs: readonly Segment[], t: Micros): number {
  let found: Segment | undefined;
  for (const s of segs) if (s.from <= t) found = s;
  return found ? found.level + (found.rate * (t - found.from)) / 1_000_000 : 0;
}

/** The first instant (after the run's start) the use is over `limit`, if it comes before `end`. */
export function firstOver(segs: readonly Segment[], limit: number, end: Micros = Infinity): Micros | undefined {
  for (let i = 0; i < segs.length; i++) {
    const s = segs[i]!;
    const until = segs[i + 1]?.from ?? Infinity;
    let at: Micros | undefined;
    if (s.level > limit) at = s.from;
    else if (s.rate > 0) at = s.from + Math.floor(((limit - s.level) / s.rate) * 1_000_000) + 1;
    if (at !== undefined && at < until) return at < end ? at : undefined;
  }
  return undefined;
}

/** The use summed over time (use × seconds) from the run's start to `t`. */
export function integral(segs: readonly Segment[], t: Micros): number {
  let total = 0;
  for (let i = 0; i < segs.length; i++) {
    const s = segs[i]!;
    if (s.from >= t) break;
    const dt = (Math.min(t, segs[i + 1]?.from ?? Infinity) - s.from) / 1_000_000;
    total += s.level * dt + (s.rate * dt * dt) / 2;
  }
  return total;
}
