// The disk watcher: statfs of each disk rule's path every interval. A rule fires once when its
// path becomes full and again only after it has had room for a while (a margin below the
// threshold), so a disk hovering at the line does not report on every check.
import { statfs } from 'node:fs/promises';
import type { CompiledDiskFile, CompiledDiskRule } from '../rules/compiled.js';
import { Sleeper } from '../../model/sleeper.js';

/** Percentage points of the disk's size below the threshold at which a rule may fire again. */
export const REARM_MARGIN_PERCENT = 1;

export interface DiskUsage {
  totalBytes: number;
  /** Free to unprivileged users (statfs bavail), as df shows it. */
  freeBytes: number;
  /** Used share of what users can have, rounded to a tenth, as df computes it: used / (used + avail). */
  usedPercent: number;
}

export function usageOf(st: { bsize: number; blocks: number; bfree: number; bavail: number }): DiskUsage {
  const used = st.blocks - st.bfree;
  const usable = used + st.bavail;
  return {
    totalBytes: st.blocks * st.bsize,
    freeBytes: st.bavail * st.bsize,
    usedPercent: usable > 0 ? Math.round((used / usable) * 1000) / 10 : 0,
  };
}

export function isFull(rule: CompiledDiskRule, u: DiskUsage): boolean {
  return rule.usedPercent !== undefined ? u.usedPercent >= rule.usedPercent : u.freeBytes < rule.freeBytes!;
}

/** Room enough that the rule may fire again. */
export function hasRoom(rule: CompiledDiskRule, u: DiskUsage): boolean {
  const margin = (REARM_MARGIN_PERCENT / 100) * u.totalBytes;
  return rule.usedPercent !== undefined ? u.usedPercent < rule.usedPercent - REARM_MARGIN_PERCENT : u.freeBytes >= rule.freeBytes! + margin;
}

export interface DiskWatcherOptions {
  /** Rules that have fired and not yet had room again (by name), as the agent's state keeps them. */
  fired: Set<string>;
  onFull(rule: CompiledDiskRule, usage: DiskUsage): Promise<void>;
  onRoom?(rule: CompiledDiskRule): void;
  log?: (message: string) => void;
  /** For tests: statfs of a path. */
  statfs?: (path: string) => Promise<{ bsize: number; blocks: number; bfree: number; bavail: number }>;
}

export class DiskWatcher {
  private readonly sleeper = new Sleeper();
  private stopped = false;
  private readonly failing = new Set<string>();

  constructor(
    private readonly file: CompiledDiskFile,
    private readonly options: DiskWatcherOptions,
  ) {}

  stop(): void {
    this.stopped = true;
    this.sleeper.wake();
  }

  /** Checks every rule once. */
  async check(): Promise<void> {
    const read = this.options.statfs ?? ((p: string) => statfs(p));
    for (const rule of this.file.rules) {
      let usage: DiskUsage;
      try {
        usage = usageOf(await read(rule.path));
        this.failing.delete(rule.name);
      } catch (err) {
        // Said once per failing spell: a path that is not mounted yet is not worth a line a minute.
        if (!this.failing.has(rule.name)) this.options.log?.(`${this.file.file}: rule "${rule.name}": cannot statfs ${rule.path}: ${(err as Error).message}`);
        this.failing.add(rule.name);
        continue;
      }
      if (!this.options.fired.has(rule.name) && isFull(rule, usage)) {
        await this.options.onFull(rule, usage);
        this.options.fired.add(rule.name);
      } else if (this.options.fired.has(rule.name) && hasRoom(rule, usage)) {
        this.options.fired.delete(rule.name);
        this.options.onRoom?.(rule);
      }
    }
  }

  async run(): Promise<void> {
    while (!this.stopped) {
      await this.check();
      await this.sleeper.sleep(this.file.intervalMs);
    }
  }
}
