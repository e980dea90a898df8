/** Numbers in [0, 1), as Math.random gives them; tests inject their own. */
export type RandomSource = () => number;

/**
 * The pauses between retries, with AWS's "full jitter" (Exponential Backoff And Jitter, 2015):
 * each pause is random between 0 and the capped exponential min(max, min·2^attempt). Senders
 * that failed together (an agent fleet when the service restarts, sinks when a webhook is down)
 * then spread their retries instead of arriving together at every doubling.
 */
export class Backoff {
  private attempt = 0;

  constructor(
    /** The ceiling of the first pause, ms. */
    private readonly min: number,
    /** The most any ceiling grows to, ms. */
    private readonly max: number,
    private readonly random: RandomSource = Math.random,
  ) {}

  /** The ceiling the next pause is drawn under, ms. */
  ceiling(): number {
    return Math.min(this.max, this.min * 2 ** this.attempt);
  }

  /** The next pause, ms: random under the ceiling, which then doubles (up to max). */
  next(): number {
    const ceiling = this.ceiling();
    // Stops counting once at the cap: 2 ** attempt never overflows however long it fails.
    if (ceiling < this.max) this.attempt++;
    return this.random() * ceiling;
  }

  /** After a success: the next failure starts from min again. */
  reset(): void {
    this.attempt = 0;
  }
}
