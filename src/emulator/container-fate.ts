// What a container's process does once started. The emulator cannot run images, so it reads the
// container's Command and Args (joined with spaces, a leading `sh -c` / `bash -c` dropped) as a
// tiny shell script of statements separated by `;`, `&&`, `||` or new lines:
//
//   sleep N          waits N seconds (N may be fractional, or end in s/m/h/d), status 0;
//                    `sleep infinity` runs forever
//   exit [N]         exits at once with N (default: the last status)
//   true, :          status 0 at once
//   false            status 1 at once
//   echo ..., printf ...  status 0 at once
//   anything else    a long-running program (a server): runs until the group is deleted
//
// `a && b` runs b only when a's status is 0, `a || b` only when it is not; the script's exit
// code is the last status. No command and no args (the image's own entrypoint) also runs until
// deleted. Quotes around the script or around a statement's words are removed.
import type { Micros } from '../model/event.js';

export type ContainerFate =
  | { kind: 'exits'; after: Micros; exitCode: number }
  | { kind: 'runs' };

const RUNS: ContainerFate = { kind: 'runs' };
const SHELLS = /^(?:\/(?:usr\/)?bin\/)?(?:sh|bash|ash|dash|zsh)$/;
const SLEEP_UNITS: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600, d: 86400 };

function unquote(text: string): string {
  const t = text.trim();
  return /^(['"]).*\1$/s.test(t) ? t.slice(1, -1) : t;
}

/** The script the container runs: Command and Args joined, without a leading shell -c. */
export function scriptOf(commands: readonly string[], args: readonly string[]): string {
  const words = [...commands, ...args];
  if (words.length >= 2 && SHELLS.test(words[0]!) && words[1] === '-c') words.splice(0, 2);
  return unquote(words.join(' '));
}

type Step = { after: Micros; status: number } | 'forever';

function statement(text: string): Step {
  const words = text.trim().split(/\s+/).map(unquote);
  const [cmd = '', ...rest] = words;
  switch (cmd) {
    case 'true':
    case ':':
    case 'echo':
    case 'printf':
      return { after: 0, status: 0 };
    case 'false':
      return { after: 0, status: 1 };
    case 'sleep': {
      if (rest[0] === 'infinity') return 'forever';
      const m = /^(\d+(?:\.\d+)?)([smhd]?)$/.exec(rest[0] ?? '');
      if (!m) return { after: 0, status: 1 }; // sleep with a bad operand fails at once, as coreutils'
      return { after: Math.round(Number(m[1]) * SLEEP_UNITS[m[2]!]! * 1_000_000), status: 0 };
    }
    default:
      return 'forever';
  }
}

/** Reads a container's fate from its Command and Args (the rules above). */
export function containerFate(commands: readonly string[], args: readonly string[]): ContainerFate {
  const script = scriptOf(commands, args);
  if (script === '') return RUNS;
  // Tokens alternate: statement, separator, statement...
  const parts = script.split(/(&&|\|\||;|\n)/);
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
      return { kind: 'exits', after: elapsed, exitCode: code };
    }
    const step = statement(text);
    if (step === 'forever') return RUNS;
    elapsed += step.after;
    status = step.status;
  }
  return { kind: 'exits', after: elapsed, exitCode: status };
}
