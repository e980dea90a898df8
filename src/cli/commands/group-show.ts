// `groups show ID`: one container group as DescribeContainerGroups returns it, read as
// `kubectl describe pod` reads a pod: the status (with a container's problem beside it, as
// "Running · CrashLoopBackOff"), then each container's state, last state and restart count.
import { containerCondition, statusWithCondition } from '../../emulator/index.js';

export interface ContainerStateJson {
  State: string;
  Reason?: string;
  Message?: string;
  ExitCode?: number;
  StartTime?: string;
  FinishTime?: string;
}

export interface ContainerJson {
  Name: string;
  Image: string;
  RestartCount?: number;
  Ready?: boolean;
  CurrentState?: ContainerStateJson;
  PreviousState?: ContainerStateJson;
}

export interface GroupJson {
  ContainerGroupId: string;
  ContainerGroupName: string;
  Status: string;
  ZoneId: string;
  InstanceType?: string;
  CreationTime: string;
  IntranetIp?: string;
  Containers?: ContainerJson[];
  InitContainers?: ContainerJson[];
}

/** The group's status with a container's problem beside it (group-condition.ts), in the terminal's warning colour (yellow). */
export function statusCell(g: GroupJson, color = false): string {
  // The init containers first: while one is in trouble, the containers have not started.
  const states = [...(g.InitContainers ?? []), ...(g.Containers ?? [])].map((c) => ({
    state: c.CurrentState?.State ?? '',
    ...(c.CurrentState?.Reason ? { reason: c.CurrentState.Reason } : {}),
  }));
  const condition = containerCondition(states);
  const text = statusWithCondition(g.Status, condition);
  return condition && color ? `\x1b[33m${text}\x1b[39m` : text;
}

function stateLines(label: string, s: ContainerStateJson): string[] {
  const lines = [`    ${label}:`.padEnd(20) + s.State];
  const field = (name: string, value: string | number | undefined) =>
    value !== undefined && value !== '' && lines.push(`      ${name}:`.padEnd(20) + String(value));
  field('Reason', s.Reason);
  field('Message', s.Message);
  field('Exit Code', s.ExitCode);
  field('Started', s.StartTime);
  field('Finished', s.FinishTime);
  return lines;
}

/** The text `groups show` prints. */
export function describeGroup(g: GroupJson, color = false): string {
  const lines = [
    `Id:                 ${g.ContainerGroupId}`,
    `Name:               ${g.ContainerGroupName}`,
    `Status:             ${statusCell(g, color)}`,
    `Zone:               ${g.ZoneId}`,
    `Instance type:      ${g.InstanceType ?? ''}`,
    `Created:            ${g.CreationTime}`,
    `IP:                 ${g.IntranetIp ?? ''}`,
  ];
  // As kubectl describe: the init containers, when there are any, before the containers.
  if (g.InitContainers?.length) lines.push('Init Containers:', ...containerLines(g.InitContainers));
  lines.push('Containers:', ...containerLines(g.Containers ?? []));
  return lines.join('\n');
}

function containerLines(containers: readonly ContainerJson[]): string[] {
  const lines: string[] = [];
  for (const c of containers) {
    lines.push(`  ${c.Name}:`, `    Image:`.padEnd(20) + c.Image);
    if (c.CurrentState) lines.push(...stateLines('State', c.CurrentState));
    if (c.PreviousState?.State) lines.push(...stateLines('Last State', c.PreviousState));
    lines.push(`    Ready:`.padEnd(20) + String(c.Ready ?? false), `    Restart Count:`.padEnd(20) + String(c.RestartCount ?? 0));
  }
  return lines;
}
