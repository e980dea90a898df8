// The workload: reports over a fixed set of container groups, some new events, some repeats of
// events already reported. Generated whole, from a seed, before anything is timed.
import type { Reason } from '../src/catalog/index.js';
import type { ObjectInput, ReportInput, ReportOptions } from '../src/recorder/index.js';
import { Prng } from './prng.js';

const ZONES = ['a', 'b', 'c', 'e', 'f', 'g', 'h', 'i', 'j', 'k'].flatMap((z) => ['cn-hangzhou', 'cn-beijing'].map((region) => `${region}-${z}`));
const INSTANCE_TYPES = [
  'ecs.c6.large',
  'ecs.c6.xlarge',
  'ecs.c7.2xlarge',
  'ecs.g6.large',
  'ecs.g6.xlarge',
  'ecs.g7.4xlarge',
  'ecs.r6.large',
  'ecs.r7.xlarge',
  'ecs.gn6i-c4g1.xlarge',
  'ecs.hfc6.large',
  'ecs.u1-c1m2.large',
  'ecs.e-c1m1.large',
];
const NAMESPACES = ['default', 'payments', 'search', 'batch-jobs', 'ml-training'];
const FLOW_CONTROL = ['UserApiFlowControl', 'RegionFlowControl', 'ZoneFlowControl', 'InstanceTypeFlowControl'];
const SCHEDULING = [
  'no zone has enough vSwitch IP addresses',
  'all candidate instance types are sold out',
  'the security group is full',
  'insufficient vcpu quota',
];

const IMAGE_CACHE_SOURCE: ReportOptions = { source: { component: 'ImageCacheController', host: 'imc-worker-3' } };
const SCHEDULER_SOURCE: ReportOptions = { source: { component: 'EciScheduler', host: 'scheduler-1' } };

interface EventKind {
  reason: Reason;
  /** Relative frequency among new events. */
  weight: number;
  args: (r: Prng) => string[];
  options?: ReportOptions;
}

/** Catalog reasons with arguments, so that messages vary the way real ones do. */
const KINDS: readonly EventKind[] = [
  { reason: 'NoStock', weight: 5, args: (r) => [`zone: ${r.pick(ZONES)}, instanceType: ${r.pick(INSTANCE_TYPES)}`] },
  { reason: 'StockExhaust', weight: 2, args: (r) => [`zone: ${r.pick(ZONES)}`] },
  { reason: 'FailedScheduling', weight: 3, args: (r) => [` ${r.pick(SCHEDULING)} (${1 + r.int(64)} candidates)`], options: SCHEDULER_SOURCE },
  { reason: 'QuotaExceeded', weight: 2, args: (r) => [r.pick(INSTANCE_TYPES)] },
  { reason: 'Throttling', weight: 2, args: (r) => [`${r.pick(FLOW_CONTROL)}/${r.pick(ZONES)}`] },
  { reason: 'SpotToBeReleased', weight: 2, args: (r) => [String(1 + r.int(60))] },
  { reason: 'SpotDegraded', weight: 1, args: (r) => [r.pick(INSTANCE_TYPES)] },
  { reason: 'ImageCacheNotFound', weight: 2, args: (r) => [`imc-${r.hex(20)}`], options: IMAGE_CACHE_SOURCE },
  {
    reason: 'ImageCacheCapacityUtilization',
    weight: 2,
    args: (r) => {
      const total = 20 * (1 + r.int(25));
      return [String(r.int(total + 1)), String(total)];
    },
    options: IMAGE_CACHE_SOURCE,
  },
  { reason: 'ResourceInsufficient', weight: 1, args: (r) => [`vsw-${r.hex(24)}`] },
  { reason: 'StartingFailed', weight: 2, args: (r) => [`container app-${r.int(4)} exited with code ${1 + r.int(255)}`] },
];
const TOTAL_WEIGHT = KINDS.reduce((sum, k) => sum + k.weight, 0);

/** Repeats that pick among the most recent new events (a crash loop), the others pick any earlier one. */
const RECENT_REPEAT_SHARE = 0.5;
const RECENT_EVENTS = 10_000;

export interface Workload {
  objects: ObjectInput[];
  /** The distinct events, in the order first reported. */
  events: ReportInput[];
  /** For each report in order, the index of its event in `events`. */
  sequence: Int32Array;
  repeats: number;
  /** How many reports each reason has, for the printout. */
  reasons: Map<string, number>;
}

export interface WorkloadSpec {
  reports: number;
  objects: number;
  repeatShare: number;
  seed: number;
}

function pickKind(r: Prng): EventKind {
  let x = r.next() * TOTAL_WEIGHT;
  for (const k of KINDS) if ((x -= k.weight) < 0) return k;
  return KINDS[KINDS.length - 1]!;
}

export function generateWorkload(spec: WorkloadSpec): Workload {
  const r = new Prng(spec.seed);
  const objects: ObjectInput[] = Array.from({ length: spec.objects }, (_, i) => ({
    name: `bench-pod-${String(i).padStart(5, '0')}-${r.hex(5)}`,
    namespace: r.pick(NAMESPACES),
    uid: `eci-${r.hex(20)}`,
  }));
  const distinct = spec.reports - Math.round(spec.reports * spec.repeatShare);
  const repeats = spec.reports - distinct;
  const events: ReportInput[] = [];
  const seen = new Set<string>();
  const sequence = new Int32Array(spec.reports);
  const reasons = new Map<string, number>();
  for (let i = 0; i < spec.reports; i++) {
    // Exactly `repeats` repeats, spread at random: a repeat with the odds of the repeats still to place.
    const repeatsLeft = repeats - (i - events.length);
    const repeat = events.length > 0 && (events.length === distinct || r.next() * (spec.reports - i) < repeatsLeft);
    let index: number;
    if (repeat) {
      const recent = Math.min(events.length, RECENT_EVENTS);
      index = r.next() < RECENT_REPEAT_SHARE ? events.length - 1 - r.int(recent) : r.int(events.length);
    } else {
      for (;;) {
        const objectIndex = r.int(objects.length);
        const kind = pickKind(r);
        const args = kind.args(r);
        const id = `${objectIndex}\u0000${kind.reason}\u0000${args.join('\u0000')}`;
        if (seen.has(id)) continue;
        seen.add(id);
        events.push({ object: objects[objectIndex]!, reason: kind.reason, args, ...(kind.options ? { options: kind.options } : {}) });
        break;
      }
      index = events.length - 1;
    }
    sequence[i] = index;
    const reason = events[index]!.reason;
    reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  }
  return { objects, events, sequence, repeats, reasons };
}

/**
 * The storm: distinct events only, each about an object of its own with random ids, drawn one at
 * a time (so that nothing but the stream's state is held), the same for every run with one seed.
 */
export class Storm {
  private readonly r: Prng;

  constructor(seed: number) {
    this.r = new Prng(seed);
  }

  next(): ReportInput {
    const r = this.r;
    const object: ObjectInput = { name: `storm-${r.hex(10)}`, namespace: r.pick(NAMESPACES), uid: `eci-${r.hex(20)}` };
    const kind = pickKind(r);
    return { object, reason: kind.reason, args: kind.args(r), ...(kind.options ? { options: kind.options } : {}) };
  }
}
