import type { Clock } from '../../model/clock.js';
import { Lru } from '../../correlator/lru.js';
import { RpcError } from './errors.js';

export interface ThrottleOptions {
  /** Requests per second an account may make on average; 0 turns flow control off. */
  ratePerSecond: number;
  /** Requests an account may make at once after a quiet spell. */
  burst: number;
}

export const DEFAULT_THROTTLE: ThrottleOptions = { ratePerSecond: 100, burst: 200 };
const TRACKED_ACCOUNTS = 10_000;

/** Flow control per account: a token bucket each, refilled continuously. */
export class AccountThrottle {
  private readonly buckets = new Lru<string, { tokens: number; at: number }>(TRACKED_ACCOUNTS);

  constructor(
    private readonly options: ThrottleOptions,
    private readonly clock: Clock,
  ) {}

  /** True if the account may make one more request now (and takes a token for it). */
  tryTake(account: string): boolean {
    if (this.options.ratePerSecond <= 0) return true;
    const now = this.clock.now();
    const bucket = this.buckets.get(account) ?? { tokens: this.options.burst, at: now };
    bucket.tokens = Math.min(this.options.burst, bucket.tokens + ((now - bucket.at) / 1e6) * this.options.ratePerSecond);
    bucket.at = now;
    const ok = bucket.tokens >= 1;
    if (ok) bucket.tokens -= 1;
    this.buckets.set(account, bucket);
    return ok;
  }

  /** Whole seconds until the account has a token again (at least 1: it was just refused one). */
  retryAfterSeconds(account: string): number {
    const bucket = this.buckets.get(account);
    if (!bucket || this.options.ratePerSecond <= 0) return 1;
    const elapsed = (this.clock.now() - bucket.at) / 1e6;
    const missing = 1 - Math.min(this.options.burst, bucket.tokens + elapsed * this.options.ratePerSecond);
    return Math.max(1, Math.ceil(missing / this.options.ratePerSecond));
  }

  /** The error a refused request gets, on every surface the same code, status and Retry-After. */
  refusal(account: string): ThrottlingError {
    return new ThrottlingError(this.retryAfterSeconds(account));
  }
}

export const THROTTLING_MESSAGE = 'Request was denied due to request throttling.';

/** Throttling: 429 with the seconds to wait, sent as Retry-After on every surface. */
export class ThrottlingError extends RpcError {
  constructor(readonly retryAfterSeconds: number) {
    super('Throttling', `${THROTTLING_MESSAGE} Retry after ${retryAfterSeconds} s.`);
  }
}
