import Table from 'cli-table3';
import { parseDuration } from '../../model/duration.js';
import { toRfc3339 } from '../../model/time.js';
import { UsageError, type Io } from '../io.js';
import { callApi } from './http-client.js';

export interface EventsCommandOptions {
  endpoint: string;
  groupId?: string;
  namespace?: string;
  source?: string;
  since?: string;
  limit?: string;
  json?: boolean;
}

interface EventJson {
  metadata: { name: string };
  involvedObject: { kind: string; name: string };
  type: string;
  reason: string;
  message: string;
  count: number;
  firstTimestamp: string;
  lastTimestamp: string;
}

/** Lists events from a running service, newest first. */
export async function eventsCommand(options: EventsCommandOptions, io: Io): Promise<void> {
  const query = new URLSearchParams();
  if (options.groupId) query.set('containerGroupId', options.groupId);
  if (options.namespace) query.set('namespace', options.namespace);
  if (options.source) query.set('source', options.source);
  if (options.limit) query.set('limit', options.limit);
  if (options.since) {
    let micros: number;
    try {
      micros = parseDuration(options.since);
    } catch (err) {
      throw new UsageError(`--since: ${(err as Error).message}`);
    }
    query.set('since', toRfc3339(Date.now() * 1000 - micros));
  }
  const { items } = await callApi<{ items: EventJson[] }>(options.endpoint, `v1/events?${query}`);
  if (options.json) {
    io.out(JSON.stringify(items, null, 2));
    return;
  }
  if (items.length === 0) {
    io.err('No events found.');
    return;
  }
  const table = new Table({
    head: ['Last seen', 'Type', 'Reason', 'Object', 'Count', 'Message'],
    style: { head: [], border: [], compact: true },
    wordWrap: true,
    colWidths: [22, 9, 24, 30, 7, Math.max(30, io.columns - 22 - 9 - 24 - 30 - 7 - 7)],
  });
  for (const e of items) {
    table.push([e.lastTimestamp.replace(/\.\d+Z$/, 'Z'), e.type, e.reason, `${e.involvedObject.kind.toLowerCase()}/${e.involvedObject.name}`, e.count, e.message]);
  }
  io.out(table.toString());
}
