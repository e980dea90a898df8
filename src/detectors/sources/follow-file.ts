// Following a log file as `tail -F` does, and a little more: across rotation (the path names a new
// file: the old one is read to its end first) and truncation (copytruncate: read again from 0),
// and, after a restart, from where the agent had got to, even when the file was rotated meanwhile
// (the rotated file is found by its identity beside the new one).
import { constants, type Stats } from 'node:fs';
import { open, readdir, stat, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Sleeper } from '../../model/sleeper.js';

/** A file's identity: device and inode, which a rename keeps and a new file does not. */
export const identityOf = (st: Stats): string => `${st.dev}:${st.ino}`;

export interface FollowStart {
  /** Where a previous run got to: continue there (in the rotated file, if the path was rotated since). */
  resume?: { epoch: string; offset: number };
  /** Without `resume`: from the end (only new lines) or the beginning. */
  start: 'end' | 'beginning';
}

export interface FileSink {
  /** Reading of the file `epoch` begins (or goes on, after a restart) at `offset`. */
  begin?(epoch: string, offset: number): void;
  /** The path has no file yet: the one that appears will be read from its start. */
  waiting?(): void;
  /** Bytes read at offset `at` of the file `epoch` (its identity). Reading waits for the promise. */
  data(epoch: string, chunk: Buffer, at: number): Promise<void>;
  /** The file `epoch` ends here (rotated away or truncated): its unfinished line is complete. */
  ended(epoch: string): Promise<void>;
}

export interface FollowOptions {
  pollMs?: number;
  chunkBytes?: number;
  log?: (message: string) => void;
}

async function statOrUndefined(path: string): Promise<Stats | undefined> {
  try {
    return await stat(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

export class FileFollower {
  private readonly sleeper = new Sleeper();
  private readonly buf: Buffer;
  private stopped = false;

  constructor(
    private readonly path: string,
    private readonly options: FollowOptions = {},
  ) {
    this.buf = Buffer.alloc(options.chunkBytes ?? 64 * 1024);
  }

  stop(): void {
    this.stopped = true;
    this.sleeper.wake();
  }

  async run(start: FollowStart, sink: FileSink): Promise<void> {
    let offset = await this.first(start, sink);
    while (!this.stopped) {
      const fh = await this.waitForFile(sink);
      if (!fh) return;
      try {
        offset = await this.follow(fh, offset, sink);
      } finally {
        await fh.close();
      }
      offset = 0; // the next file is new: all of it
    }
  }

  /** Finishes the file a previous run was reading, if it was rotated; returns the offset to read the path's file from. */
  private async first(start: FollowStart, sink: FileSink): Promise<number> {
    const current = await statOrUndefined(this.path);
    if (!start.resume) return start.start === 'end' && current ? current.size : 0;
    const { epoch, offset } = start.resume;
    if (current && identityOf(current) === epoch) {
      if (offset <= current.size) return offset;
      await sink.ended(epoch); // truncated while we were away: its offsets start again
      return 0;
    }
    const rotated = await this.findRotated(epoch);
    if (!rotated) {
      this.options.log?.(`${this.path}: the file read before the restart is gone; reading the new one from its start`);
      return 0;
    }
    const fh = await open(rotated, constants.O_RDONLY);
    try {
      sink.begin?.(epoch, offset);
      await this.drain(fh, epoch, offset, sink);
      await sink.ended(epoch);
    } finally {
      await fh.close();
    }
    return 0;
  }

  /** A file beside the path (messages.1, messages-20260101, ...) with this identity. */
  private async findRotated(epoch: string): Promise<string | undefined> {
    const dir = dirname(this.path);
    const base = basename(this.path);
    for (const name of await readdir(dir).catch(() => [] as string[])) {
      if (!name.startsWith(base) || name === base) continue;
      const st = await statOrUndefined(join(dir, name));
      if (st?.isFile() && identityOf(st) === epoch) return join(dir, name);
    }
    return undefined;
  }

  private async waitForFile(sink: FileSink): Promise<FileHandle | undefined> {
    let told = false;
    while (!this.stopped) {
      try {
        return await open(this.path, constants.O_RDONLY);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
      if (!told) sink.waiting?.();
      told = true;
      await this.sleeper.sleep(this.options.pollMs ?? 250);
    }
    return undefined;
  }

  /** Reads from `offset` to the current end; returns the new offset. */
  private async drain(fh: FileHandle, epoch: string, offset: number, sink: FileSink): Promise<number> {
    for (;;) {
      const { bytesRead } = await fh.read(this.buf, 0, this.buf.length, offset);
      if (bytesRead === 0) return offset;
      await sink.data(epoch, this.buf.subarray(0, bytesRead), offset);
      offset += bytesRead;
      if (this.stopped) return offset;
    }
  }

  /** Follows one open file until it is rotated away (returns) or the follower stops. */
  private async follow(fh: FileHandle, offset: number, sink: FileSink): Promise<number> {
    const epoch = identityOf(await fh.stat());
    sink.begin?.(epoch, offset);
    for (;;) {
      offset = await this.drain(fh, epoch, offset, sink);
      if (this.stopped) return offset;
      const now = await statOrUndefined(this.path);
      if (!now || identityOf(now) !== epoch) {
        // Rotated: what was written before the rename is still to be read.
        offset = await this.drain(fh, epoch, offset, sink);
        await sink.ended(epoch);
        return offset;
      }
      if (now.size < offset) {
        await sink.ended(epoch);
        this.options.log?.(`${this.path} was truncated; reading it again from its start`);
        offset = 0;
        continue;
      }
      await this.sleeper.sleep(this.options.pollMs ?? 250);
    }
  }
}
