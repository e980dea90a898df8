import { invalid, missing } from '../core/errors.js';

/** Longest value any parameter may have; longer ones are refused, not truncated. */
export const MAX_PARAM_LENGTH = 64 * 1024;

interface StrOptions {
  required?: boolean;
  max?: number;
  pattern?: RegExp;
  patternText?: string;
  oneOf?: readonly string[];
}

/**
 * The flattened parameters of one request (`Container.1.Name`, `Tag.2.Key`...), read with
 * checks that name the parameter on refusal.
 */
export class Params {
  constructor(
    private readonly values: ReadonlyMap<string, string>,
    private readonly prefix = '',
    /** The names read so far, shared with the items of its lists: what unread() leaves out. */
    private readonly read: Set<string> = new Set(),
  ) {}

  static from(record: Record<string, string>): Params {
    return new Params(new Map(Object.entries(record)));
  }

  private full(name: string): string {
    return this.prefix + name;
  }

  /** The parameter's wire name, for an error about it. */
  fullName(name: string): string {
    return this.full(name);
  }

  has(name: string): boolean {
    return this.values.has(this.full(name));
  }

  raw(name: string): string | undefined {
    const full = this.full(name);
    this.read.add(full);
    return this.values.get(full);
  }

  str(name: string, options: StrOptions & { required: true }): string;
  str(name: string, options?: StrOptions): string | undefined;
  str(name: string, options: StrOptions = {}): string | undefined {
    const value = this.raw(name);
    const full = this.full(name);
    if (value === undefined || value === '') {
      if (options.required) throw missing(full);
      return undefined;
    }
    if (value.length > (options.max ?? MAX_PARAM_LENGTH))
      throw invalid(full, `it is ${value.length} characters long; at most ${options.max ?? MAX_PARAM_LENGTH} are allowed.`);
    if (options.oneOf && !options.oneOf.includes(value)) throw invalid(full, `${JSON.stringify(value)} is not one of ${options.oneOf.join(', ')}.`);
    if (options.pattern && !options.pattern.test(value))
      throw invalid(full, `${JSON.stringify(value.slice(0, 200))} ${options.patternText ?? `does not match ${options.pattern}`}.`);
    return value;
  }

  /** One of `values`, typed as such. */
  choice<T extends string>(name: string, values: readonly T[], options: { required?: boolean } = {}): T | undefined {
    return this.str(name, { ...options, oneOf: values }) as T | undefined;
  }

  int(name: string, options: { required?: boolean; min?: number; max?: number } = {}): number | undefined {
    const value = this.str(name, { required: options.required, max: 20 });
    if (value === undefined) return undefined;
    if (!/^-?\d+$/.test(value)) throw invalid(this.full(name), `${JSON.stringify(value)} is not a whole number.`);
    const n = Number(value);
    if (options.min !== undefined && n < options.min) throw invalid(this.full(name), `${n} is less than ${options.min}.`);
    if (options.max !== undefined && n > options.max) throw invalid(this.full(name), `${n} is more than ${options.max}.`);
    return n;
  }

  num(name: string, options: { required?: boolean; min?: number; max?: number } = {}): number | undefined {
    const value = this.str(name, { required: options.required, max: 32 });
    if (value === undefined) return undefined;
    if (!/^\d+(\.\d+)?$/.test(value)) throw invalid(this.full(name), `${JSON.stringify(value)} is not a number.`);
    const n = Number(value);
    if (options.min !== undefined && n < options.min) throw invalid(this.full(name), `${n} is less than ${options.min}.`);
    if (options.max !== undefined && n > options.max) throw invalid(this.full(name), `${n} is more than ${options.max}.`);
    return n;
  }

  bool(name: string): boolean | undefined {
    const value = this.str(name, { max: 5 });
    if (value === undefined) return undefined;
    if (value !== 'true' && value !== 'false') throw invalid(this.full(name), `${JSON.stringify(value)} is not true or false.`);
    return value === 'true';
  }

  /** A JSON array of strings sent as one string (ContainerGroupIds). */
  jsonStrings(name: string, options: { max: number }): string[] | undefined {
    const value = this.str(name);
    if (value === undefined) return undefined;
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch {
      throw invalid(this.full(name), 'it must be a JSON array of strings, such as ["eci-a","eci-b"].');
    }
    if (!Array.isArray(parsed) || !parsed.every((x) => typeof x === 'string')) {
      throw invalid(this.full(name), 'it must be a JSON array of strings, such as ["eci-a","eci-b"].');
    }
    if (parsed.length > options.max) throw invalid(this.full(name), `it holds ${parsed.length} items; at most ${options.max} are allowed.`);
    return parsed as string[];
  }

  /** The items of a repeat list `Name.1.…`, `Name.2.…`, in index order (indexes from 1). */
  list(name: string, options: { max?: number } = {}): Params[] {
    const start = this.full(name) + '.';
    const indexes = new Set<number>();
    for (const key of this.values.keys()) {
      if (!key.startsWith(start)) continue;
      const index = key.slice(start.length).split('.')[0]!;
      if (!/^[1-9]\d{0,3}$/.test(index)) throw invalid(key, `the index ${JSON.stringify(index)} must be a whole number from 1.`);
      indexes.add(Number(index));
    }
    const sorted = [...indexes].sort((a, b) => a - b);
    if (options.max !== undefined && sorted.length > options.max)
      throw invalid(this.full(name), `${sorted.length} items given; at most ${options.max} are allowed.`);
    return sorted.map((i) => new Params(this.values, `${start}${i}.`, this.read));
  }

  /** A repeat list of plain values: `Name.1`, `Name.2`… */
  strings(name: string, options: { max?: number; maxLength?: number } = {}): string[] {
    const start = this.full(name) + '.';
    const items: Array<[number, string]> = [];
    for (const [key, value] of this.values) {
      if (!key.startsWith(start)) continue;
      const index = key.slice(start.length);
      if (!/^[1-9]\d{0,3}$/.test(index)) continue;
      this.read.add(key);
      if (value.length > (options.maxLength ?? MAX_PARAM_LENGTH)) throw invalid(key, `it is ${value.length} characters long.`);
      items.push([Number(index), value]);
    }
    if (options.max !== undefined && items.length > options.max)
      throw invalid(this.full(name), `${items.length} items given; at most ${options.max} are allowed.`);
    return items.sort((a, b) => a[0] - b[0]).map(([, v]) => v);
  }

  /** Tag.N.Key / Tag.N.Value pairs. */
  tags(name = 'Tag', max = 20): Array<{ key: string; value: string }> {
    return this.list(name, { max }).map((t) => ({
      key: t.str('Key', { required: true, max: 128 }),
      value: t.str('Value', { max: 128 }) ?? '',
    }));
  }

  /** Every parameter, for actions that read a family of names themselves. */
  entries(): IterableIterator<[string, string]> {
    return this.values.entries();
  }

  /** The parameters nothing has read so far, for actions that keep what they do not interpret. */
  unread(): Record<string, string> {
    return Object.fromEntries([...this.values].filter(([key]) => !this.read.has(key)));
  }
}
