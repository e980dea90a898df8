// How the console words a diagnosis (GET /v1/groups/:id/diagnosis, GET /v1/diagnoses): the
// state, a cause's impact and whether it is current or was fixed, the evidence's time spans, and
// how long lists fold. The shape itself is the service's (src/diagnosis/shape.ts), imported as
// types only: nothing of the server is bundled.
import type { Cause, Diagnosis, Evidence, GroupState } from '../../../src/diagnosis/shape.js';
import { formatTime } from './format.js';

export type { AccountDiagnoses, Cause, Diagnosis, Evidence, GroupState, RootCause } from '../../../src/diagnosis/shape.js';

export const STATE_TEXT: Record<GroupState, string> = { healthy: 'Healthy', unhealthy: 'Unhealthy', recovered: 'Recovered' };

export const ROLE_TEXT: Record<Evidence['role'], string> = { cause: 'Cause', consequence: 'Consequence', resolution: 'Resolution' };

export const IMPACT_TEXT: Record<Cause['impact'], string> = { blocks: 'Blocks the group', threatens: 'Threatens the group', notice: 'Notice' };

/** "Current, since …" or "Past, fixed at …" (a past cause without a fix time says so plainly). */
export function causeWhen(c: Pick<Cause, 'current' | 'resolvedAt' | 'firstTimestamp'>, timeZone?: string): string {
  if (c.current) return `Current, since ${formatTime(c.firstTimestamp, timeZone)}`;
  return c.resolvedAt ? `Past, fixed at ${formatTime(c.resolvedAt, timeZone)}` : 'Past';
}

/** One time when the event happened once, else "first – last". */
export function timeSpan(first: string, last: string, timeZone?: string): string {
  const a = formatTime(first, timeZone);
  const b = formatTime(last, timeZone);
  return a === b ? a : `${a} – ${b}`;
}

/**
 * A long chain folded to its first `max - 1` links and its last (the newest: often what fixed it),
 * the middle hidden behind a button; a chain of `max` or fewer stays whole.
 */
export function foldChain<T>(items: readonly T[], max: number): { before: T[]; hidden: T[]; after: T[] } {
  if (items.length <= max || max < 2) return { before: [...items], hidden: [], after: [] };
  return { before: items.slice(0, max - 1), hidden: items.slice(max - 1, -1), after: items.slice(-1) };
}

/**
 * True while the diagnosis moves with the clock alone (no event marks it): a current cause that
 * threatens the group counts down to a reboot or a release, so the panel reads it again meanwhile.
 */
export function hasCountdown(d: Pick<Diagnosis, 'causes'>): boolean {
  return d.causes.some((c) => c.current && c.impact === 'threatens');
}
