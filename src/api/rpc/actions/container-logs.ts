// DescribeContainerLog and ExecContainerCommand: what an emulated container wrote, and a command
// run in it (the emulator's command language, src/emulator/container-fate.ts).
import { selectLog } from '../../../emulator/index.js';
import type { ActionContext } from '../deps.js';
import { invalid } from '../../core/errors.js';
import { requireRegion } from '../region.js';
import { EXEC_PATH } from '../../exec/exec-socket.js';
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
  if (!sync) {
    const token = ctx.deps.emulator.execSession(ctx.caller.account, id, name, command, regionId);
    return { WebSocketUri: `${socketOrigin(ctx.origin)}${EXEC_PATH}?s=${token}` };
  }
  const result = ctx.deps.emulator.exec(ctx.caller.account, id, name, command, regionId);
  return { SyncResponse: result.output };
}

/** ws:// or wss:// on the address the call came to; a Host header that is no address gets 127.0.0.1's. */
function socketOrigin(origin: string | undefined): string {
  let base: URL;
  try {
    base = new URL(origin ?? 'http://127.0.0.1');
  } catch {
    base = new URL('http://127.0.0.1');
  }
  return `${base.protocol === 'https:' ? 'wss:' : 'ws:'}//${base.host}`;
}

export const LOGS_OPERATIONS: OperationDoc[] = [
  {
    action: 'DescribeContainerLog',
    does: "Returns what the container's current run (or, with LastTime=true, the run before) wrote, from the emulator's output model: Tail (default 500, at most 2000), SinceSeconds or StartTime, LimitBytes (at most 1 MiB), Timestamps as kubelet writes them.",
    doesNot: 'Logs of a run older than the previous one; more than the 10,000 lines or 1 MiB a run keeps.',
  },
  {
    action: 'ExecContainerCommand',
    does: "Runs Command (a JSON array) in the running container in the emulator's command language. Sync=true: what it wrote, as SyncResponse (its sleeps do not move the clock). Otherwise a WebSocketUri that, opened once within 30 s of the clock, runs it on the clock and streams its output as kubelet's exec channels (1 stdout, 3 the exit Status).",
    doesNot: 'No HttpUrl (the console terminal); no TTY or stdin: nothing sent on the socket reaches the command.',
  },
];
