// One source's lines through its rules: read (kernel ring buffer, a followed file, standard
// input), split, match, and hand each match to the agent to attribute and spool, then move the
// source's position on once those reports are on disk. After a restart it starts `resume` back,
// so multi-line windows hold what they held, and makes no report for a line it had processed.
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import type { Micros } from '../model/event.js';
import type { AgentState } from './agent-state.js';
import type { Mark } from './delivery/record.js';
import { StreamMatcher, type LineMatch } from './match/stream-matcher.js';
import type { CompiledLogRule, LogSourceSpec } from './rules/compiled.js';
import { FileFollower } from './sources/follow-file.js';
import { KmsgDevice } from './sources/kmsg-device.js';
import { parseKernelLine } from './sources/kmsg-record.js';
import { LineSplitter, type Line } from './sources/lines.js';

export interface Occurrence {
  match: LineMatch;
  time: Micros;
  /** Where the line ended in its source (absent for standard input, which cannot be read again). */
  mark: Mark | undefined;
  /** What makes the report's idempotency key: the same line read again gives the same key. */
  keyParts: Array<string | number>;
}

export interface PipelineDeps {
  state: AgentState;
  /** The last mark of this source among the reports found in the spool at start. */
  spooled: Mark | undefined;
  /**
   * Attributes and queues the occurrence's report; resolves once it is queued (in line order),
   * with `written`, which resolves once it is on disk (appends queued together share an fsync).
   */
  emit(o: Occurrence): Promise<{ written: Promise<void> }>;
  log(message: string): void;
  now(): Micros;
  bootId: string;
  bootTimeMicros: Micros;
  stdin?: Readable;
}

export class LogPipeline {
  readonly matcher: StreamMatcher;
  private readonly starts: Float64Array;
  private lines = 0;
  private epoch: string | undefined;
  private replay: { epoch: string; upTo: number } | undefined;
  private quietBefore: Micros | undefined;
  /** Reports of matched lines, queued one after another in line order. */
  private tail: Promise<void> = Promise.resolve();
  private writes: Array<Promise<void>> = [];
  private emitted = false;
  private stopper: (() => void) | undefined;
  private stopped = false;

  constructor(
    readonly id: string,
    private readonly spec: LogSourceSpec,
    rules: readonly CompiledLogRule[],
    private readonly deps: PipelineDeps,
  ) {
    this.matcher = new StreamMatcher(rules);
    this.starts = new Float64Array(this.matcher.reach);
  }

  stop(): void {
    this.stopped = true;
    this.stopper?.();
  }

  async run(): Promise<void> {
    const saved = this.deps.state.source(this.id, this.deps.spooled);
    if (saved) this.replay = { epoch: saved.epoch, upTo: saved.processed };
    if (this.spec.kind === 'stdin') return this.runStream(this.deps.stdin ?? process.stdin, `stdin@${this.deps.now()}`);
    const path = this.spec.path!;
    if (this.spec.kind === 'kmsg' && (await stat(path)).isCharacterDevice()) return this.runDevice(path, saved);
    const follower = new FileFollower(path, { log: this.deps.log });
    this.stopper = () => follower.stop();
    if (this.stopped) return;
    const splitters = new Map<string, LineSplitter>();
    const splitter = (epoch: string) => splitters.get(epoch) ?? splitters.set(epoch, new LineSplitter()).get(epoch)!;
    const kmsg = this.spec.kind === 'kmsg';
    await follower.run(saved ? { resume: { epoch: saved.epoch, offset: saved.resume }, start: 'beginning' } : { start: kmsg ? 'beginning' : this.spec.start }, {
      begin: (epoch, offset) => {
        if (epoch !== this.epoch) this.enter(epoch, offset);
      },
      data: (epoch, chunk, at) => this.lineBatch(epoch, splitter(epoch).push(chunk, at), kmsg),
      ended: async (epoch) => {
        await this.lineBatch(epoch, splitter(epoch).flush(), kmsg);
        splitters.delete(epoch);
        // Offsets of a truncated file start again: what was processed says nothing of them.
        if (this.replay?.epoch === epoch) this.replay = undefined;
      },
    });
  }

  private async runDevice(path: string, saved: { epoch: string; resume: number } | undefined): Promise<void> {
    const device = new KmsgDevice(path, { log: this.deps.log });
    this.stopper = () => device.stop();
    if (this.stopped) return;
    const resume = saved?.epoch === this.deps.bootId ? saved.resume : -1;
    // A first run reports what the lookback covers; a run after another boot, all of this boot.
    if (!saved) this.quietBefore = this.deps.now() - this.spec.lookbackMicros;
    await device.run(async (record) => {
      if (record.seq < resume) return;
      this.line(this.deps.bootId, record.text, record.seq, record.seq, this.deps.bootTimeMicros + record.tsMicros);
      await this.settle(this.deps.bootId, record.seq);
    });
  }

  private async runStream(stream: Readable, epoch: string): Promise<void> {
    const splitter = new LineSplitter();
    let at = 0;
    this.stopper = () => stream.destroy();
    try {
      for await (const chunk of stream) {
        const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
        await this.lineBatch(epoch, splitter.push(buf, at), false);
        at += buf.length;
      }
    } catch (err) {
      if (!this.stopped) throw err; // destroyed by stop()
      return;
    }
    await this.lineBatch(epoch, splitter.flush(), false);
  }

  private async lineBatch(epoch: string, lines: readonly Line[], kmsg: boolean): Promise<void> {
    if (lines.length === 0) return;
    const now = this.deps.now();
    for (const l of lines) {
      if (!kmsg) {
        this.line(epoch, l.text, l.start, l.end, now);
        continue;
      }
      // A file given for the kernel's log may be a saved /dev/kmsg, `dmesg`'s output or a syslog
      // or journal file: each line's kernel text is matched, none is skipped for its form.
      const kernel = parseKernelLine(l.text);
      if (kernel)
        this.line(epoch, kernel.text, l.start, l.end, kernel.tsMicros === undefined ? now : Math.min(now, this.deps.bootTimeMicros + kernel.tsMicros));
    }
    await this.settle(epoch, lines[lines.length - 1]!.end);
  }

  private line(epoch: string, text: string, start: number, end: number, time: Micros): void {
    if (epoch !== this.epoch) this.enter(epoch, start);
    this.starts[this.lines++ % this.starts.length] = start;
    const matches = this.matcher.feed(text);
    if (!matches) return;
    if (this.replay && epoch === this.replay.epoch && end <= this.replay.upTo) return;
    if (this.quietBefore !== undefined && time < this.quietBefore) return;
    const mark = this.spec.kind === 'stdin' ? undefined : { source: this.id, epoch, position: end };
    for (const match of matches) {
      this.tail = this.tail.then(async () => {
        this.writes.push((await this.deps.emit({ match, time, mark, keyParts: [this.id, epoch, end, text] })).written);
      });
    }
    this.emitted = true;
  }

  /**
   * A new file or boot, read from `offset`: saved at once, before any report of it is spooled
   * (see AgentState.source), and so that a restart before its first line starts there too.
   */
  private enter(epoch: string, offset: number): void {
    this.epoch = epoch;
    this.lines = 0;
    if (this.spec.kind === 'stdin' || this.deps.state.source(this.id, undefined)?.epoch === epoch) return;
    this.deps.state.set(this.id, { epoch, processed: offset, resume: offset });
    this.deps.state.save();
  }

  /** Once the batch's reports are spooled, the source has got to `end`. */
  private async settle(epoch: string, end: number): Promise<void> {
    if (this.emitted) {
      this.emitted = false;
      await this.tail;
      const writes = this.writes;
      this.writes = [];
      await Promise.all(writes);
    }
    if (this.spec.kind === 'stdin') return;
    const held = Math.min(this.lines, this.starts.length);
    const oldest = held === 0 ? end : this.starts[(this.lines - held) % this.starts.length]!;
    this.deps.state.set(this.id, { epoch, processed: end, resume: oldest });
  }
}
