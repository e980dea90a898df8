// What the SQL of events differs in between the backends; the SQL itself is written once
// (event-sql.ts, filters.ts) around these hooks. Each backend's dialect.ts implements them.

export interface Dialect {
  /** The placeholder of the n-th value a statement binds (from 1). */
  placeholder(n: number): string;
  /** A LIMIT clause whose count is bound to `placeholder`. */
  limit(placeholder: string): string;
  /** `column` is one of the strings of the list bound to `placeholder`. */
  inList(column: string, placeholder: string): string;
  /** A list of strings as the one value that inList() binds. */
  list(values: readonly string[]): unknown;
  /**
   * `column` matches the LIKE pattern bound to `placeholder` (escape character \), the letters
   * A to Z in either case and every other character only as it is: the same rows whatever the
   * database's locale, and whichever backend.
   */
  likeIgnoringAsciiCase(column: string, placeholder: string): string;
  /** `column` compared and ordered byte by byte, as the indexes on namespace hold it. */
  bytewise(column: string): string;
  /** The smaller of two values of a row (not an aggregate). */
  least(a: string, b: string): string;
  /** The larger of two values of a row (not an aggregate). */
  greatest(a: string, b: string): string;
  /**
   * The last 16 characters of the text `expr` (all of it when shorter), as the name index holds
   * names: the hexadecimal nanoseconds a generated name ends with (recorder/names.ts), so that
   * new events land at the end of their namespace's part of the index, not on a random page.
   */
  nameTail(expr: string): string;
}

/**
 * The values of one statement, each bound where its placeholder is made: make them in the order
 * they appear in the statement's text, as SQLite's ? are positional.
 */
export class Bind {
  readonly values: unknown[] = [];

  constructor(readonly dialect: Dialect) {}

  /** The placeholder of `value`, bound next. */
  value(value: unknown): string {
    return this.dialect.placeholder(this.values.push(value));
  }
}
