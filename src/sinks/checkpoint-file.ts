// Where a sink has got to, in a file: the version of the last change it has dealt with. Written
// to a temporary file, flushed and renamed over the old one, so that a crash leaves either the
// old position or the new one, never a torn file.
import { closeSync, fsyncSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { openReplacement } from '../model/private-files.js';

export class CheckpointFile {
  constructor(readonly path: string) {}

  /** The saved version, or undefined when there is no file yet. A file that does not hold one is an error. */
  read(): number | undefined {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
    const saved = (JSON.parse(text) as { after?: unknown }).after;
    if (!Number.isSafeInteger(saved) || (saved as number) < 0)
      throw new Error(`${this.path} does not hold a checkpoint ({"after": VERSION}): ${JSON.stringify(text.slice(0, 100))}`);
    return saved as number;
  }

  write(after: number): void {
    const tmp = `${this.path}.tmp`;
    const fd = openReplacement(tmp, this.path);
    try {
      writeSync(fd, JSON.stringify({ after }) + '\n');
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.path);
  }
}
