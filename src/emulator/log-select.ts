// The part of a run's log a reader asks for, as kubelet's ReadLogs gives it: the lines since a
// time, the last N of them, each behind its timestamp if asked, cut at a number of bytes.
import type { Micros } from '../model/event.js';
import type { LogLine } from './container-log.js';

export interface LogSelection {
  /** The last N lines (of those since `since`). */
  tail?: number;
  /** Lines written at or after this time. */
  since?: Micros;
  /** At most this many bytes of output (a last line may be cut, as kubelet cuts it). */
  limitBytes?: number;
  timestamps?: boolean;
}

/** kubelet's timestamp (`2006-01-02T15:04:05.000000000Z07:00`): nine digits always, UTC. */
export function logTimestamp(time: Micros): string {
  const iso = new Date(Math.floor(time / 1000)).toISOString().slice(0, 19);
  const fraction = String(((time % 1_000_000) + 1_000_000) % 1_000_000).padStart(6, '0');
  return `${iso}.${fraction}000Z`;
}

/** One line as a reader sees it. */
export function renderLine(line: LogLine, timestamps: boolean): string {
  return timestamps ? `${logTimestamp(line.time)} ${line.text}` : line.text;
}

export function selectLines(lines: readonly LogLine[], sel: LogSelection): LogLine[] {
  let out = sel.since === undefined ? [...lines] : lines.filter((l) => l.time >= sel.since!);
  if (sel.tail !== undefined) out = sel.tail === 0 ? [] : out.slice(-sel.tail);
  return out;
}

/** The selection as text. */
export function selectLog(lines: readonly LogLine[], sel: LogSelection): string {
  const text = selectLines(lines, sel)
    .map((l) => renderLine(l, sel.timestamps ?? false))
    .join('');
  if (sel.limitBytes === undefined) return text;
  const bytes = Buffer.from(text);
  // A cut inside a multi-byte character drops that character rather than writing half of it.
  return bytes.length <= sel.limitBytes ? text : new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, sel.limitBytes)).replace(/\uFFFD$/, '');
}
