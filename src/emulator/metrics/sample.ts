// One record of a group's metrics at an instant: each container's CPU and memory from the load
// model over its runs (runs.ts, load-model.ts), the group's totals, its ENI's traffic and its
// system disk's IO. Counters (UsageCoreNanoSeconds, bytes, packets, IOs) add up over the runs
// before the instant; rates and levels are those of the instant.
import type { Micros } from '../../model/event.js';
import type { Container, ContainerGroup } from '../container-group.js';
import * as M from './load-model.js';
import { runAt, runsOf, secondsRun, type Run } from './runs.js';
import { bytesAt, coreSeconds, coresAt, workloadLoad, type WorkloadLoad } from './workload-load.js';

const GIB = 1024 ** 3;
const NANO = 1e9;
/** Load: the average over this many seconds before the instant ("the average load in the last 10 seconds"). */
export const LOAD_WINDOW_SECONDS = 10;

export interface CpuSample {
  /** vCPUs × 1000. */
  limit: number;
  /** Millicores, averaged over the last LOAD_WINDOW_SECONDS. */
  load: number;
  usageCoreNanoSeconds: number;
  usageNanoCores: number;
}

export interface MemorySample {
  availableBytes: number;
  cache: number;
  rss: number;
  usageBytes: number;
  workingSet: number;
}

export interface ContainerSample {
  name: string;
  cpu: CpuSample;
  memory: MemorySample;
}

export interface GroupSample {
  at: Micros;
  cpu: CpuSample;
  memory: MemorySample;
  containers: ContainerSample[];
  network: { name: string; rxBytes: number; txBytes: number; rxPackets: number; txPackets: number };
  disk: { device: string; readBytes: number; writeBytes: number; readIO: number; writeIO: number };
}

/** The instance's ENI and system disk, as the guest names them. */
export const INTERFACE_NAME = 'eth0';
export const DISK_DEVICE = 'vda';

function limits(g: ContainerGroup, c: Container): { cores: number; bytes: number } {
  // A container without its own limits may use the whole instance.
  return { cores: c.cpu > 0 ? c.cpu : g.cpu, bytes: (c.memory > 0 ? c.memory : g.memory) * GIB };
}

/** Limit-seconds of CPU used over the runs up to `t`: the workload's `cpu`, else the load model's. */
function cpuUsed(runs: readonly Run[], t: Micros, work: WorkloadLoad, cores: number): number {
  const share = (tau: number) => (work.cpu.length ? coreSeconds(work, tau) / cores : M.cpuShareSeconds(tau));
  return runs.reduce((s, r) => s + (r.start <= t ? share(secondsRun(r, t)) : 0), 0);
}

function containerSample(g: ContainerGroup, c: Container, t: Micros): ContainerSample {
  const runs = runsOf(c);
  const { cores, bytes } = limits(g, c);
  const work = workloadLoad(c);
  const run = runAt(runs, t);
  const tau = run ? secondsRun(run, t) : 0;
  const used = cpuUsed(runs, t, work, cores);
  const before = cpuUsed(runs, t - LOAD_WINDOW_SECONDS * 1_000_000, work, cores);
  const held = work.memory.length ? Math.min(bytes, bytesAt(work, tau)) : bytes * M.memoryShare(tau);
  const workingSet = run ? Math.round(held) : 0;
  const nowCores = work.cpu.length ? coresAt(work, tau) : M.cpuShare(tau) * cores;
  const rss = Math.round(workingSet * M.RSS_OF_WORKING_SET);
  const cache = Math.round(workingSet * M.CACHE_OF_WORKING_SET);
  return {
    name: c.name,
    cpu: {
      limit: Math.round(cores * 1000),
      load: Math.round(((used - before) / LOAD_WINDOW_SECONDS) * cores * 1000),
      usageCoreNanoSeconds: Math.round(used * cores * NANO),
      usageNanoCores: run ? Math.round(nowCores * NANO) : 0,
    },
    memory: { availableBytes: bytes - workingSet, cache, rss, usageBytes: rss + cache, workingSet },
  };
}

export function sampleGroup(g: ContainerGroup, t: Micros): GroupSample {
  const containers = g.containers.map((c) => containerSample(g, c, t));
  const sum = (pick: (s: ContainerSample) => number) => containers.reduce((n, s) => n + pick(s), 0);
  let seconds = 0;
  let runsStarted = 0;
  for (const c of g.containers) {
    for (const r of runsOf(c)) {
      if (r.start > t) continue;
      seconds += secondsRun(r, t);
      runsStarted += 1;
    }
  }
  const rxBytes = Math.round(seconds * M.RX_BYTES_PER_SECOND);
  const txBytes = Math.round(seconds * M.TX_BYTES_PER_SECOND);
  const readBytes = runsStarted * M.READ_BYTES_PER_RUN;
  const writeBytes = Math.round(seconds * M.WRITE_BYTES_PER_SECOND);
  const workingSet = sum((s) => s.memory.workingSet);
  return {
    at: t,
    cpu: {
      limit: Math.round(g.cpu * 1000),
      load: sum((s) => s.cpu.load),
      usageCoreNanoSeconds: sum((s) => s.cpu.usageCoreNanoSeconds),
      usageNanoCores: sum((s) => s.cpu.usageNanoCores),
    },
    memory: {
      availableBytes: Math.max(0, g.memory * GIB - workingSet),
      cache: sum((s) => s.memory.cache),
      rss: sum((s) => s.memory.rss),
      usageBytes: sum((s) => s.memory.usageBytes),
      workingSet,
    },
    containers,
    network: { name: INTERFACE_NAME, rxBytes, txBytes, rxPackets: Math.ceil(rxBytes / M.BYTES_PER_PACKET), txPackets: Math.ceil(txBytes / M.BYTES_PER_PACKET) },
    disk: { device: DISK_DEVICE, readBytes, writeBytes, readIO: Math.ceil(readBytes / M.BYTES_PER_IO), writeIO: Math.ceil(writeBytes / M.BYTES_PER_IO) },
  };
}
