// Bytes to lines. Split on the newline byte before decoding, so a multi-byte character cut by a
// read never turns into garbage; invalid UTF-8 becomes U+FFFD, as Node decodes it. A line that
// has not ended yet waits for the rest, up to MAX_LINE_BYTES.

/** A line longer than this is cut here and the rest read as the next line (kernel lines are < 1 KiB). */
export const MAX_LINE_BYTES = 64 * 1024;

export interface Line {
  text: string;
  /** Offset of the line's first byte in its stream. */
  start: number;
  /** Offset just past its newline: where reading resumes after it. */
  end: number;
}

export class LineSplitter {
  private rest: Buffer | undefined;
  private restStart = 0;

  /** Splits `chunk`, read at stream offset `at`, into the lines it completes. */
  push(chunk: Buffer, at: number): Line[] {
    const out: Line[] = [];
    let buf = chunk;
    let base = at;
    if (this.rest) {
      buf = Buffer.concat([this.rest, chunk]);
      base = this.restStart;
      this.rest = undefined;
    }
    let from = 0;
    for (let nl = buf.indexOf(10, from); nl !== -1; nl = buf.indexOf(10, from)) {
      out.push(line(buf, from, nl, base, nl + 1));
      from = nl + 1;
    }
    while (buf.length - from > MAX_LINE_BYTES) {
      out.push(line(buf, from, from + MAX_LINE_BYTES, base, from + MAX_LINE_BYTES));
      from += MAX_LINE_BYTES;
    }
    if (from < buf.length) {
      this.rest = Buffer.from(buf.subarray(from));
      this.restStart = base + from;
    }
    return out;
  }

  /** The unfinished line, as a line: when its stream has ended (rotated away, truncated, closed). */
  flush(): Line[] {
    if (!this.rest) return [];
    const rest = this.rest;
    this.rest = undefined;
    return [line(rest, 0, rest.length, this.restStart, rest.length)];
  }

  /** Bytes held of an unfinished line. */
  get pending(): number {
    return this.rest?.length ?? 0;
  }
}

function line(buf: Buffer, from: number, to: number, base: number, next: number): Line {
  // A CRLF file's lines end in \r; no pattern should have to say so.
  const stop = to > from && buf[to - 1] === 13 ? to - 1 : to;
  return { text: buf.toString('utf8', from, stop), start: base + from, end: base + next };
}
