// A container's log as kubelet keeps it: the lines each run wrote, stamped with the service's
// clock, for the current run and the one before it (what `--previous` reads). Each run is a ring:
// past MAX_LOG_LINES lines or MAX_LOG_BYTES bytes the oldest lines go, as a rotated log file's do.
import type { Micros } from '../model/event.js';

/** Lines one run keeps (ECI's Tail reads at most 2000; kept beyond that so that Since reaches back). */
export const MAX_LOG_LINES = 10_000;
/** Bytes one run keeps: 1 MiB, the most DescribeContainerLog's LimitBytes can ask for. */
export const MAX_LOG_BYTES = 1024 * 1024;

export interface LogLine {
  time: Micros;
  /** The line with its new line, or the run's last, unfinished line without one. */
  text: string;
}

export type LogListener = (line: LogLine) => void;

/** A run as the emulator's state keeps it (state/group-doc.ts). */
export interface LogRunDoc {
  startTime: Micros;
  lines: LogLine[];
  partial?: LogLine;
  ended: boolean;
}

export class LogRun {
  private lines: LogLine[] = [];
  private head = 0;
  private bytes = 0;
  private partial?: LogLine;
  private readonly listeners = new Set<LogListener>();
  ended = false;

  constructor(readonly startTime: Micros) {}

  toDoc(): LogRunDoc {
    return { startTime: this.startTime, lines: this.read(), ...(this.partial ? { partial: { ...this.partial } } : {}), ended: this.ended };
  }

  static fromDoc(doc: LogRunDoc): LogRun {
    const run = new LogRun(doc.startTime);
    run.lines = doc.lines.map((l) => ({ ...l }));
    run.bytes = run.lines.reduce((n, l) => n + Buffer.byteLength(l.text), 0);
    if (doc.partial) run.partial = { ...doc.partial };
    run.ended = doc.ended;
    return run;
  }

  /** Text the process writes at `time`; whole lines are kept at once, a partial one when the run ends. */
  write(time: Micros, text: string): void {
    if (this.ended || text === '') return;
    let rest = (this.partial?.text ?? '') + text;
    const stamp = this.partial?.time ?? time;
    this.partial = undefined;
    let first = true;
    for (let nl = rest.indexOf('\n'); nl >= 0; nl = rest.indexOf('\n')) {
      this.push({ time: first ? stamp : time, text: rest.slice(0, nl + 1) });
      rest = rest.slice(nl + 1);
      first = false;
    }
    if (rest !== '') this.partial = { time: first ? stamp : time, text: rest };
  }

  /** The process is gone: its unfinished line is kept as it is, and followers are told to stop. */
  end(): void {
    if (this.ended) return;
    if (this.partial) this.push(this.partial);
    this.partial = undefined;
    this.ended = true;
    for (const l of this.listeners) l({ time: -1, text: '' });
    this.listeners.clear();
  }

  /** Every line kept, oldest first. */
  read(): LogLine[] {
    return this.lines.slice(this.head);
  }

  /** Calls `fn` with each line as it is kept, and with an empty line at time -1 when the run ends. */
  follow(fn: LogListener): () => void {
    if (this.ended) {
      fn({ time: -1, text: '' });
      return () => {};
    }
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private push(line: LogLine): void {
    const size = Buffer.byteLength(line.text);
    // One line longer than the whole ring keeps its end, as a rotated file would.
    const kept =
      size > MAX_LOG_BYTES
        ? {
            time: line.time,
            text: Buffer.from(line.text)
              .subarray(size - MAX_LOG_BYTES)
              .toString(),
          }
        : line;
    this.lines.push(kept);
    this.bytes += Buffer.byteLength(kept.text);
    while (this.lines.length - this.head > MAX_LOG_LINES || this.bytes > MAX_LOG_BYTES) {
      this.bytes -= Buffer.byteLength(this.lines[this.head]!.text);
      this.head++;
    }
    if (this.head > 1024 && this.head * 2 > this.lines.length) {
      this.lines = this.lines.slice(this.head);
      this.head = 0;
    }
    for (const l of this.listeners) l(kept);
  }
}

/** One container's runs: the current (or last) one and the one before. */
export class ContainerLog {
  current?: LogRun;
  previous?: LogRun;

  toDoc(): { current?: LogRunDoc; previous?: LogRunDoc } {
    return { ...(this.current ? { current: this.current.toDoc() } : {}), ...(this.previous ? { previous: this.previous.toDoc() } : {}) };
  }

  static fromDoc(doc: { current?: LogRunDoc; previous?: LogRunDoc }): ContainerLog {
    const log = new ContainerLog();
    if (doc.current) log.current = LogRun.fromDoc(doc.current);
    if (doc.previous) log.previous = LogRun.fromDoc(doc.previous);
    return log;
  }

  /** A new run starts: the last one becomes the previous. */
  begin(startTime: Micros): LogRun {
    this.current?.end();
    if (this.current) this.previous = this.current;
    this.current = new LogRun(startTime);
    return this.current;
  }
}
