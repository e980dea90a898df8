import { AGENT_ROWS } from './agent-rows.js';
import { ROWS } from './rows.js';
import type { AGENT_GROUP, CatalogGroup, CatalogRow, CatalogRowData } from './row.js';
import { countSlots, extractArgs, renderTemplate } from './template.js';

type Row = (typeof ROWS)[number] | (typeof AGENT_ROWS)[number];

/** Every reason the catalog knows: the seed's, and the Kubernetes agent's. */
export type Reason = Row['reason'];

type Slots<S extends string> = S extends `${string}%s${infer Rest}` ? [string, ...Slots<Rest>] : [];
type ArgsOfRow<R> = R extends { group: 'SystemOM' } ? [] | [observedMessage: string] : R extends { message: infer M extends string } ? Slots<M> : never;

/** The argument lists a reason accepts: one tuple per catalog row with that reason. */
export type ArgsFor<R extends Reason> = ArgsOfRow<Extract<Row, { reason: R }>>;

export class CatalogError extends Error {
  constructor(
    readonly code: 'UnknownReason' | 'ArgumentCount' | 'ArgumentType',
    message: string,
  ) {
    super(message);
    this.name = 'CatalogError';
  }
}

/** The combined-event prefix Kubernetes puts on aggregated messages (client-go events_cache.go). */
export const COMBINED_PREFIX = '(combined from similar events): ';

export interface Match {
  row: CatalogRow;
  args: string[];
  /** True when the message carried the aggregation prefix. */
  combined: boolean;
}

export class Catalog {
  readonly rows: readonly CatalogRow[];
  private readonly byReason = new Map<string, CatalogRow[]>();

  constructor(data: readonly CatalogRowData[]) {
    this.rows = data.map((row, index) => {
      const exampleMessage = row.group === 'SystemOM';
      return Object.freeze({ ...row, index, exampleMessage, slots: exampleMessage ? 0 : countSlots(row.message) });
    });
    for (const row of this.rows) {
      const list = this.byReason.get(row.reason) ?? [];
      list.push(row);
      this.byReason.set(row.reason, list);
    }
  }

  has(reason: string): boolean {
    return this.byReason.has(reason);
  }

  rowsFor(reason: string): readonly CatalogRow[] {
    return this.byReason.get(reason) ?? [];
  }

  inGroup(group: CatalogGroup | typeof AGENT_GROUP): CatalogRow[] {
    return this.rows.filter((r) => r.group === group);
  }

  /** The row a report of `reason` with these arguments means; the argument count tells same-reason rows apart. */
  resolve(reason: string, args: readonly unknown[]): CatalogRow {
    const rows = this.byReason.get(reason);
    if (!rows) throw new CatalogError('UnknownReason', `unknown reason ${JSON.stringify(reason)}: it is not in the event catalog`);
    args.forEach((arg, i) => {
      if (typeof arg !== 'string') {
        throw new CatalogError('ArgumentType', `argument ${i + 1} of ${reason} must be a string, got ${arg === null ? 'null' : typeof arg}`);
      }
    });
    const row = rows.find((r) => (r.exampleMessage ? args.length <= 1 : r.slots === args.length));
    if (!row) {
      const expected = rows.map((r) => r.slots).join(' or ');
      throw new CatalogError(
        'ArgumentCount',
        `${reason} takes ${expected} argument(s) (its template${rows.length > 1 ? 's' : ''}: ${rows.map((r) => JSON.stringify(r.message)).join(', ')}), got ${args.length}`,
      );
    }
    return row;
  }

  /** The message of a report: the template rendered, or for SystemOM rows the observed message if given. */
  renderRow(row: CatalogRow, args: readonly string[]): string {
    if (row.exampleMessage) return args[0] ?? row.message;
    return renderTemplate(row.message, args);
  }

  /** Finds the row and arguments behind a rendered message. */
  match(reason: string, message: string): Match | undefined {
    const combined = message.startsWith(COMBINED_PREFIX);
    const text = combined ? message.slice(COMBINED_PREFIX.length) : message;
    const rows = this.byReason.get(reason) ?? [];
    // Most literal text first, so that "…later, flowControlType:%s" wins over a bare "%s".
    const ordered = [...rows].sort((a, b) => b.message.length - b.slots * 2 - (a.message.length - a.slots * 2));
    for (const row of ordered) {
      if (row.exampleMessage) return { row, args: text === row.message ? [] : [text], combined };
      const args = extractArgs(row.message, text);
      if (args) return { row, args, combined };
    }
    return undefined;
  }
}

/** The catalog reports are checked against: the seed's 94 rows, then the agent's. */
export const catalog = new Catalog([...ROWS, ...AGENT_ROWS]);

/** The seed's rows alone, in its order. */
export const seedRows: readonly CatalogRow[] = catalog.rows.slice(0, ROWS.length);

/** Renders a catalog row's message; `reason` and `args` are checked at compile time. */
export function renderReason<R extends Reason>(reason: R, args: ArgsFor<R>): string {
  const row = catalog.resolve(reason, args);
  return catalog.renderRow(row, args);
}

/** Renders a row of the seed's catalog with its arguments. */
export function render(row: CatalogRow, args: readonly string[]): string {
  return catalog.renderRow(row, args);
}

/** The catalog row and arguments behind a rendered message of `reason`, if any. */
export function match(reason: string, message: string): Match | undefined {
  return catalog.match(reason, message);
}
