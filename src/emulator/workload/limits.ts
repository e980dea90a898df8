// What ends a run that uses too much (verbs.ts, usage.ts), and what ECI records when it does.
//
// Memory: a container's limit is its own Memory, else the instance's. Over its own limit the
// kernel's memory cgroup kills it (the seed's SystemOM OOMKilled row, whose example is that
// kernel line); without one, the whole instance runs out and the kernel's global OOM killer picks
// it (the seed's PodOOMKilled, "System OOM encountered, victim process: ..., pid: ...", the
// wording of kubelet's SystemOOM node event: pkg/kubelet/oom/oom_watcher_linux.go). Either way the
// container ends with exit code 137 (SIGKILL) and reason OOMKilled, as kubelet reports it, and
// the restart policy applies. kubelet itself records no pod event for it.
//
// Disk: an instance has 30 GiB of temporary storage free of charge, plus its EphemeralStorage
// (Alibaba Cloud, "Scale up the temporary storage space"). A write past it fails with ENOSPC: the
// process reports "No space left on device" and exits 1, and ECI records DiskFull. kubelet evicts
// a pod only over an ephemeral-storage limit of its containers or under node pressure
// (kubernetes.io, "Node-pressure Eviction"); CreateContainerGroup sets no such limit and the
// instance is the pod's own node, so nothing is evicted.
import type { Micros } from '../../model/event.js';
import { firstOver, segments, type TimedChange } from './usage.js';

const GIB = 2 ** 30;
/** ECI's free temporary storage per instance, GiB. */
export const FREE_TEMPORARY_STORAGE_GIB = 30;
/** Exit code of a process the kernel killed (128 + SIGKILL). */
export const OOM_EXIT_CODE = 137;

export interface RunLimits {
  /** Bytes. */
  memory: number;
  /** Whose limit: the container's own (a cgroup OOM) or the instance's (a system OOM). */
  memoryScope: 'container' | 'instance';
  /** Bytes of temporary storage. */
  disk: number;
}

export function runLimits(groupMemoryGiB: number, containerMemoryGiB: number, ephemeralStorageGiB = 0): RunLimits {
  const own = containerMemoryGiB > 0;
  return {
    memory: (own ? containerMemoryGiB : groupMemoryGiB) * GIB,
    memoryScope: own ? 'container' : 'instance',
    disk: (FREE_TEMPORARY_STORAGE_GIB + ephemeralStorageGiB) * GIB,
  };
}

export type RunEnd = { kind: 'oom'; after: Micros } | { kind: 'disk-full'; after: Micros };

/** The run's end by a resource, if one comes before `end` (the script's own end); memory first at a tie. */
export function resourceEnd(usage: readonly TimedChange[], limits: RunLimits, end: Micros = Infinity): RunEnd | undefined {
  const oom = limits.memory > 0 ? firstOver(segments(usage, 'memory'), limits.memory, end) : undefined;
  const full = firstOver(segments(usage, 'disk'), limits.disk, end);
  if (oom !== undefined && (full === undefined || oom <= full)) return { kind: 'oom', after: oom };
  if (full !== undefined) return { kind: 'disk-full', after: full };
  return undefined;
}

/** The process the kernel names: the command's program (its base name, 15 characters as the kernel keeps it). */
export function processName(commands: readonly string[], args: readonly string[], image: string): string {
  const program = commands[0] ?? args[0]?.split(/\s+/)[0] ?? image.split('/').pop()!.split(/[:@]/)[0]!;
  return program.split('/').pop()!.slice(0, 15) || 'sh';
}

/** A host pid for the victim, the same for the same run (the kernel's numbers are not modelled). */
export function victimPid(seed: string): number {
  let h = 0x811c9dc5;
  for (const ch of seed) h = Math.imul(h ^ ch.codePointAt(0)!, 0x01000193) >>> 0;
  return 1000 + (h % 30000);
}

/** The kernel's line for a cgroup OOM kill (the seed's OOMKilled example, word for word but the numbers). */
export function cgroupOomLine(pid: number, comm: string): string {
  // The victim holds all of its cgroup's memory: oom_badness scores it the full 1000.
  return `Memory cgroup out of memory: Kill process ${pid} (${comm}) score 1000 or sacrifice child`;
}

/** The message of a system OOM (the seed's PodOOMKilled example). */
export function systemOomMessage(pid: number, comm: string): string {
  return `System OOM encountered, victim process: ${comm}, pid: ${pid}`;
}
