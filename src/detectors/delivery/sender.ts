// Sending the spool to the service, oldest first, a batch at a time, until the service has
// answered for each report. A failure of the request (unreachable, 5xx, throttled, refused
// credentials, a lost answer) sends the same batch again after a growing, jittered pause; the reports'
// idempotency keys make that safe. A report the service refuses on its own merits (an unknown
// reason, a field too long) will never be accepted: it is said and dropped.
import { Backoff, type RandomSource } from '../../model/backoff.js';
import { Sleeper } from '../../model/sleeper.js';
import type { ErrorBody, IngestAnswer } from '../../contracts/index.js';
import type { IngestReport } from './record.js';
import type { Spool } from './spool.js';

/** Reports per request at most. */
export const DEFAULT_SEND_BATCH = 500;
export const MIN_BACKOFF_MS = 250;
export const MAX_BACKOFF_MS = 30_000;

export interface PostAnswer {
  status: number;
  body: unknown;
}

/** Posts {reports} to /v1/ingest, signed; throws when no answer came. */
export type Post = (reports: readonly IngestReport[]) => Promise<PostAnswer>;

/** A 200's answer, or a refusal of the whole request (or whatever a proxy on the way said). */
type IngestBody = Partial<IngestAnswer> & Partial<ErrorBody>;

export interface SenderOptions {
  batch?: number;
  log?: (message: string) => void;
  /** Told after each batch the service answered for. */
  onDelivered?: (accepted: number, refused: number) => void;
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** Draws each pause under its ceiling (full jitter); default Math.random. */
  random?: RandomSource;
}

export class Sender {
  private readonly sleeper = new Sleeper();
  private stopped = false;
  private failing: string | undefined;

  constructor(
    private readonly spool: Spool,
    private readonly post: Post,
    private readonly options: SenderOptions = {},
  ) {}

  stop(): void {
    this.stopped = true;
    this.sleeper.wake();
  }

  async run(): Promise<void> {
    const backoff = new Backoff(this.options.minBackoffMs ?? MIN_BACKOFF_MS, this.options.maxBackoffMs ?? MAX_BACKOFF_MS, this.options.random);
    while (!this.stopped) {
      const got = await this.spool.next(this.options.batch ?? DEFAULT_SEND_BATCH);
      if (!got || this.stopped) return;
      const problem = got.records.length ? await this.send(got.records.map((r) => r.report)) : undefined;
      if (problem === undefined) {
        await this.spool.ack(got.end);
        if (this.failing) this.options.log?.('the service answers again; sending what waited');
        this.failing = undefined;
        backoff.reset();
        continue;
      }
      // Said once per spell of the same trouble, not on every retry.
      if (problem !== this.failing) this.options.log?.(`cannot deliver ${got.records.length} reports, retrying with the same keys: ${problem}`);
      this.failing = problem;
      await this.sleeper.sleep(backoff.next());
    }
  }

  /** Undefined when the service answered for every report; else what went wrong. */
  private async send(reports: IngestReport[]): Promise<string | undefined> {
    let answer: PostAnswer;
    try {
      answer = await this.post(reports);
    } catch (err) {
      return `no answer from the service: ${(err as Error & { cause?: Error }).cause?.message ?? (err as Error).message}`;
    }
    const body = answer.body as IngestBody | undefined;
    if (answer.status !== 200 || !Array.isArray(body?.results)) {
      return `the service answered ${answer.status}${body?.error ? ` ${body.error.code ?? ''}: ${body.error.message ?? ''}` : ''}`.trim();
    }
    let refused = 0;
    for (const r of body.results) {
      if (r.ok) continue;
      refused++;
      const report = reports[r.index];
      this.options.log?.(
        `the service refused a ${report?.reason ?? ''} report (${r.error?.code}: ${r.error?.message}); it is dropped: ${JSON.stringify(report?.args[0] ?? '')}`,
      );
    }
    this.options.onDelivered?.(reports.length - refused, refused);
    return undefined;
  }
}
