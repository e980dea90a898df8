// The cells kubectl prints for a pod, computed as the API server's printer computes them from the
// Pod object (kubernetes/kubernetes pkg/printers/internalversion/printers.go, printPod): READY
// counts ready running containers; STATUS starts at status.reason or the phase, and the last word
// goes to the first container (containers are walked from the last) that is waiting with a reason,
// terminated with a reason, or terminated without one ("ExitCode:N"); "Completed" next to a
// running container reads "Running" (or "NotReady" without the Ready condition); a pod being
// deleted that is not in a terminal phase is "Terminating". RESTARTS sums restartCount and adds
// " (X ago)" from the latest lastState.terminated.finishedAt when there was a restart.
import { humanDuration } from './human-duration.js';

/** The parts of a rendered Pod the printer reads (toPod's shape). */
export interface PrintablePod {
  metadata: { name: string; deletionTimestamp?: string };
  spec: { containers: unknown[] };
  status: {
    phase: string;
    reason?: string;
    conditions?: Array<{ type: string; status: string }>;
    containerStatuses: Array<{
      ready: boolean;
      restartCount: number;
      state: ContainerStateView;
      lastState?: ContainerStateView;
    }>;
  };
}

interface ContainerStateView {
  running?: unknown;
  waiting?: { reason?: string };
  terminated?: { reason?: string; exitCode: number; signal?: number; finishedAt?: string };
}

const TERMINAL_PHASES = new Set(['Succeeded', 'Failed']);

export interface PodCells {
  ready: string;
  status: string;
  restarts: string;
}

export function printPod(pod: PrintablePod, nowMs: number): PodCells {
  let reason = pod.status.reason || pod.status.phase;
  let restarts = 0;
  let readyContainers = 0;
  let lastRestart: number | undefined;
  let hasRunning = false;
  const statuses = pod.status.containerStatuses;
  for (let i = statuses.length - 1; i >= 0; i--) {
    const c = statuses[i]!;
    restarts += c.restartCount;
    const finished = c.lastState?.terminated?.finishedAt;
    if (finished !== undefined) {
      const at = Date.parse(finished);
      if (lastRestart === undefined || at > lastRestart) lastRestart = at;
    }
    const { waiting, terminated, running } = c.state;
    if (waiting && waiting.reason) reason = waiting.reason;
    else if (terminated && terminated.reason) reason = terminated.reason;
    else if (terminated) reason = terminated.signal ? `Signal:${terminated.signal}` : `ExitCode:${terminated.exitCode}`;
    else if (c.ready && running) {
      hasRunning = true;
      readyContainers++;
    }
  }
  if (reason === 'Completed' && hasRunning) {
    const podReady = (pod.status.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
    reason = podReady ? 'Running' : 'NotReady';
  }
  if (pod.metadata.deletionTimestamp !== undefined && !TERMINAL_PHASES.has(pod.status.phase)) reason = 'Terminating';
  const restartsText = restarts !== 0 && lastRestart !== undefined ? `${restarts} (${humanDuration(nowMs - lastRestart)} ago)` : String(restarts);
  return { ready: `${readyContainers}/${pod.spec.containers.length}`, status: reason, restarts: restartsText };
}

/** The row conditions printPod adds for a pod in a terminal phase. */
export function podRowConditions(phase: string) {
  if (phase === 'Succeeded') return [{ type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' }];
  if (phase === 'Failed') return [{ type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' }];
  return undefined;
}
