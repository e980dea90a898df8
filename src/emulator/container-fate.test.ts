import { describe, expect, it } from 'vitest';
import { containerFate, scriptOf } from './container-fate.js';

const S = 1_000_000;

describe('containerFate', () => {
  const cases: [string, string[], string[], ReturnType<typeof containerFate>][] = [
    ['no command: the image entrypoint runs until deleted', [], [], { kind: 'runs' }],
    ['a server runs until deleted', ['nginx', '-g', 'daemon off;'], [], { kind: 'runs' }],
    ['sleep N then exit 0', ['sleep'], ['5'], { kind: 'exits', after: 5 * S, exitCode: 0 }],
    ['fractional and suffixed sleeps add up', ['sh', '-c'], ['sleep 1.5; sleep 2m'], { kind: 'exits', after: 121.5 * S, exitCode: 0 }],
    ['sleep infinity runs until deleted', ['sleep', 'infinity'], [], { kind: 'runs' }],
    ['true exits 0 at once', ['true'], [], { kind: 'exits', after: 0, exitCode: 0 }],
    ['echo exits 0 at once', ['/bin/sh', '-c', 'echo hello world'], [], { kind: 'exits', after: 0, exitCode: 0 }],
    ['false exits 1 at once', ['false'], [], { kind: 'exits', after: 0, exitCode: 1 }],
    ['a trailing exit N exits with N after what precedes it', ['sh', '-c'], ['sleep 3; exit 7'], { kind: 'exits', after: 3 * S, exitCode: 7 }],
    ['exit alone keeps the last status', ['sh', '-c', 'false; exit'], [], { kind: 'exits', after: 0, exitCode: 1 }],
    ['exit codes wrap at 256 as in sh', ['sh', '-c', 'exit 300'], [], { kind: 'exits', after: 0, exitCode: 44 }],
    ['&& stops at a failure', ['bash', '-c', 'false && sleep 10'], [], { kind: 'exits', after: 0, exitCode: 1 }],
    ['|| runs only after a failure', ['sh', '-c', 'true || sleep 10'], [], { kind: 'exits', after: 0, exitCode: 0 }],
    ['a server after a sleep still runs until deleted', ['sh', '-c', 'sleep 2; exec python app.py'], [], { kind: 'runs' }],
    ['quotes around the script are removed', ['sh', '-c', '"sleep 1; exit 2"'], [], { kind: 'exits', after: S, exitCode: 2 }],
    ['statements on several lines', ['sh', '-c', 'echo start\nsleep 1\nexit 3'], [], { kind: 'exits', after: S, exitCode: 3 }],
  ];
  for (const [name, commands, args, fate] of cases) {
    it(name, () => expect(containerFate(commands, args)).toEqual(fate));
  }

  it('joins Command and Args and drops a leading shell -c', () => {
    expect(scriptOf(['/bin/bash', '-c'], ['sleep 5'])).toBe('sleep 5');
    expect(scriptOf(['python'], ['app.py'])).toBe('python app.py');
  });
});
