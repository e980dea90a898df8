// An independent reading of the seed document, used to prove the catalog equals it.
import { readFileSync } from 'node:fs';

export interface SeedRow {
  group: string;
  resource?: string;
  reason: string;
  type?: string;
  message: string;
  description: string;
}

const SECTIONS: Array<[string, string]> = [
  ['ECI instance (ContainerGroup) events', 'ContainerGroup'],
  ['Image cache (ImageCache) events', 'ImageCache'],
  ['Data cache events', 'DataCache'],
  ['Virtual node events', 'VirtualNode'],
  ['Other resource-related events', 'Resource'],
  ['System O&M events', 'SystemOM'],
];

export function parseSeed(path: string): SeedRow[] {
  const rows: SeedRow[] = [];
  let group: string | undefined;
  let resource: string | undefined;
  for (const raw of readFileSync(path, 'utf8').split('\n')) {
    const line = raw.trim();
    const section = SECTIONS.find(([title]) => line === title);
    if (section) {
      group = section[1];
      continue;
    }
    if (!group || !line.includes(' | ')) continue;
    if (line.startsWith('Event name') || line.startsWith('Resource module')) continue;
    const cells = line.split('|').map((c) => c.trim());
    while (cells.length && cells[cells.length - 1] === '') cells.pop();
    if (group === 'SystemOM') {
      const [reason, message, description] = cells as [string, string, string];
      rows.push({ group, reason, message, description });
    } else if (group === 'Resource') {
      const continuation = cells[1] === 'Normal' || cells[1] === 'Warning';
      if (!continuation) resource = cells.shift();
      const [reason, type, message, description] = cells as [string, string, string, string];
      rows.push({ group, resource: resource!, reason, type, message, description });
    } else {
      const [reason, type, message, description] = cells as [string, string, string, string];
      rows.push({ group, reason, type, message, description });
    }
  }
  return rows;
}
