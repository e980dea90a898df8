// The spool's files: numbered segments of JSON lines (one record each) and the acknowledged
// point. Reading them back at start: segments before the acknowledged point are deleted, a torn
// last line (a crash in the middle of a write, never acknowledged to anyone) is cut off, and the
// last mark of each source is collected.
import { closeSync, fsyncSync, openSync, readdirSync, readFileSync, renameSync, statSync, truncateSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { openReplacement } from '../../model/private-files.js';
import type { Mark, SpoolRecord } from './record.js';

export interface Cursor {
  segment: number;
  offset: number;
}

const SEGMENT = /^segment-(\d{10})\.jsonl$/;
export const segmentPath = (dir: string, n: number): string => join(dir, `segment-${String(n).padStart(10, '0')}.jsonl`);
const ackPath = (dir: string): string => join(dir, 'acked');

export function listSegments(dir: string): number[] {
  return readdirSync(dir)
    .map((name) => SEGMENT.exec(name))
    .filter((m) => m !== null)
    .map((m) => Number(m[1]))
    .sort((a, b) => a - b);
}

export function readAck(dir: string): Cursor {
  try {
    const [segment, offset] = readFileSync(ackPath(dir), 'utf8').trim().split(' ').map(Number);
    if (Number.isSafeInteger(segment) && Number.isSafeInteger(offset)) return { segment: segment!, offset: offset! };
  } catch {
    // No file yet: nothing acknowledged.
  }
  return { segment: 0, offset: 0 };
}

/**
 * Records the acknowledged point: a new file renamed over the old, so it is always whole. Not
 * synced: losing the latest one only resends reports whose keys the service already has.
 */
export function writeAck(dir: string, at: Cursor): void {
  const fd = openReplacement(`${ackPath(dir)}.tmp`, ackPath(dir));
  try {
    writeSync(fd, `${at.segment} ${at.offset}\n`);
  } finally {
    closeSync(fd);
  }
  renameSync(`${ackPath(dir)}.tmp`, ackPath(dir));
}

/** Makes a new or removed file name durable. */
export function syncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export interface Recovered {
  /** Segment sizes, after cutting off a torn tail. */
  sizes: Map<number, number>;
  /** Records not yet acknowledged. */
  records: number;
  /** The last mark of each source among all records still in the spool. */
  marks: Map<string, Mark>;
  /** Lines that could not be read (a damaged disk); skipped. */
  damaged: number;
}

export function recover(dir: string, ack: Cursor): Recovered {
  const out: Recovered = { sizes: new Map(), records: 0, marks: new Map(), damaged: 0 };
  for (const n of listSegments(dir)) {
    const path = segmentPath(dir, n);
    if (n < ack.segment) {
      unlinkSync(path);
      continue;
    }
    const data = readFileSync(path);
    const whole = data.lastIndexOf(10) + 1;
    if (whole < data.length) truncateSync(path, whole);
    out.sizes.set(n, whole);
    let from = 0;
    for (let nl = data.indexOf(10); nl !== -1 && nl < whole; nl = data.indexOf(10, from)) {
      const line = data.toString('utf8', from, nl);
      const acked = n === ack.segment && from < ack.offset;
      from = nl + 1;
      try {
        const record = JSON.parse(line) as SpoolRecord;
        if (record.mark) out.marks.set(record.mark.source, record.mark);
        if (!acked) out.records++;
      } catch {
        out.damaged++;
      }
    }
  }
  return out;
}

export const fileSize = (path: string): number => statSync(path).size;
