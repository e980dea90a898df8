import type { Clock } from '../../model/clock.js';
import { Lru } from '../../correlator/lru.js';
import { ApiError } from './errors.js';

export interface ThrottleOptions {
  /** Requests per second an account may make on average; 0 turns flow control of requests off. */
  ratePerSecond: number;
  /** Requests an account may make at once after a quiet spell. */
  burst: number;
  /**
   * Reports per second an account's producers may send on average (POST /v1/ingest is charged
   * its reports, not a request); 0 turns it off. Unset: DEFAULT_REPORT_BUDGET.
   */
  reportsPerSecond?: number;
  /** Reports an account may send at once after a quiet spell (a larger request waits for a full bucket). */
  reportBurst?: number;
}

export const DEFAULT_THROTTLE: ThrottleOptions = { ratePerSecond: 100, burst: 200 };

/**
 * A producer's budget: an event pipeline sends many small requests (an agent's report as it
 * happens) or few large ones, and either shape must reach the store's own ceiling before flow
 * control answers; so reports are counted, at a rate well above what one replica stores per
 * second, with room for ten requests of the largest size at once.
 */
export const DEFAULT_REPORT_BUDGET = { reportsPerSecond: 50_000, reportBurst: 100_000 } as const;

const TRACKED_ACCOUNTS = 10_000;

/** What a request costs: one request token, or (an ingest request) one report token per report. */
export type Charge = { reports: number } | undefined;

interface Bucket {
  tokens: number;
  at: number;
}

/** One token bucket per account, refilled continuously. */
class Buckets {
  private readonly buckets = new Lru<string, Bucket>(TRACKED_ACCOUNTS);

  constructor(
    private readonly rate: number,
    private readonly burst: number,
    private readonly clock: Clock,
  ) {}

  tryTake(account: string, cost: number): boolean {
    if (this.rate <= 0) return true;
    const now = this.clock.now();
    const bucket = this.buckets.get(account) ?? { tokens: this.burst, at: now };
    bucket.tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.at) / 1e6) * this.rate);
    bucket.at = now;
    // More than the burst at once is let through from a full bucket, else it would never pass.
    const ok = bucket.tokens >= Math.min(cost, this.burst);
    if (ok) bucket.tokens -= cost;
    this.buckets.set(account, bucket);
    return ok;
  }

  /** Whole seconds until the account has `cost` tokens again (at least 1: it was just refused). */
  retryAfterSeconds(account: string, cost: number): number {
    const bucket = this.buckets.get(account);
    if (!bucket || this.rate <= 0) return 1;
    const elapsed = (this.clock.now() - bucket.at) / 1e6;
    const missing = Math.min(cost, this.burst) - Math.min(this.burst, bucket.tokens + elapsed * this.rate);
    return Math.max(1, Math.ceil(missing / this.rate));
  }
}

/** Flow control per account: requests in one budget, producers' reports in another. */
export class AccountThrottle {
  private readonly requests: Buckets;
  private readonly reports: Buckets;

  constructor(options: ThrottleOptions, clock: Clock) {
    this.requests = new Buckets(options.ratePerSecond, options.burst, clock);
    this.reports = new Buckets(
      options.reportsPerSecond ?? DEFAULT_REPORT_BUDGET.reportsPerSecond,
      options.reportBurst ?? DEFAULT_REPORT_BUDGET.reportBurst,
      clock,
    );
  }

  /** True if the account may make this request now (and takes its tokens). */
  tryTake(account: string, charge?: Charge): boolean {
    return charge ? this.reports.tryTake(account, charge.reports) : this.requests.tryTake(account, 1);
  }

  /** Whole seconds until the account may make this request (at least 1: it was just refused). */
  retryAfterSeconds(account: string, charge?: Charge): number {
    return charge ? this.reports.retryAfterSeconds(account, charge.reports) : this.requests.retryAfterSeconds(account, 1);
  }

  /** The error a refused request gets, on every surface the same code, status and Retry-After. */
  refusal(account: string, charge?: Charge): ThrottlingError {
    return new ThrottlingError(this.retryAfterSeconds(account, charge));
  }
}

export const THROTTLING_MESSAGE = 'Request was denied due to request throttling.';

/** Throttling, with the seconds to wait, sent as Retry-After on every surface. */
export class ThrottlingError extends ApiError {
  declare readonly retryAfterSeconds: number;
  constructor(retryAfterSeconds: number) {
    super('Throttling', `${THROTTLING_MESSAGE} Retry after ${retryAfterSeconds} s.`, undefined, { retryAfterSeconds });
  }
}
