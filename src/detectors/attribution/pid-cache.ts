// What the agent has learnt of pids: bounded in size, and in age, because the kernel reuses pids.
import type { Owner } from './map-file.js';

/** Pids remembered at most: a busy host's worth, a few hundred KiB. */
export const PID_CACHE_ENTRIES = 4096;
/** A pid learnt longer ago than this may belong to someone else by now. */
export const PID_CACHE_TTL_MS = 10 * 60_000;

export class PidCache {
  private readonly entries = new Map<number, { owner: Owner; at: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  get(pid: number): Owner | undefined {
    const e = this.entries.get(pid);
    if (!e) return undefined;
    if (this.now() - e.at > PID_CACHE_TTL_MS) {
      this.entries.delete(pid);
      return undefined;
    }
    return e.owner;
  }

  set(pid: number, owner: Owner): void {
    this.entries.delete(pid);
    this.entries.set(pid, { owner, at: this.now() });
    // A Map iterates in insertion order: the first key is the least recently learnt.
    if (this.entries.size > PID_CACHE_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
  }
}
