// Delivery of the change feed to a webhook, at least once and in order: each change that passes
// the filter is posted until the webhook answers 2xx, and the checkpoint moves past a change only
// once it has been delivered (or set aside), so a stopped or crashed sink resumes where it was
// and loses nothing. A webhook that refuses a change for good (a 4xx other than 408 and 429, as
// often as maxAttempts) gets it set aside in the dead-letter file instead of holding up the rest.
// Changes retention removed before the sink read them (its webhook was down for longer than the
// service keeps events) are never skipped without a word: the sink records the gap and stops, or,
// told to, records it, says exactly which versions it lost and goes on after them.
import { Backoff, type RandomSource } from '../model/backoff.js';
import { Sleeper } from '../model/sleeper.js';
import { ChangesExpiredError } from '../store/index.js';
import { matches, type ChangeFilter, type ChangeItem, type ChangeSource, type FeedGap, type FeedPosition } from './change.js';

export const DEFAULT_PAGE = 500;
export const DEFAULT_POLL_MS = 1000;
export const MIN_BACKOFF_MS = 500;
export const MAX_BACKOFF_MS = 60_000;
export const DEFAULT_MAX_ATTEMPTS = 5;

/** Posts one change; resolves with the HTTP status, throws when no answer came. */
export type Deliver = (item: ChangeItem) => Promise<number>;

export interface SinkOptions {
  source: ChangeSource;
  deliver: Deliver;
  /** The saved position, and how to save it. */
  checkpoint: { read(): number | undefined; write(after: number): void };
  /** Where to start without a saved position: the latest version (new changes only), or the oldest kept. */
  start: () => Promise<FeedPosition>;
  filter?: ChangeFilter;
  /** Keeps a change the webhook refused for good, with why. */
  setAside: (item: ChangeItem, why: string) => void;
  /** Keeps the record of a gap retention made in the feed; `skipped` when the sink goes on after it. */
  recordGap: (gap: FeedGap, skipped: boolean) => void;
  /** On a gap, go on after it (logging what was lost) instead of stopping. */
  skipExpired?: boolean;
  log?: (message: string) => void;
  onDelivered?: (item: ChangeItem) => void;
  pageSize?: number;
  pollMs?: number;
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** Draws each pause under its ceiling (full jitter); default Math.random. */
  random?: RandomSource;
  maxAttempts?: number;
}

/** The sink stopped at a gap retention made in the feed: these versions were never delivered. */
export class FeedGapError extends Error {
  constructor(readonly gap: FeedGap) {
    super(
      `retention removed versions ${gap.from}..${gap.to} of the feed before they were delivered (the webhook or this deliverer was behind for longer than the service keeps events); ` +
        `the gap is recorded in the dead-letter file. Start again with --skip-expired to go on after version ${gap.to}`,
    );
  }
}

/** A refusal that sending again will not change: the request itself is wrong for this webhook. */
const permanent = (status: number) => status >= 400 && status < 500 && status !== 408 && status !== 429;

export class WebhookSink {
  private readonly sleeper = new Sleeper();
  private stopped = false;

  constructor(private readonly o: SinkOptions) {}

  /** Pauses between tries that double up to the most, each drawn under its ceiling: sinks down together do not retry together. */
  private backoff(): Backoff {
    return new Backoff(this.o.minBackoffMs ?? MIN_BACKOFF_MS, this.o.maxBackoffMs ?? MAX_BACKOFF_MS, this.o.random);
  }

  /** Stops after the change in hand is delivered (or at once, between changes). */
  stop(): void {
    this.stopped = true;
    this.sleeper.wake();
  }

  /** Delivers until stopped; rejects with FeedGapError when retention made a gap and skipExpired is off. */
  async run(): Promise<void> {
    let after: FeedPosition | undefined = this.o.checkpoint.read() ?? (await this.retrying('reading the latest version', this.o.start));
    if (after === undefined) return;
    while (!this.stopped) {
      let page: ChangeItem[] | undefined;
      try {
        page = await this.retrying('reading changes', () => this.o.source(after!, this.o.pageSize ?? DEFAULT_PAGE));
      } catch (err) {
        if (!(err instanceof ChangesExpiredError)) throw err;
        after = this.skipGap(err);
        continue;
      }
      if (page === undefined) return;
      for (const item of page) {
        if (this.stopped) return;
        if (matches(this.o.filter ?? {}, item)) {
          if (!(await this.deliver(item))) return;
          this.o.onDelivered?.(item);
        }
        after = Number(item.metadata.resourceVersion);
        this.o.checkpoint.write(after);
      }
      if (page.length < (this.o.pageSize ?? DEFAULT_PAGE)) await this.sleeper.sleep(this.o.pollMs ?? DEFAULT_POLL_MS);
    }
  }

  /** Records the gap; then the position after it (skipExpired), or a FeedGapError thrown. */
  private skipGap(err: ChangesExpiredError): number {
    const gap = { from: err.after + 1, to: err.purgedUpTo };
    this.o.recordGap(gap, this.o.skipExpired ?? false);
    if (!this.o.skipExpired) throw new FeedGapError(gap);
    this.o.log?.(`lost versions ${gap.from}..${gap.to}: retention removed them before they were delivered; going on after version ${gap.to}`);
    this.o.checkpoint.write(gap.to);
    return gap.to;
  }

  /** Posts until delivered or set aside (true), or until stopped (false). */
  private async deliver(item: ChangeItem): Promise<boolean> {
    const backoff = this.backoff();
    let refusals = 0;
    for (;;) {
      let why: string;
      try {
        const status = await this.o.deliver(item);
        if (status >= 200 && status < 300) return true;
        why = `HTTP ${status}`;
        if (permanent(status) && ++refusals >= (this.o.maxAttempts ?? DEFAULT_MAX_ATTEMPTS)) {
          this.o.setAside(item, `${why} ${refusals} times`);
          this.o.log?.(
            `set aside ${item.metadata.namespace}/${item.metadata.name} (version ${item.metadata.resourceVersion}): the webhook answered ${why} ${refusals} times`,
          );
          return true;
        }
      } catch (err) {
        why = (err as Error & { cause?: Error }).cause?.message ?? (err as Error).message;
      }
      if (this.stopped) return false;
      const pause = backoff.next();
      this.o.log?.(`delivering version ${item.metadata.resourceVersion} failed (${why}); trying again in ${Math.round(pause)} ms`);
      await this.sleeper.sleep(pause);
      if (this.stopped) return false;
    }
  }

  /** Calls the service until it answers; undefined when stopped first. */
  private async retrying<T>(what: string, call: () => Promise<T>): Promise<T | undefined> {
    const backoff = this.backoff();
    while (!this.stopped) {
      try {
        return await call();
      } catch (err) {
        // Asking again would not bring back what retention removed.
        if (err instanceof ChangesExpiredError) throw err;
        const pause = backoff.next();
        this.o.log?.(`${what} failed (${(err as Error).message}); trying again in ${Math.round(pause)} ms`);
        await this.sleeper.sleep(pause);
      }
    }
    return undefined;
  }
}
