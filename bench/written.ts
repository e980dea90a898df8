// Bytes a phase makes the system write, the spans of a storm's throughput, memory at the end.
import { readFileSync } from 'node:fs';

/**
 * Bytes this process has caused to be written to storage so far (`write_bytes` of /proc/self/io:
 * counted when pages are dirtied, so SQLite's WAL appends and its checkpoints into the database
 * file both count, whether or not the kernel has flushed them yet). Undefined off Linux.
 */
export function processWriteBytes(): number | undefined {
  try {
    const text = readFileSync('/proc/self/io', 'utf8');
    const m = /^write_bytes:\s*(\d+)$/m.exec(text);
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** The storm's two spans for `count` reports: the first tenth (100k of 1M) and the last half (500k). */
export function stormSpans(count: number): { first: number; lastFrom: number } {
  return { first: Math.max(1, Math.round(count / 10)), lastFrom: Math.floor(count / 2) };
}

/** Memory at the end of a timed part. */
export interface MemoryAtEnd {
  heapUsedBytes: number;
  rssBytes: number;
}

export function memoryNow(): MemoryAtEnd {
  const m = process.memoryUsage();
  return { heapUsedBytes: m.heapUsed, rssBytes: m.rss };
}
