// `eci-events logs ID` and `eci-events exec ID -- COMMAND...`: DescribeContainerLog and
// ExecContainerCommand (Sync=true) through the OpenAPI, for a container of a group.
import { UsageError, type Io } from '../io.js';
import { callAction, type ClientOptions } from './client.js';

export interface LogsOptions extends ClientOptions {
  region: string;
  container?: string;
  tail?: string;
  sinceSeconds?: string;
  startTime?: string;
  limitBytes?: string;
  timestamps?: boolean;
  previous?: boolean;
}

/** The container named, else the group's first (as kubectl defaults to it). */
async function containerOf(options: LogsOptions, id: string): Promise<string> {
  if (options.container) return options.container;
  const page = await callAction<{ ContainerGroups: Array<{ Containers?: Array<{ Name: string }> }> }>(options, 'DescribeContainerGroups', {
    RegionId: options.region,
    ContainerGroupIds: JSON.stringify([id]),
  });
  const first = page.ContainerGroups[0]?.Containers?.[0]?.Name;
  if (!first) throw new UsageError(`no container group ${id} in ${options.region}`);
  return first;
}

const flag = (on: boolean | undefined) => (on ? 'true' : undefined);

export async function logsCommand(id: string, options: LogsOptions, io: Io): Promise<void> {
  const name = await containerOf(options, id);
  const { Content } = await callAction<{ Content: string }>(options, 'DescribeContainerLog', {
    RegionId: options.region,
    ContainerGroupId: id,
    ContainerName: name,
    Tail: options.tail,
    SinceSeconds: options.sinceSeconds,
    StartTime: options.startTime,
    LimitBytes: options.limitBytes,
    Timestamps: flag(options.timestamps),
    LastTime: flag(options.previous),
  });
  // An unfinished last line gets its new line from the terminal's side (io.out), as kubectl's does not; nothing for an empty log.
  if (Content) io.out(Content);
}

export async function execCommand(id: string, command: string[], options: LogsOptions, io: Io): Promise<void> {
  if (command.length === 0) throw new UsageError('exec needs a command after --: eci-events exec ID -- sh -c "echo hi"');
  const name = await containerOf(options, id);
  const { SyncResponse } = await callAction<{ SyncResponse: string }>(options, 'ExecContainerCommand', {
    RegionId: options.region,
    ContainerGroupId: id,
    ContainerName: name,
    Command: JSON.stringify(command),
    Sync: 'true',
  });
  if (SyncResponse) io.out(SyncResponse);
}
