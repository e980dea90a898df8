// When a container ran: its current run and the one before, as the container's states record
// them (currentState, previousState: the kubelet's lastState). Older runs of a container that
// restarted more than once are not kept, so their time reads as not running.
import type { Micros } from '../../model/event.js';
import type { Container, ContainerState } from '../container-group.js';

export interface Run {
  start: Micros;
  /** Absent: still running. */
  end?: Micros;
}

function runOf(s: ContainerState | undefined): Run | undefined {
  if (!s || (s.state !== 'Running' && s.state !== 'Terminated') || s.startTime === undefined) return undefined;
  return s.finishTime !== undefined ? { start: s.startTime, end: s.finishTime } : { start: s.startTime };
}

export function runsOf(c: Container): Run[] {
  return [runOf(c.previousState), runOf(c.currentState)].filter((r): r is Run => r !== undefined);
}

/** The run going on at `t`, if any. */
export function runAt(runs: readonly Run[], t: Micros): Run | undefined {
  return runs.find((r) => r.start <= t && (r.end === undefined || t < r.end));
}

/** Seconds each run has been running by `t` (0 for runs not yet started). */
export function secondsRun(r: Run, t: Micros): number {
  const until = r.end === undefined ? t : Math.min(t, r.end);
  return Math.max(0, until - r.start) / 1_000_000;
}
