// Reading a container's log and running a command in it (DescribeContainerLog, ExecContainerCommand,
// `kubectl logs`): refusals as kubelet words them, for a container that is not there, has not
// started, or has no previous run.
import type { Micros } from '../model/event.js';
import { runScript } from './container-fate.js';
import type { LogRun } from './container-log.js';
import { ContainerRunner } from './container-run.js';
import { EmulatorError } from './errors.js';
import type { GroupRuntime } from './runtime.js';

function container(rt: GroupRuntime, name: string) {
  // Init containers too: their logs are read, and a running one exec'd into, as any container's.
  const c = rt.group.containers.find((x) => x.name === name) ?? rt.group.initContainers.find((x) => x.name === name);
  if (!c) {
    throw new EmulatorError(
      'InvalidContainerName.NotFound',
      `The specified ContainerName ${JSON.stringify(name)} does not exist: container ${name} is not valid for pod ${rt.group.name}.`,
      'ContainerName',
    );
  }
  return c;
}

/** The run a log read is about: the current (or last) one, or the one before it. */
export function logRun(rt: GroupRuntime, name: string, previous: boolean): LogRun {
  const c = container(rt, name);
  const log = rt.log(name);
  const pod = rt.group.name;
  if (previous) {
    if (!log.previous) throw new EmulatorError('IncorrectStatus', `previous terminated container "${name}" in pod "${pod}" not found`, 'LastTime');
    return log.previous;
  }
  if (!log.current) {
    const reason = c.currentState.reason ?? 'ContainerCreating';
    throw new EmulatorError('IncorrectStatus', `container "${name}" in pod "${pod}" is waiting to start: ${reason}`, 'ContainerName');
  }
  return log.current;
}

export interface ExecResult {
  output: string;
  exitCode?: number;
}

/**
 * Runs a command in the running container, in the command language (container-fate.ts). The
 * command's sleeps do not move the clock: its output is what it writes until it exits, or, for
 * one that runs until stopped (a server, `sleep infinity`), what it writes before it would block.
 */
/** The container, refused unless running (ExecContainerCommand's rule, with or without Sync). */
export function runningContainer(rt: GroupRuntime, name: string) {
  const c = container(rt, name);
  if (c.currentState.state !== 'Running') {
    throw new EmulatorError(
      'IncorrectStatus',
      `container ${name} is not running (${c.currentState.reason ?? c.currentState.state}): a command runs only in a running container.`,
      'ContainerName',
    );
  }
  return c;
}

export function execIn(rt: GroupRuntime, name: string, command: readonly string[], now: Micros): ExecResult {
  const c = runningContainer(rt, name);
  const { fate, writes } = runScript(command, [], ContainerRunner.env(rt, c.image));
  const output = writes.map((w) => (typeof w.text === 'string' ? w.text : w.text(now + w.after))).join('');
  return { output, ...(fate.kind === 'exits' ? { exitCode: fate.exitCode } : {}) };
}
