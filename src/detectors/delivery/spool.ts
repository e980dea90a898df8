// The agent's spool: every report is on disk (written and fsynced) before it is sent, and stays
// there until the service has answered for it, so neither an unreachable service nor a restart
// of the agent loses one. Appends that arrive together share one fsync. The spool is bounded:
// when the reports waiting would pass the limit, appends wait (and so does reading the sources,
// whose files and ring buffer keep the lines meanwhile), and the agent says so once.
import { mkdirSync, unlinkSync } from 'node:fs';
import { open, readFile, type FileHandle } from 'node:fs/promises';
import { ensurePrivateFile, PRIVATE_DIR_MODE } from '../../model/private-files.js';
import type { Mark, SpoolRecord } from './record.js';
import { listSegments, readAck, recover, segmentPath, syncDir, writeAck, type Cursor } from './spool-files.js';

/** A segment is closed and a new one begun past this size; acknowledged segments are deleted whole. */
export const SEGMENT_BYTES = 1024 * 1024;
/** Reports waiting at most, by default: hours of a kernel's worth of events. */
export const DEFAULT_SPOOL_MAX_BYTES = 64 * 1024 * 1024;

export interface SpoolOptions {
  maxBytes?: number;
  segmentBytes?: number;
  log?: (message: string) => void;
  /** Called before acknowledged segments are deleted (the agent saves its source positions first). */
  beforeDelete?: () => Promise<void>;
}

interface Queued {
  line: Buffer;
  resolve: () => void;
  reject: (err: unknown) => void;
}

export class Spool {
  private readonly maxBytes: number;
  private readonly segmentBytes: number;
  private readonly sizes: Map<number, number>;
  private acked: Cursor;
  private writer: { n: number; fh: FileHandle } | undefined;
  private queue: Queued[] = [];
  private pumping = false;
  private full = false;
  private closed = false;
  private wakeWriter: (() => void) | undefined;
  private wakeReader: (() => void) | undefined;
  private emptied: Array<() => void> = [];
  /** The last mark of each source among the records found at open. */
  readonly recovered: ReadonlyMap<string, Mark>;
  /** Records waiting when the spool was opened. */
  readonly recoveredRecords: number;

  private constructor(
    private readonly dir: string,
    private readonly options: SpoolOptions,
  ) {
    this.maxBytes = options.maxBytes ?? DEFAULT_SPOOL_MAX_BYTES;
    this.segmentBytes = options.segmentBytes ?? SEGMENT_BYTES;
    mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
    this.acked = readAck(dir);
    const found = recover(dir, this.acked);
    if (found.damaged) options.log?.(`spool ${dir}: ${found.damaged} damaged lines skipped`);
    this.sizes = found.sizes;
    this.recovered = found.marks;
    this.recoveredRecords = found.records;
  }

  static async open(dir: string, options: SpoolOptions = {}): Promise<Spool> {
    return new Spool(dir, options);
  }

  /** Bytes of reports not yet acknowledged. */
  get waitingBytes(): number {
    let total = 0;
    for (const [n, size] of this.sizes) if (n >= this.acked.segment) total += n === this.acked.segment ? size - this.acked.offset : size;
    return total;
  }

  /** Resolves once the record is on disk; waits while the spool is full. */
  append(record: SpoolRecord): Promise<void> {
    const line = Buffer.from(JSON.stringify(record) + '\n');
    if (this.closed) return Promise.reject(new Error('the spool is closed'));
    if (line.length > this.maxBytes) return Promise.reject(new Error(`a report of ${line.length} bytes cannot fit a spool of ${this.maxBytes}`));
    return new Promise((resolve, reject) => {
      this.queue.push({ line, resolve, reject });
      void this.pump();
    });
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.queue.length && !this.closed) {
        let bytes = 0;
        let take = 0;
        const room = this.maxBytes - this.waitingBytes;
        while (take < this.queue.length && bytes + this.queue[take]!.line.length <= room) bytes += this.queue[take++]!.line.length;
        if (take === 0) {
          if (!this.full)
            this.options.log?.(
              `spool full: ${this.waitingBytes} bytes of reports wait in ${this.dir} (limit ${this.maxBytes}, --spool-max-bytes); reading paused until the service takes some`,
            );
          this.full = true;
          await new Promise<void>((resolve) => (this.wakeWriter = resolve));
          continue;
        }
        if (this.full) this.options.log?.('spool has room again; reading resumed');
        this.full = false;
        const batch = this.queue.splice(0, take);
        try {
          await this.write(Buffer.concat(batch.map((q) => q.line)));
          batch.forEach((q) => q.resolve());
        } catch (err) {
          batch.forEach((q) => q.reject(err));
        }
        this.wakeReader?.();
      }
    } finally {
      this.pumping = false;
    }
  }

  private async write(data: Buffer): Promise<void> {
    if (!this.writer || this.sizes.get(this.writer.n)! >= this.segmentBytes) {
      // After a restart, appends continue the last segment while it has room.
      const last = lastSegment(this.sizes);
      const n = this.writer ? this.writer.n + 1 : last !== undefined && this.sizes.get(last)! < this.segmentBytes ? last : (last ?? 0) + 1;
      await this.writer?.fh.close();
      ensurePrivateFile(segmentPath(this.dir, n));
      this.writer = { n, fh: await open(segmentPath(this.dir, n), 'a') };
      if (!this.sizes.has(n)) {
        this.sizes.set(n, 0);
        syncDir(this.dir);
      }
    }
    await this.writer.fh.write(data);
    await this.writer.fh.datasync();
    this.sizes.set(this.writer.n, this.sizes.get(this.writer.n)! + data.length);
  }

  /**
   * Up to `max` records after the acknowledged point, and the cursor just past them; waits while
   * there are none. Undefined once the spool is closed.
   */
  async next(max: number): Promise<{ records: SpoolRecord[]; end: Cursor } | undefined> {
    for (;;) {
      if (this.closed) return undefined;
      const got = await this.read(max);
      if (got) return got;
      await new Promise<void>((resolve) => (this.wakeReader = resolve));
    }
  }

  private async read(max: number): Promise<{ records: SpoolRecord[]; end: Cursor } | undefined> {
    let at = { ...this.acked };
    for (;;) {
      const size = this.sizes.get(at.segment);
      if (size !== undefined && at.offset < size) break;
      const later = [...this.sizes.keys()].filter((n) => n > at.segment).sort((a, b) => a - b)[0];
      if (later === undefined) return undefined;
      at = { segment: later, offset: 0 };
    }
    // Up to what is known to be written: a write in progress is not read half done.
    const data = (await readFile(segmentPath(this.dir, at.segment))).subarray(at.offset, this.sizes.get(at.segment));
    const records: SpoolRecord[] = [];
    let from = 0;
    for (let nl = data.indexOf(10); nl !== -1 && records.length < max; nl = data.indexOf(10, from)) {
      try {
        records.push(JSON.parse(data.toString('utf8', from, nl)) as SpoolRecord);
      } catch {
        this.options.log?.(`spool: a damaged line in ${segmentPath(this.dir, at.segment)} skipped`);
      }
      from = nl + 1;
    }
    return { records, end: { segment: at.segment, offset: at.offset + from } };
  }

  /** The service has answered for everything before `end`. */
  async ack(end: Cursor): Promise<void> {
    this.acked = end;
    writeAck(this.dir, end);
    const done = [...this.sizes.keys()].filter((n) => n < end.segment && n !== this.writer?.n);
    if (done.length) {
      await this.options.beforeDelete?.();
      for (const n of done) {
        unlinkSync(segmentPath(this.dir, n));
        this.sizes.delete(n);
      }
    }
    this.wakeWriter?.();
    if (this.waitingBytes === 0) for (const resolve of this.emptied.splice(0)) resolve();
  }

  /** Resolves once every report appended so far has been answered for. */
  drained(): Promise<void> {
    if (this.waitingBytes === 0 && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.emptied.push(resolve));
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const q of this.queue.splice(0)) q.reject(new Error('the spool is closed'));
    this.wakeWriter?.();
    this.wakeReader?.();
    for (const resolve of this.emptied.splice(0)) resolve();
    await this.writer?.fh.close();
    this.writer = undefined;
  }

  /** Segment numbers on disk (for tests). */
  segments(): number[] {
    return listSegments(this.dir);
  }
}

function lastSegment(sizes: Map<number, number>): number | undefined {
  let last: number | undefined;
  for (const n of sizes.keys()) if (last === undefined || n > last) last = n;
  return last;
}
