// DescribeContainerLog and ExecContainerCommand: what an emulated container wrote, and a command
// run in it (the emulator's command language, src/emulator/container-fate.ts).
import { selectLog } from '../../../emulator/index.js';
import type { ActionContext } from '../deps.js';
import { invalid } from '../errors.js';
import { requireRegion } from '../region.js';
import type { OperationDoc } from './operation-doc.js';
import { groupId } from './container-groups.js';
import { containerName, execCommand, logSelection } from './container-log-params.js';

export async function describeContainerLog(ctx: ActionContext) {
  const regionId = requireRegion(ctx);
  const id = groupId(ctx);
  const name = containerName(ctx.params);
  const { previous, ...selection } = logSelection(ctx.params, ctx.deps.clock.now());
  const run = ctx.deps.emulator.containerLog(ctx.caller.account, id, name, previous, regionId);
  return { ContainerName: name, Content: selectLog(run.read(), selection) };
}

export async function execContainerCommand(ctx: ActionContext) {
  const regionId = requireRegion(ctx);
  const id = groupId(ctx);
  const name = containerName(ctx.params);
  const command = execCommand(ctx.params);
  const tty = ctx.params.bool('TTY') ?? false;
  ctx.params.bool('Stdin');
  const sync = ctx.params.bool('Sync') ?? false;
  // "如果设置为 true,TTY 只能设置为 false" (Sync's documentation).
  if (sync && tty) throw invalid('TTY', 'with Sync=true, TTY must be false.');
  if (!sync) throw invalid('Sync', 'this service runs commands only with Sync=true; an interactive session (WebSocketUri, HttpUrl) is not served here (docs/WORLD.md).');
  const result = ctx.deps.emulator.exec(ctx.caller.account, id, name, command, regionId);
  return { SyncResponse: result.output };
}

export const LOGS_OPERATIONS: OperationDoc[] = [
  {
    action: 'DescribeContainerLog',
    does: "Returns what the container's current run (or, with LastTime=true, the run before) wrote, from the emulator's output model: Tail (default 500, at most 2000), SinceSeconds or StartTime, LimitBytes (at most 1 MiB), Timestamps as kubelet writes them.",
    doesNot: 'Logs of a run older than the previous one; more than the 10,000 lines or 1 MiB a run keeps.',
  },
  {
    action: 'ExecContainerCommand',
    does: "With Sync=true, runs Command (a JSON array) in the running container in the emulator's command language and returns what it wrote as SyncResponse; sleeps in it do not move the clock.",
    doesNot: 'Sync=false (an interactive session behind WebSocketUri/HttpUrl) is refused with InvalidParameter naming Sync; Stdin is read but nothing is fed to the command.',
  },
];
