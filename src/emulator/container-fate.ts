// What a container's process does once started. The emulator cannot run images, so it reads the
// container's Command and Args (joined with spaces, a leading `sh -c` / `bash -c` dropped) as a
// tiny shell script of statements separated by `;`, `&&`, `||` or new lines (separators inside
// quotes are part of the statement):
//
//   sleep N          waits N seconds (N may be fractional, or end in s/m/h/d), status 0;
//                    `sleep infinity` runs forever
//   exit [N]         exits at once with N (default: the last status)
//   true, :          status 0 at once
//   false            status 1 at once
//   echo ..., printf ..., cat /etc/hostname, hostname   write their output (script-output.ts), status 0
//   mem, disk, cpu, log   use memory, disk and CPU and write log lines in the background from
//                    then on (workload/verbs.ts), status 0 at once
//   anything else    a long-running program (a server): runs until the group is deleted
//
// A quote left open fails the script at once with status 2, as sh refuses it.
// `a && b` runs b only when a's status is 0, `a || b` only when it is not; the script's exit
// code is the last status. No command and no args (the image's own entrypoint) also runs until
// deleted. Quotes around the script or around a statement's words are removed.
import type { Micros } from '../model/event.js';
import { imageStartup, statementOutput, type OutputEnv, type Write } from './script-output.js';
import { splitStatements, unquote, unterminatedQuote, words } from './script-words.js';
import type { TimedChange } from './workload/usage.js';
import { workloadStep, type WorkloadStep } from './workload/verbs.js';

export type ContainerFate = { kind: 'exits'; after: Micros; exitCode: number } | { kind: 'runs' };

/** A line written `after` the run's start and every `every` after that, while the run lasts. */
export interface RepeatedWrite {
  after: Micros;
  every: Micros;
  text: string;
}

/** A run of a script: how it ends, and what it writes and uses on the way, each `after` its start. */
export interface ScriptRun {
  fate: ContainerFate;
  writes: Write[];
  /** The workload verbs' changes of memory, disk and CPU use (workload/usage.ts). */
  usage: TimedChange[];
  repeats: RepeatedWrite[];
}

const RUNS: ContainerFate = { kind: 'runs' };
const SHELLS = /^(?:\/(?:usr\/)?bin\/)?(?:sh|bash|ash|dash|zsh)$/;
const SLEEP_UNITS: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600, d: 86400 };
const NO_ENV: OutputEnv = { hostname: 'localhost', image: '' };

/** The script the container runs: Command and Args joined, without a leading shell -c. */
export function scriptOf(commands: readonly string[], args: readonly string[]): string {
  const all = [...commands, ...args];
  if (all.length >= 2 && SHELLS.test(all[0]!) && all[1] === '-c') all.splice(0, 2);
  return unquote(all.join(' '));
}

type Step = { after: Micros; status: number; output?: string; workload?: WorkloadStep } | 'forever';

function statement(text: string, env: OutputEnv): Step {
  const [cmd = '', ...rest] = words(text);
  const work = workloadStep(cmd, rest);
  // A bad workload statement is refused at create (scriptProblem); one that gets here fails as a program would.
  if (typeof work === 'string') return { after: 0, status: 2, output: `${cmd}: ${work}\n` };
  if (work) return { after: 0, status: 0, workload: work };
  const output = statementOutput(cmd, rest, env);
  if (output) return { after: 0, status: output.status, output: output.text };
  switch (cmd) {
    case 'true':
    case ':':
      return { after: 0, status: 0 };
    case 'false':
      return { after: 0, status: 1 };
    case 'sleep': {
      if (rest[0] === 'infinity') return 'forever';
      const m = /^(\d+(?:\.\d+)?)([smhd]?)$/.exec(rest[0] ?? '');
      if (!m) return { after: 0, status: 1, output: `sleep: invalid time interval '${rest[0] ?? ''}'\n` }; // as coreutils'
      return { after: Math.round(Number(m[1]) * SLEEP_UNITS[m[2]!]! * 1_000_000), status: 0 };
    }
    default:
      return 'forever';
  }
}

/**
 * How long a process lives after a use it changes as its last statement: it takes the memory, or
 * writes the file, and then exits. The instant after is enough for the limits to see the use; that
 * the instance's shortage then runs before the exit on the real clock, whose timers run in whole
 * milliseconds, is the lifecycle's to ensure (container-run.ts, exitDue).
 */
export const LAST_USE_MICROS = 1;

/**
 * When a script that ran `elapsed` ends: a use that changes at its last instant (`mem 8Gi` as the
 * last statement) is in force for LAST_USE_MICROS, so that the limits of workload/ can kill it, as
 * the kernel would have at the allocation.
 */
function exitAfter(elapsed: Micros, usage: readonly TimedChange[]): Micros {
  return usage.some((u) => u.after === elapsed) ? elapsed + LAST_USE_MICROS : elapsed;
}

/** Runs a script (the rules above) for what it writes and how it ends. */
export function runScript(commands: readonly string[], args: readonly string[], env: OutputEnv = NO_ENV): ScriptRun {
  const script = scriptOf(commands, args);
  // The image's own entrypoint: what a known image prints as it starts (script-output.ts).
  if (script === '') return { fate: RUNS, writes: imageStartup(env, false), usage: [], repeats: [] };
  // sh reads the whole script before it runs any of it: an open quote fails it at once (dash's words).
  if (unterminatedQuote(script))
    return {
      fate: { kind: 'exits', after: 0, exitCode: 2 },
      writes: [{ after: 0, text: 'sh: 1: Syntax error: Unterminated quoted string\n' }],
      usage: [],
      repeats: [],
    };
  const parts = splitStatements(script);
  const writes: Write[] = [];
  const usage: TimedChange[] = [];
  const repeats: RepeatedWrite[] = [];
  let elapsed = 0;
  let status = 0;
  let connector = ';';
  for (let i = 0; i < parts.length; i += 2) {
    const text = parts[i]!.trim();
    const skip = (connector === '&&' && status !== 0) || (connector === '||' && status === 0);
    connector = parts[i + 1] ?? ';';
    if (text === '' || skip) continue;
    const exit = /^exit(?:\s+(\S+))?$/.exec(text);
    if (exit) {
      // `exit` alone or `exit $?` keeps the last status; a number is taken modulo 256, as sh does.
      const code = /^\d+$/.test(exit[1] ?? '') ? Number(exit[1]) % 256 : status;
      return { fate: { kind: 'exits', after: exitAfter(elapsed, usage), exitCode: code }, writes, usage, repeats };
    }
    const step = statement(text, env);
    if (step === 'forever') {
      // A program the emulator does not know runs until deleted; a known server writes its start-up.
      writes.push(...imageStartup(env, true, words(text)[0] ?? '').map((w) => ({ ...w, after: w.after + elapsed })));
      return { fate: RUNS, writes, usage, repeats };
    }
    if (step.output) writes.push({ after: elapsed, text: step.output });
    if (step.workload?.kind === 'usage') usage.push({ after: elapsed, change: step.workload.change });
    if (step.workload?.kind === 'log') {
      writes.push({ after: elapsed, text: `${step.workload.text}\n` });
      if (step.workload.every) repeats.push({ after: elapsed + step.workload.every, every: step.workload.every, text: `${step.workload.text}\n` });
    }
    elapsed += step.after;
    status = step.status;
  }
  return { fate: { kind: 'exits', after: exitAfter(elapsed, usage), exitCode: status }, writes, usage, repeats };
}

/**
 * The first workload statement of the script that cannot run (a bad size, rate or duration), as
 * `statement N "text": why`; undefined when there is none. CreateContainerGroup refuses such a script.
 */
export function scriptProblem(commands: readonly string[], args: readonly string[]): string | undefined {
  const script = scriptOf(commands, args);
  if (script === '' || unterminatedQuote(script)) return undefined;
  const parts = splitStatements(script);
  for (let i = 0; i < parts.length; i += 2) {
    const text = parts[i]!.trim();
    const [cmd = '', ...rest] = words(text);
    const work = workloadStep(cmd, rest);
    if (typeof work === 'string') return `statement ${i / 2 + 1} ${JSON.stringify(text)}: ${work}`;
  }
  return undefined;
}

/** Reads a container's fate from its Command and Args (the rules above). */
export function containerFate(commands: readonly string[], args: readonly string[]): ContainerFate {
  return runScript(commands, args).fate;
}
