// The cells kubectl prints for a pod, computed as the API server's printer computes them from the
// Pod object (kubernetes/kubernetes pkg/printers/internalversion/printers.go, printPod): READY
// counts ready running containers; STATUS starts at status.reason or the phase, and the last word
// goes to the first container (containers are walked from the last) that is waiting with a reason,
// terminated with a reason, or terminated without one ("ExitCode:N"); "Completed" next to a
// running container reads "Running" (or "NotReady" without the Ready condition); a pod being
// deleted that is not in a terminal phase is "Terminating". RESTARTS sums restartCount and adds
// " (X ago)" from the latest lastState.terminated.finishedAt when there was a restart.
// Init containers come first: the first one (in order) that has not exited 0 gives the STATUS,
// "Init:" and its terminated reason (Init:Error), else its waiting reason other than
// PodInitializing (Init:CrashLoopBackOff), else "Init:N/M" (N of M done); while one is pending
// the app containers are not looked at and RESTARTS counts the init containers' restarts.
import { humanDuration } from './human-duration.js';

/** The parts of a rendered Pod the printer reads (toPod's shape). */
export interface PrintablePod {
  metadata: { name: string; deletionTimestamp?: string };
  spec: { containers: unknown[]; initContainers?: unknown[] };
  status: {
    phase: string;
    reason?: string;
    conditions?: Array<{ type: string; status: string }>;
    initContainerStatuses?: ContainerStatusView[];
    containerStatuses: ContainerStatusView[];
  };
}

interface ContainerStatusView {
  ready: boolean;
  restartCount: number;
  state: ContainerStateView;
  lastState?: ContainerStateView;
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
  const counted = (c: ContainerStatusView) => {
    restarts += c.restartCount;
    const finished = c.lastState?.terminated?.finishedAt;
    if (finished !== undefined) {
      const at = Date.parse(finished);
      if (lastRestart === undefined || at > lastRestart) lastRestart = at;
    }
  };
  const inits = pod.status.initContainerStatuses ?? [];
  let initializing = false;
  for (let i = 0; i < inits.length; i++) {
    const c = inits[i]!;
    counted(c);
    const { waiting, terminated } = c.state;
    if (terminated && terminated.exitCode === 0) continue;
    if (terminated)
      reason = terminated.reason
        ? `Init:${terminated.reason}`
        : terminated.signal
          ? `Init:Signal:${terminated.signal}`
          : `Init:ExitCode:${terminated.exitCode}`;
    else if (waiting && waiting.reason && waiting.reason !== 'PodInitializing') reason = `Init:${waiting.reason}`;
    else reason = `Init:${i}/${pod.spec.initContainers?.length ?? inits.length}`;
    initializing = true;
    break;
  }
  const initialized = (pod.status.conditions ?? []).some((c) => c.type === 'Initialized' && c.status === 'True');
  if (initializing && !initialized) return cells(pod, reason, readyContainers, restarts, lastRestart, nowMs);
  // Initialized: the init containers' restarts are no longer shown.
  restarts = 0;
  lastRestart = undefined;
  const statuses = pod.status.containerStatuses;
  for (let i = statuses.length - 1; i >= 0; i--) {
    const c = statuses[i]!;
    counted(c);
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
  return cells(pod, reason, readyContainers, restarts, lastRestart, nowMs);
}

function cells(pod: PrintablePod, reason: string, readyContainers: number, restarts: number, lastRestart: number | undefined, nowMs: number): PodCells {
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
