// What the containers of one instance use together (docs/WORKLOADS.md): its memory and its
// temporary storage are shared by every process running on it, so the sum of their use is what
// runs out. Pure: the lifecycle asks when it next happens and who it happens to.
//
// Memory: when the sum goes over the instance's memory the kernel's global OOM killer
// (mm/oom_kill.c, out_of_memory → select_bad_process) kills the process of the highest
// oom_badness: its pages (rss + swap + page tables) plus oom_score_adj × totalpages / 1000.
// kubelet sets each container's oom_score_adj (pkg/kubelet/qos/policy.go
// GetContainerOOMScoreAdjust): in a Burstable pod 1000 - 1000 × request / capacity, at least 3
// and at most 999; in a pod where no container asks for memory every container has the same.
// So a container without Memory of its own (request 0, adj 999) goes before one with it, the
// largest user first. At equal scores the kernel keeps the last it met, and it walks processes in
// the order they were created: the container started last.
//
// Disk: the containers' writable layers share the instance's 30 GiB + EphemeralStorage; the
// write that does not fit is the one that fails (ENOSPC): the container writing at once at that
// instant, else the one writing fastest.
import type { Micros } from '../../model/event.js';
import { segments, type Segment, type TimedChange } from './usage.js';
import type { Resource } from './verbs.js';

/** A process running on the instance: one container's current run. */
export interface InstanceProcess {
  /** The container's name. */
  name: string;
  /** When the run started (absolute, as the clock reads). */
  start: Micros;
  /** Its use over time from its start (usage.ts). */
  usage: readonly TimedChange[];
  /** When it ends by itself (its exit or its own cgroup's OOM kill), if it does. */
  end?: Micros;
  /** Its own memory limit in bytes, if it named Memory (the kernel's adj depends on it). */
  ownMemory?: number;
}

export interface InstanceSize {
  /** Bytes of memory. */
  memory: number;
  /** Bytes of temporary storage. */
  disk: number;
}

export type InstanceEnd = { kind: 'system-oom'; at: Micros; victim: string } | { kind: 'disk-full'; at: Micros; writer: string };

const PAGE = 4096;
/** kubelet's floor for a Burstable container's oom_score_adj: 1000 + guaranteedOOMScoreAdj (-997). */
const MIN_BURSTABLE_ADJ = 3;
/** kubelet keeps Burstable below BestEffort's 1000. */
const MAX_BURSTABLE_ADJ = 999;

interface Line {
  p: InstanceProcess;
  segs: Segment[];
  end: Micros;
}

function lines(procs: readonly InstanceProcess[], resource: Resource): Line[] {
  return procs.map((p) => ({ p, segs: segments(p.usage, resource).map((s) => ({ ...s, from: s.from + p.start })), end: p.end ?? Infinity }));
}

/** The segment of a line in force at `t` (absolute), if the process runs then and uses anything yet. */
function at(line: Line, t: Micros): Segment | undefined {
  if (t < line.p.start || t >= line.end) return undefined;
  let found: Segment | undefined;
  for (const s of line.segs) if (s.from <= t) found = s;
  return found;
}

const level = (s: Segment, t: Micros): number => s.level + (s.rate * (t - s.from)) / 1_000_000;

/** The first instant from `from` on that the processes' summed use is over `limit`. */
export function firstSumOver(procs: readonly InstanceProcess[], resource: Resource, limit: number, from: Micros): Micros | undefined {
  const ls = lines(procs, resource);
  const points = new Set<Micros>([from]);
  for (const l of ls) {
    for (const s of l.segs) if (s.from > from) points.add(s.from);
    if (l.end > from && l.end < Infinity) points.add(l.end);
  }
  const sorted = [...points].sort((a, b) => a - b);
  for (let i = 0; i < sorted.length; i++) {
    const t = sorted[i]!;
    const until = sorted[i + 1] ?? Infinity;
    let sum = 0;
    let rate = 0;
    for (const l of ls) {
      const s = at(l, t);
      if (!s) continue;
      sum += level(s, t);
      rate += s.rate;
    }
    if (sum > limit) return t;
    if (rate > 0) {
      const over = t + Math.floor(((limit - sum) / rate) * 1_000_000) + 1;
      if (over < until) return over;
    }
  }
  return undefined;
}

/** kubelet's oom_score_adj for a container of a Burstable pod asking for `request` bytes of `capacity`. */
export function burstableOomScoreAdj(request: number, capacity: number): number {
  const adj = 1000 - Math.floor((1000 * request) / capacity);
  return Math.min(MAX_BURSTABLE_ADJ, Math.max(MIN_BURSTABLE_ADJ, adj));
}

/** The process the global OOM killer picks at `t`, by oom_badness (above); undefined when none runs. */
export function oomVictim(procs: readonly InstanceProcess[], memory: number, t: Micros): string | undefined {
  const ls = lines(procs, 'memory');
  const totalPages = Math.floor(memory / PAGE);
  // A pod where no container names memory has one adj for all: only the pages decide.
  const anyOwn = procs.some((p) => p.ownMemory !== undefined);
  let chosen: { name: string; points: number } | undefined;
  // Creation order: the kernel walks processes so, and a later equal score replaces the chosen one.
  const order = ls.map((l, i) => ({ l, i })).sort((a, b) => a.l.p.start - b.l.p.start || a.i - b.i);
  for (const { l } of order) {
    if (t < l.p.start || t >= l.end) continue;
    const s = at(l, t);
    const pages = Math.floor((s ? level(s, t) : 0) / PAGE);
    const adj = anyOwn ? burstableOomScoreAdj(l.p.ownMemory ?? 0, memory) : MAX_BURSTABLE_ADJ;
    const points = pages + adj * Math.floor(totalPages / 1000);
    if (!chosen || points >= chosen.points) chosen = { name: l.p.name, points };
  }
  return chosen?.name;
}

/** The process whose write does not fit at `t`: one whose use steps up at `t`, else the fastest writer. */
export function diskWriter(procs: readonly InstanceProcess[], t: Micros): string | undefined {
  const ls = lines(procs, 'disk').filter((l) => t >= l.p.start && t < l.end);
  const stepped = ls.filter((l) => {
    const i = l.segs.findIndex((s) => s.from === t);
    if (i < 0) return false;
    const before = i > 0 ? level(l.segs[i - 1]!, t) : 0;
    return l.segs[i]!.level > before;
  });
  if (stepped.length > 0) return stepped[stepped.length - 1]!.p.name;
  let fastest: { name: string; rate: number } | undefined;
  for (const l of ls) {
    const s = at(l, t);
    if (s && s.rate > 0 && (!fastest || s.rate >= fastest.rate)) fastest = { name: l.p.name, rate: s.rate };
  }
  return fastest?.name;
}

/**
 * What the processes' shared use brings first from `from` on: a system OOM (memory first at a
 * tie, as the kernel reclaims memory before a write needs it) or a full disk.
 */
export function instanceEnd(procs: readonly InstanceProcess[], size: InstanceSize, from: Micros): InstanceEnd | undefined {
  const oom = size.memory > 0 ? firstSumOver(procs, 'memory', size.memory, from) : undefined;
  const full = firstSumOver(procs, 'disk', size.disk, from);
  if (oom !== undefined && (full === undefined || oom <= full)) {
    const victim = oomVictim(procs, size.memory, oom);
    if (victim !== undefined) return { kind: 'system-oom', at: oom, victim };
  }
  if (full !== undefined) {
    const writer = diskWriter(procs, full);
    if (writer !== undefined) return { kind: 'disk-full', at: full, writer };
  }
  return undefined;
}
