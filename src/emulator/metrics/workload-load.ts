// The load a container's workload verbs set (docs/WORKLOADS.md: `cpu 0.5`, `mem 512Mi`), in place
// of the load model's shares for the resources the script names; the same reading of the script
// the lifecycle makes, so metrics show what ends a run (a memory line rising to its limit).
import type { Micros } from '../../model/event.js';
import type { Container } from '../container-group.js';
import { runScript } from '../container-fate.js';
import { integral, levelAt, segments, type Segment } from '../workload/usage.js';

export interface WorkloadLoad {
  /** Cores in use over the run; empty when the script sets none. */
  cpu: Segment[];
  /** Bytes held over the run; empty when the script holds none. */
  memory: Segment[];
}

const cache = new Map<string, WorkloadLoad>();
const CACHE_MAX = 1024;

export function workloadLoad(c: Pick<Container, 'commands' | 'args'>): WorkloadLoad {
  const key = JSON.stringify([c.commands, c.args]);
  let load = cache.get(key);
  if (!load) {
    const { usage } = runScript(c.commands, c.args);
    load = { cpu: segments(usage, 'cpu'), memory: segments(usage, 'memory') };
    if (cache.size >= CACHE_MAX) cache.clear();
    cache.set(key, load);
  }
  return load;
}

/** Core-seconds used `tau` seconds into a run. */
export function coreSeconds(load: WorkloadLoad, tau: number): number {
  return integral(load.cpu, Math.round(tau * 1_000_000));
}

export function coresAt(load: WorkloadLoad, tau: number): number {
  return levelAt(load.cpu, Math.round(tau * 1_000_000) as Micros);
}

export function bytesAt(load: WorkloadLoad, tau: number): number {
  return levelAt(load.memory, Math.round(tau * 1_000_000) as Micros);
}
