// Files that hold events, keys, positions or what a webhook refused (the database, the agent's
// spool, deliver's checkpoint and dead letters) are their owner's alone: created 0600 whatever
// the umask (which can only take bits away, and might take the owner's). A file that already
// exists keeps the mode it has: its owner may have chosen it.
import { closeSync, constants, fchmodSync, openSync, statSync } from 'node:fs';

export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_DIR_MODE = 0o700;

/** Creates `path` empty and 0600 unless it exists; for files another library opens (SQLite) or appends to. */
export function ensurePrivateFile(path: string): void {
  let fd: number;
  try {
    fd = openSync(path, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, PRIVATE_FILE_MODE);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return;
    throw err;
  }
  try {
    fchmodSync(fd, PRIVATE_FILE_MODE);
  } finally {
    closeSync(fd);
  }
}

/**
 * Opens `tmp` for writing a new version of `target` (to be renamed over it), with the mode
 * `target` has, or 0600 when there is no `target` yet: a rename must not change who can read.
 */
export function openReplacement(tmp: string, target: string): number {
  let mode = PRIVATE_FILE_MODE;
  try {
    mode = statSync(target).mode & 0o777;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const fd = openSync(tmp, 'w', mode);
  try {
    // A temporary file left by a crash keeps its old mode through open(): set it.
    fchmodSync(fd, mode);
  } catch (err) {
    closeSync(fd);
    throw err;
  }
  return fd;
}
