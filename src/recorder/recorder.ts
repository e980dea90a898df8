import { randomUUID } from 'node:crypto';
import { catalog as seedCatalog, type ArgsFor, type Catalog, type Reason } from '../catalog/index.js';
import { Correlator, type CorrelatorOptions } from '../correlator/index.js';
import { systemClock, type Clock } from '../model/clock.js';
import { MAX_MESSAGE_LENGTH } from '../model/limits.js';
import type { StoredEvent } from '../model/event.js';
import { truncateText } from '../model/text.js';
import { recordApart, type EventStore, type EventWrite } from '../store/index.js';
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

interface Pending {
  write: EventWrite;
  resolve: (e: StoredEvent) => void;
  reject: (err: unknown) => void;
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
  private flushing: Promise<void> | undefined;
  private scheduled = false;
  private readonly commitListeners = new Set<(events: readonly StoredEvent[]) => void>();

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
      this.queue.push({ write, resolve, reject });
      this.schedule();
    });
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
    while (this.queue.length || this.flushing) await (this.flushing ?? this.flush());
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
    if (this.scheduled || this.flushing) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private flush(): Promise<void> {
    if (this.flushing) return this.flushing;
    const batch = this.queue.splice(0, this.maxBatch);
    if (batch.length === 0) return Promise.resolve();
    // One caller's bad write must not fail the others that shared its transaction: a batch that
    // rolls back is retried apart, and only that write's caller gets the error.
    this.flushing = recordApart((writes) => this.store.record(writes), batch.map((p) => p.write))
      .then((outcomes) => {
        const stored: StoredEvent[] = [];
        outcomes.forEach((o, i) => {
          if (o.ok) {
            batch[i]!.resolve(o.event);
            stored.push(o.event);
          } else batch[i]!.reject(o.error);
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
        this.flushing = undefined;
        if (this.queue.length) this.schedule();
      });
    return this.flushing;
  }
}
