import crypto from 'node:crypto';
import type { EventWrite } from './event-store.js';

// crypto.hash (Node 20.12 and later) digests in one call, without a Hash object; earlier 20.x
// releases get the same digest from createHash.
const oneShotHash = typeof crypto.hash === 'function' ? crypto.hash : undefined;

/** Keys are hashed for the index: a message may be 1024 characters, too long for a btree key. */
export function keyHash(key: string): string {
  return oneShotHash ? oneShotHash('sha256', key, 'base64url') : crypto.createHash('sha256').update(key).digest('base64url');
}

export interface MergedWrite extends EventWrite {
  hash: string;
}

/**
 * Folds writes with the same key into one (an upsert may touch a row once per statement),
 * keeping the earliest first timestamp and the message of the latest occurrence. `slot[i]` is the
 * merged write that input `i` went into.
 */
export function mergeBatch(writes: readonly EventWrite[]): { merged: MergedWrite[]; slot: number[] } {
  const byHash = new Map<string, number>();
  const merged: MergedWrite[] = [];
  const slot: number[] = [];
  for (const w of writes) {
    const hash = keyHash(w.key);
    const at = byHash.get(hash);
    if (at === undefined) {
      byHash.set(hash, merged.length);
      slot.push(merged.length);
      // Object.assign rather than spread: the same copy, several times faster in V8 for objects this wide.
      merged.push(Object.assign({}, w, { hash }));
      continue;
    }
    const m = merged[at]!;
    m.count += w.count;
    m.firstTimestamp = Math.min(m.firstTimestamp, w.firstTimestamp);
    if (w.lastTimestamp >= m.lastTimestamp) {
      m.lastTimestamp = w.lastTimestamp;
      m.message = w.message;
    }
    slot.push(at);
  }
  return { merged, slot };
}
