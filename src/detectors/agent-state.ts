// How far the agent has got in each source, kept beside the spool (state.json) so that a
// restarted agent neither misses the lines that came while it was down nor reports a line twice.
// Per source: `processed`, the position up to which every report is spooled; `resume`, where to
// start reading so that the rules' windows hold again what they held (lines between the two are
// read again, their reports not made twice). Written whole (temp file, fsync, rename).
import { closeSync, fsyncSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { openReplacement } from '../model/private-files.js';
import type { Mark } from './delivery/record.js';
import { syncDir } from './delivery/spool-files.js';

export interface SourceState {
  epoch: string;
  processed: number;
  resume: number;
}

interface StateFile {
  sources: Record<string, SourceState>;
  /** Disk rules that fired and have not had room since. */
  diskFull: string[];
}

export class AgentState {
  private data: StateFile = { sources: {}, diskFull: [] };
  private dirty = false;
  readonly diskFull: Set<string>;

  constructor(private readonly dir: string) {
    try {
      const read = JSON.parse(readFileSync(this.path, 'utf8')) as Partial<StateFile>;
      this.data = { sources: read.sources ?? {}, diskFull: read.diskFull ?? [] };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`${this.path}: ${(err as Error).message}`, { cause: err });
    }
    this.diskFull = new Set(this.data.diskFull);
  }

  private get path(): string {
    return join(this.dir, 'state.json');
  }

  /**
   * Where a source stands: the saved state, moved on by the last mark of the reports still in the
   * spool. A source's move to a new epoch (file, boot) is saved before any report of it is
   * spooled, so a mark of another epoch than the saved one is older and says nothing.
   */
  source(id: string, spooled: Mark | undefined): SourceState | undefined {
    const saved = this.data.sources[id];
    if (!spooled) return saved;
    if (!saved) return { epoch: spooled.epoch, processed: spooled.position, resume: spooled.position };
    if (saved.epoch !== spooled.epoch) return saved;
    return spooled.position > saved.processed ? { ...saved, processed: spooled.position } : saved;
  }

  set(id: string, state: SourceState): void {
    const old = this.data.sources[id];
    if (old && old.epoch === state.epoch && old.processed === state.processed && old.resume === state.resume) return;
    this.data.sources[id] = state;
    this.dirty = true;
  }

  markDisk(): void {
    this.dirty = true;
  }

  /** Writes the file if anything changed; durable when it returns. */
  save(): void {
    if (!this.dirty) return;
    this.data.diskFull = [...this.diskFull].sort();
    const tmp = `${this.path}.tmp`;
    const fd = openReplacement(tmp, this.path);
    try {
      writeSync(fd, JSON.stringify(this.data, null, 1) + '\n');
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.path);
    syncDir(this.dir);
    this.dirty = false;
  }
}
