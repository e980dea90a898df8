import Table from 'cli-table3';
import { AGENT_GROUP, CATALOG_GROUPS, catalog, rowJson, seedRows, type CatalogRow } from '../../catalog/index.js';
import { UsageError, type Io } from '../io.js';

export interface CatalogOptions {
  group?: string;
  json?: boolean;
}

export function catalogCommand(reason: string | undefined, options: CatalogOptions, io: Io): void {
  // The seed's rows by default; the agent's rows (not in the seed) only when asked for by group.
  let rows: readonly CatalogRow[] = seedRows;
  if (options.group !== undefined) {
    const groups = [...CATALOG_GROUPS, AGENT_GROUP];
    const group = groups.find((g) => g.toLowerCase() === options.group!.toLowerCase());
    if (!group) throw new UsageError(`unknown group ${JSON.stringify(options.group)}; the groups are ${groups.join(', ')}`);
    rows = catalog.rows.filter((r) => r.group === group);
  }
  if (reason !== undefined) {
    rows = (options.group === undefined ? catalog.rows : rows).filter((r) => r.reason === reason);
    if (rows.length === 0) {
      const near = catalog.rows.filter((r) => r.reason.toLowerCase().includes(reason.toLowerCase())).map((r) => r.reason);
      throw new UsageError(`no catalog event has the reason ${JSON.stringify(reason)}${near.length ? `; did you mean ${[...new Set(near)].join(', ')}?` : ''}`);
    }
  }
  if (options.json) {
    io.out(JSON.stringify(rows.map(rowJson), null, 2));
    return;
  }
  if (reason !== undefined) {
    io.out(rows.map(describe).join('\n\n'));
    return;
  }
  const width = Math.max(80, io.columns);
  const messageWidth = Math.max(30, width - 24 - 28 - 9 - 12);
  const table = new Table({
    head: ['Group', 'Reason', 'Type', 'Message'],
    colWidths: [24 + 2, 28 + 2, 9, messageWidth],
    wordWrap: true,
    style: { head: [], border: [], compact: true },
  });
  for (const r of rows) table.push([r.resource ? `${r.group}/${r.resource}` : r.group, r.reason, r.type, r.message]);
  io.out(table.toString());
  io.out(`${rows.length} event${rows.length === 1 ? '' : 's'}; \`eci-events catalog REASON\` describes one.`);
}

function describe(r: CatalogRow): string {
  return [
    `${r.reason} (${r.type}) in ${r.group}${r.resource ? ` / ${r.resource}` : ''}`,
    `  ${r.exampleMessage ? 'Example message' : 'Message'}: ${r.message}`,
    `  ${r.exampleMessage ? 'Reports give the observed message as their one argument, or none for this example.' : `Arguments: ${r.slots}`}`,
    `  Description: ${r.description}`,
  ].join('\n');
}
