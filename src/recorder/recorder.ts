import { randomUUID } from 'node:crypto';
import { catalog as seedCatalog, type ArgsFor, type Catalog, type Reason } from '../catalog/index.js';
import { Correlator, type CorrelatorOptions } from '../correlator/index.js';
import { systemClock, type Clock } from '../model/clock.js';
import { MAX_MESSAGE_LENGTH } from '../model/limits.js';
import type { StoredEvent } from '../model/event.js';
import { truncateText } from '../model/text.js';
import { commitApart, type EventStore, type EventWrite, type StateChange, type StateFence } from '../store/index.js';
import { EventNamer } from './names.js';
import { ReportError } from './report-error.js';
import { idempotencyKeyOf, toOccurrence, type ObjectInput, type ReportOptions } from './validate.js';

/** Writes taken into one transaction at most; more wait for the next. */
export const DEFAULT_MAX_BATCH = 2000;

export interface RecorderOptions {
  clock?: Clock;
  catalog?: Catalog;
  correlator?: CorrelatorOptions;
  maxBatch?: number;
}

/** One report as producers send it (the ingest API's item). */
export interface ReportInput {
  object: ObjectInput;
  reason: string;
  args?: unknown[];
  options?: ReportOptions;
}

export type ReportResult = { ok: true; event: StoredEvent } | { ok: false; error: ReportError };

interface Waiter {
  resolve: (e: StoredEvent) => void;
  reject: (err: unknown) => void;
}

/**
 * What commits whole: one report, or an emulator turn (the events it reported and its state
 * changes), never split across batches nor by the retry apart.
 */
interface Pending {
  /** Queue order: settled() waits for every unit up to the last one queued. */
  seq: number;
  writes: EventWrite[];
  waiters: Waiter[];
  state?: StateChange;
  /** The turn's own promise (the state's commit); none for a plain report. */
  done?: { resolve: () => void; reject: (err: unknown) => void };
}

/**
 * The one way in: checks a report against the catalog, renders its message, correlates it and
 * stores it. Reports that arrive together share one durable transaction (group commit); each
 * promise settles only once its write is committed.
 */
export class Recorder {
  readonly clock: Clock;
  readonly catalog: Catalog;
  private readonly correlator: Correlator;
  private readonly namer = new EventNamer();
  private readonly maxBatch: number;
  private queue: Pending[] = [];
  /**
   * Batches sent to the store and not yet settled, at most the store's writeDepth, each with the
   * seq of its first unit (settled() waits for the lowest).
   */
  private readonly flushes = new Map<Promise<void>, number>();
  /** A batch with emulator state is in flight: it goes alone, nothing is sent beside it. */
  private stateInFlight = false;
  private scheduled = false;
  private readonly commitListeners = new Set<(events: readonly StoredEvent[]) => void>();
  /** The emulator turn open now: reports join it instead of the queue. */
  private turn: Pending | undefined;
  /** The seq of the last unit queued. */
  private lastSeq = 0;
  /**
   * Callers of settled() waiting for every unit up to `seq`. Kept apart from the units so that a
   * plain report costs no promise of its own for it: reports come by the thousand and each such
   * promise lived until its commit, all of them through the young generation's collections.
   */
  private settleWaiters: Array<{ seq: number; resolve: () => void }> = [];
  private stateFence: (() => StateFence | undefined) | undefined;

  constructor(
    private readonly store: EventStore,
    options: RecorderOptions = {},
  ) {
    this.clock = options.clock ?? systemClock;
    this.catalog = options.catalog ?? seedCatalog;
    this.correlator = new Correlator(this.clock, options.correlator);
    this.maxBatch = options.maxBatch ?? DEFAULT_MAX_BATCH;
  }

  /** Reports one occurrence of a catalog event; the reason and argument count are checked at compile time. */
  report<R extends Reason>(object: ObjectInput, reason: R, args: ArgsFor<R>, options?: ReportOptions): Promise<StoredEvent> {
    return this.reportUnchecked({ object, reason, args, options });
  }

  /** The same as report() for input whose types are only known at run time (the ingest API). */
  reportUnchecked(input: ReportInput): Promise<StoredEvent> {
    let write: EventWrite;
    try {
      write = this.prepare(input);
    } catch (err) {
      return Promise.reject(err);
    }
    return new Promise((resolve, reject) => {
      if (this.turn) {
        this.turn.writes.push(write);
        this.turn.waiters.push({ resolve, reject });
        return;
      }
      this.enqueue({ seq: 0, writes: [write], waiters: [{ resolve, reject }] });
    });
  }

  /**
   * Opens an emulator turn: every report until closeTurn() commits with the turn's state changes,
   * in one transaction. A turn is synchronous (one API mutation, one timer, one step of an advance).
   */
  openTurn(): void {
    if (this.turn) throw new Error('an emulator turn is already open');
    this.turn = { seq: 0, writes: [], waiters: [] };
  }

  /**
   * Closes the open turn with its state changes; resolves once the turn is committed (at once
   * when it reported and changed nothing, after what was queued before it).
   */
  closeTurn(state?: StateChange): Promise<void> {
    const turn = this.turn;
    if (!turn) throw new Error('no emulator turn is open');
    this.turn = undefined;
    if (state) turn.state = state;
    if (turn.writes.length === 0 && !turn.state) return this.settled();
    const done = new Promise<void>((resolve, reject) => {
      turn.done = { resolve, reject };
    });
    this.enqueue(turn);
    return done;
  }

  /**
   * A check every transaction that writes emulator state runs first (emulator-state.ts StateFence):
   * the replicas' fencing. Read when each batch is written.
   */
  setStateFence(fence: (() => StateFence | undefined) | undefined): void {
    this.stateFence = fence;
  }

  private enqueue(unit: Pending): void {
    unit.seq = ++this.lastSeq;
    this.queue.push(unit);
    this.schedule();
  }

  /** A batch of reports: bad items are refused one by one, the good ones are stored together. */
  async reportMany(inputs: readonly ReportInput[]): Promise<ReportResult[]> {
    return Promise.all(
      inputs.map((input) =>
        this.reportUnchecked(input).then(
          (event): ReportResult => ({ ok: true, event }),
          (error: unknown): ReportResult => {
            if (error instanceof ReportError) return { ok: false, error };
            throw error;
          },
        ),
      ),
    );
  }

  /**
   * Calls `listener` with the stored events of each batch once it is committed (so that watchers
   * of the change feed need not wait for their next poll). Returns the function that stops it.
   */
  onCommit(listener: (events: readonly StoredEvent[]) => void): () => void {
    this.commitListeners.add(listener);
    return () => this.commitListeners.delete(listener);
  }

  /** Resolves once everything reported so far is stored. */
  async drain(): Promise<void> {
    for (;;) {
      this.flush();
      if (this.flushes.size === 0) return;
      await Promise.all(this.flushes.keys());
    }
  }

  /** Resolves once every unit queued so far (reports and turns) is committed or has failed. */
  settled(): Promise<void> {
    const seq = this.lastSeq;
    if (this.firstUnsettled() > seq) return Promise.resolve();
    return new Promise((resolve) => this.settleWaiters.push({ seq, resolve }));
  }

  /** The seq of the first unit not yet committed or failed: the queue's head or a batch still out. */
  private firstUnsettled(): number {
    let first = this.queue.length ? this.queue[0]!.seq : this.lastSeq + 1;
    for (const from of this.flushes.values()) first = Math.min(first, from);
    return first;
  }

  private wakeSettleWaiters(): void {
    if (this.settleWaiters.length === 0) return;
    const first = this.firstUnsettled();
    const waiting = this.settleWaiters;
    this.settleWaiters = waiting.filter((w) => w.seq >= first);
    for (const w of waiting) if (w.seq < first) w.resolve();
  }

  private prepare(input: ReportInput): EventWrite {
    const { occurrence } = toOccurrence(this.catalog, this.clock, input.object, input.reason, input.args ?? [], input.options);
    const idempotencyKey = idempotencyKeyOf(input.options);
    const { occurrence: o, key } = this.correlator.correlate(occurrence);
    return {
      account: o.account,
      key,
      name: this.namer.name(o.involvedObject.name, o.timestamp),
      namespace: o.involvedObject.namespace || 'default',
      uid: randomUUID(),
      involvedObject: o.involvedObject,
      containerGroupId: o.containerGroupId,
      reason: o.reason,
      message: truncateText(o.message, MAX_MESSAGE_LENGTH),
      type: o.type,
      source: o.source,
      reportingComponent: o.reportingComponent,
      reportingInstance: o.reportingInstance,
      count: 1,
      firstTimestamp: o.timestamp,
      lastTimestamp: o.timestamp,
      idempotencyKey,
    };
  }

  private schedule(): void {
    if (this.scheduled || this.stateInFlight || this.flushes.size >= this.depth) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  /** How many batches may be in flight: more than one only where the store writes them in order off this thread. */
  private get depth(): number {
    return Math.max(1, this.store.writeDepth ?? 1);
  }

  /** Sends the store what it may take now. */
  private flush(): void {
    while (this.queue.length && !this.stateInFlight && this.flushes.size < this.depth) {
      // Whole units up to maxBatch writes (a larger turn goes alone).
      let take = 0;
      let writes = 0;
      let withState = false;
      while (take < this.queue.length && (take === 0 || writes + this.queue[take]!.writes.length <= this.maxBatch)) {
        const unit = this.queue[take++]!;
        writes += unit.writes.length;
        withState ||= unit.state !== undefined;
      }
      // Beside a batch being written, only a full one goes, so that batches still grow while the
      // store is busy; and emulator state never, so that turns commit one after another.
      const full = take < this.queue.length || writes >= this.maxBatch;
      if (this.flushes.size > 0 && (withState || !full)) return;
      this.send(this.queue.splice(0, take), withState);
    }
  }

  private send(batch: Pending[], withState: boolean): void {
    // One caller's bad write must not fail the others that shared its transaction: a batch that
    // rolls back is retried apart, and only that unit's callers get the error.
    const fence = this.stateFence?.();
    this.stateInFlight = withState;
    const flushing: Promise<void> = commitApart((w, state) => this.store.record(w, state ? { state, ...(fence ? { fence } : {}) } : {}), batch)
      .then((outcomes) => {
        const stored: StoredEvent[] = [];
        outcomes.forEach((o, i) => {
          const unit = batch[i]!;
          if (o.ok) {
            unit.waiters.forEach((w, j) => w.resolve(o.events[j]!));
            stored.push(...o.events);
            unit.done?.resolve();
          } else {
            for (const w of unit.waiters) w.reject(o.error);
            unit.done?.reject(o.error);
          }
        });
        if (stored.length === 0) return;
        for (const listener of this.commitListeners) {
          try {
            listener(stored);
          } catch {
            // A listener's failure is its own; the batch is committed and acknowledged.
          }
        }
      })
      .finally(() => {
        this.flushes.delete(flushing);
        this.wakeSettleWaiters();
        if (withState) this.stateInFlight = false;
        if (this.queue.length) this.schedule();
      });
    this.flushes.set(flushing, batch[0]!.seq);
  }
}
