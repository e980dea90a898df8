/** Where a command writes; tests pass their own to read what a command printed. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  columns: number;
  /** The terminal shows colours (stdout is a TTY and NO_COLOR is unset). */
  color?: boolean;
}

export const processIo: Io = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : text + '\n'),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : text + '\n'),
  columns: process.stdout.columns || 120,
  color: Boolean(process.stdout.isTTY) && !process.env['NO_COLOR'],
};

/** A refusal the CLI reports as one line on stderr with exit code 2. */
export class UsageError extends Error {}
