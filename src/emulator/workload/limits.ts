// What ends a run that uses too much (verbs.ts, usage.ts), and what ECI records when it does.
//
// Memory: a container that named Memory is killed by its memory cgroup over it (the seed's
// SystemOM OOMKilled row, whose example is that kernel line). The instance's memory is shared by
// all its containers: when their sum runs out, the kernel's global OOM killer picks a victim
// (instance.ts) and ECI records the seed's PodOOMKilled ("System OOM encountered, victim
// process: ..., pid: ...", the wording of kubelet's SystemOOM node event:
// pkg/kubelet/oom/oom_watcher_linux.go). Either way the
// container ends with exit code 137 (SIGKILL) and reason OOMKilled, as kubelet reports it, and
// the restart policy applies. kubelet itself records no pod event for it.
//
// Disk: an instance has 30 GiB of temporary storage free of charge, plus its EphemeralStorage
// (Alibaba Cloud, "Scale up the temporary storage space"), shared by its containers' writable
// layers (instance.ts). A write past it fails with ENOSPC: the process reports "No space left on device" and exits 1, and ECI records DiskFull. kubelet evicts
// a pod only over an ephemeral-storage limit of its containers or under node pressure
// (kubernetes.io, "Node-pressure Eviction"); CreateContainerGroup sets no such limit and the
// instance is the pod's own node, so nothing is evicted.
import type { Micros } from '../../model/event.js';
import type { InstanceSize } from './instance.js';
import { firstOver, segments, type TimedChange } from './usage.js';

const GIB = 2 ** 30;
/** ECI's free temporary storage per instance, GiB. */
export const FREE_TEMPORARY_STORAGE_GIB = 30;
/** Exit code of a process the kernel killed (128 + SIGKILL). */
export const OOM_EXIT_CODE = 137;

/** The memory the container named, bytes: its cgroup's limit; undefined when it shares the instance's. */
export function ownMemory(c: { memory: number; sharesInstanceMemory?: true }): number | undefined {
  return c.sharesInstanceMemory || !(c.memory > 0) ? undefined : c.memory * GIB;
}

/** The instance's memory and temporary storage, shared by its containers (instance.ts). */
export function instanceSize(groupMemoryGiB: number, ephemeralStorageGiB = 0): InstanceSize {
  return { memory: groupMemoryGiB * GIB, disk: (FREE_TEMPORARY_STORAGE_GIB + ephemeralStorageGiB) * GIB };
}

/** When the run's own memory cgroup kills it, if before `end` (the script's own end). */
export function cgroupOomAt(usage: readonly TimedChange[], limit: number | undefined, end: Micros = Infinity): Micros | undefined {
  return limit === undefined ? undefined : firstOver(segments(usage, 'memory'), limit, end);
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
