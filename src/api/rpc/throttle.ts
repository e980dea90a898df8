import type { Clock } from '../../model/clock.js';
import { Lru } from '../../correlator/lru.js';

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
}
