// The manual scheduler's pending timers: a binary min-heap on (when, insertion order), so equal
// times run in the order they were scheduled. Cancelled timers are dropped lazily when they
// surface, which keeps cancel() O(1).
import type { Micros } from '../model/event.js';

interface Timer {
  when: Micros;
  seq: number;
  fn: () => void;
  cancelled: boolean;
}

function earlier(a: Timer, b: Timer): boolean {
  return a.when < b.when || (a.when === b.when && a.seq < b.seq);
}

export class TimerQueue {
  private readonly heap: Timer[] = [];
  private seq = 0;
  private live = 0;

  get size(): number {
    return this.live;
  }

  add(when: Micros, fn: () => void): () => void {
    const timer: Timer = { when, seq: this.seq++, fn, cancelled: false };
    this.heap.push(timer);
    this.up(this.heap.length - 1);
    this.live++;
    return () => {
      if (timer.cancelled) return;
      timer.cancelled = true;
      this.live--;
    };
  }

  /** Removes and returns the earliest live timer due at or before `limit`. */
  takeDue(limit: Micros): { when: Micros; fn: () => void } | undefined {
    this.dropCancelled();
    const top = this.heap[0];
    if (!top || top.when > limit) return undefined;
    this.pop();
    // Marked like a cancelled one so that a late cancel() does not miscount.
    top.cancelled = true;
    this.live--;
    return top;
  }

  peekWhen(): Micros | undefined {
    this.dropCancelled();
    return this.heap[0]?.when;
  }

  private dropCancelled(): void {
    while (this.heap[0]?.cancelled) this.pop();
  }

  private pop(): void {
    const last = this.heap.pop()!;
    if (this.heap.length === 0) return;
    this.heap[0] = last;
    this.down(0);
  }

  private up(i: number): void {
    const h = this.heap;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!earlier(h[i]!, h[parent]!)) return;
      [h[i], h[parent]] = [h[parent]!, h[i]!];
      i = parent;
    }
  }

  private down(i: number): void {
    const h = this.heap;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let best = i;
      if (l < h.length && earlier(h[l]!, h[best]!)) best = l;
      if (r < h.length && earlier(h[r]!, h[best]!)) best = r;
      if (best === i) return;
      [h[i], h[best]] = [h[best]!, h[i]!];
      i = best;
    }
  }
}
