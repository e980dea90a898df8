import Table from 'cli-table3';
import { UsageError, type Io } from '../io.js';
import { callAction, type ClientOptions } from './client.js';

export interface EventsCommandOptions extends ClientOptions {
  region: string;
  ids?: string;
  since?: string;
  source?: string;
  limit?: string;
  json?: boolean;
}

interface GroupEvents {
  ContainerGroupId: string;
  Name: string;
  Events: Array<{ Count: number; Type: string; Reason: string; Message: string; FirstTimestamp: string; LastTimestamp: string; Source: { Component: string } }>;
}

/** Container groups' events through DescribeContainerGroupEvents, as the SDK would call it. */
export async function eventsCommand(options: EventsCommandOptions, io: Io): Promise<void> {
  const ids = options.ids
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (options.since !== undefined && !/^[1-9]\d*$/.test(options.since))
    throw new UsageError(`--since takes a number of seconds, got ${JSON.stringify(options.since)}`);
  const body = await callAction<{ Data: GroupEvents[] }>(options, 'DescribeContainerGroupEvents', {
    RegionId: options.region,
    ContainerGroupIds: ids ? JSON.stringify(ids) : undefined,
    SinceSecond: options.since,
    EventSource: options.source,
    Limit: options.limit,
  });
  if (options.json) {
    io.out(JSON.stringify(body.Data, null, 2));
    return;
  }
  const rows = body.Data.flatMap((g) => g.Events.map((e) => ({ group: g, e })));
  if (rows.length === 0) {
    io.err('No events found.');
    return;
  }
  const table = new Table({
    head: ['Container group', 'Type', 'Reason', 'Count', 'First seen', 'Last seen', 'Message'],
    style: { head: [], border: [], compact: true },
    wordWrap: true,
    colWidths: [26, 9, 22, 7, 22, 22, Math.max(30, io.columns - 26 - 9 - 22 - 7 - 22 - 22 - 8)],
  });
  for (const { group, e } of rows) table.push([group.ContainerGroupId, e.Type, e.Reason, e.Count, e.FirstTimestamp, e.LastTimestamp, e.Message]);
  io.out(table.toString());
}
