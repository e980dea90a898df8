// The workload verbs of the command language (container-fate.ts, docs/WORKLOADS.md): statements
// that use memory, disk and CPU over time and write log lines. Each takes no time itself; what it
// sets goes on in the background while the statements after it run, until the process ends.
//
//   mem SIZE            hold SIZE of memory from now (mem 0 frees it)
//   mem +SIZE           take SIZE more at once
//   mem +SIZE/s         grow by SIZE every second (also /m, /h) from now
//   disk SIZE | +SIZE | +SIZE/s    the same for what the process writes to the instance's
//                       temporary storage (the container's writable layer)
//   cpu CORES           use CORES of CPU from now (0.5, 2, 500m)
//   log TEXT [every DURATION]      write TEXT as a line now and, with every, each DURATION after
import type { Micros } from '../../model/event.js';
import { parseCores, parseDuration, parseRate, parseSize } from './quantity.js';

export type Resource = 'memory' | 'disk' | 'cpu';

/** A change of one resource's use: set a level, add to it, or set its growth per second. */
export type UsageChange = { resource: Resource; set: number } | { resource: Resource; add: number } | { resource: Resource; rate: number };

export type WorkloadStep = { kind: 'usage'; change: UsageChange } | { kind: 'log'; text: string; every?: Micros };

/** The verbs, as their usage lines (what a bad statement's error lists). */
export const WORKLOAD_USAGE = [
  'mem SIZE | mem +SIZE | mem +SIZE/s (e.g. mem 512Mi, mem +64Mi/s)',
  'disk SIZE | disk +SIZE | disk +SIZE/s (e.g. disk 2Gi)',
  'cpu CORES (e.g. cpu 0.5, cpu 500m)',
  'log TEXT [every DURATION] (e.g. log "tick" every 1s)',
];

export const WORKLOAD_VERBS: ReadonlySet<string> = new Set(['mem', 'disk', 'cpu', 'log']);

function amount(resource: 'memory' | 'disk', verb: string, args: string[]): WorkloadStep | string {
  const [arg, ...rest] = args;
  if (arg === undefined || rest.length > 0) return `${verb} takes one size or rate: ${WORKLOAD_USAGE[resource === 'memory' ? 0 : 1]}`;
  if (arg.startsWith('+')) {
    const rate = parseRate(arg.slice(1));
    if (rate !== undefined) return { kind: 'usage', change: { resource, rate } };
    const add = parseSize(arg.slice(1));
    if (add !== undefined) return { kind: 'usage', change: { resource, add } };
  } else {
    const set = parseSize(arg);
    if (set !== undefined) return { kind: 'usage', change: { resource, set } };
  }
  return `${JSON.stringify(arg)} is not a size (512Mi, 2Gi, 100M, bytes) nor a rate (+64Mi/s): ${WORKLOAD_USAGE[resource === 'memory' ? 0 : 1]}`;
}

/**
 * A workload statement's step, or why it is wrong (a string); undefined when `verb` is not a
 * workload verb. `args` are the statement's words after the verb, quotes removed.
 */
export function workloadStep(verb: string, args: string[]): WorkloadStep | string | undefined {
  switch (verb) {
    case 'mem':
      return amount('memory', verb, args);
    case 'disk':
      return amount('disk', verb, args);
    case 'cpu': {
      const cores = args.length === 1 ? parseCores(args[0]!) : undefined;
      return cores === undefined ? `cpu takes one number of cores: ${WORKLOAD_USAGE[2]}` : { kind: 'usage', change: { resource: 'cpu', set: cores } };
    }
    case 'log': {
      if (args.length === 0) return `log needs the text of its line: ${WORKLOAD_USAGE[3]}`;
      const at = args.length - 2;
      if (at >= 1 && args[at] === 'every') {
        const every = parseDuration(args[at + 1]!);
        if (every === undefined) return `${JSON.stringify(args[at + 1])} is not a duration (1s, 500ms, 2m): ${WORKLOAD_USAGE[3]}`;
        return { kind: 'log', text: args.slice(0, at).join(' '), every };
      }
      if (args.includes('every')) return `every takes one duration after the text: ${WORKLOAD_USAGE[3]}`;
      return { kind: 'log', text: args.join(' ') };
    }
    default:
      return undefined;
  }
}
