// What a group's containers say beyond the group's ECI status. ECI keeps a group whose container
// crash-loops Running (reference/eci-api.md §2: the status is the instance's), while the
// container waits with kubelet's reason; kubectl's STATUS column shows that reason instead
// (pkg/printers/internalversion printPod). The console's badge and the CLI show both:
// "Running · CrashLoopBackOff".

/** Waiting reasons that are only a step of a start, not a problem. */
const STARTING = new Set(['ContainerCreating', 'PodInitializing']);

export interface StateLike {
  state: string;
  reason?: string;
}

/** The first container's waiting reason that is a problem (CrashLoopBackOff, ImagePullBackOff...), if any. */
export function containerCondition(states: readonly StateLike[]): string | undefined {
  for (const s of states) {
    if (s.state === 'Waiting' && s.reason && !STARTING.has(s.reason)) return s.reason;
  }
  return undefined;
}

/** The status as the console and the CLI print it: "Running", or "Running · CrashLoopBackOff". */
export function statusWithCondition(status: string, condition: string | undefined): string {
  return condition && status ? `${status} · ${condition}` : status;
}
