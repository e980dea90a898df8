// The README's CLI section is where a user looks up a command: every option of a command it gives
// a synopsis line for is written in the README, so none is found only by reading --help.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../src/cli/program.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const cliSection = readme.slice(readme.indexOf('## The CLI'), readme.indexOf('\n## ', readme.indexOf('## The CLI') + 1));
/** The first word after `eci-events` of each line of the section's synopsis block. */
const synopsisCommands = new Set(
  cliSection
    .split('```')[1]!
    .split('\n')
    .filter((l) => l.startsWith('eci-events '))
    .map((l) => l.split(' ')[1]!),
);

/** Every long option of a command and of its subcommands, with the command's path. */
function options(command: Command, path: string[] = []): Array<[string, string]> {
  return command.commands.flatMap((sub) => {
    const at = [...path, sub.name()];
    const own = sub.options.map((o) => [at.join(' '), o.long!] as [string, string]).filter(([, long]) => long !== undefined && long !== '--help');
    return [...own, ...options(sub, at)];
  });
}

/** Whether the README names the option (`--name` is not found in `--namespace`). */
const named = (long: string) => new RegExp(`${long.replace(/-/g, '\\-')}(?![\\w-])`).test(readme);

describe("the README's CLI section", () => {
  const program = buildProgram({ out() {}, err() {}, columns: 80 }, () => {});
  const documented = options(program).filter(([path]) => synopsisCommands.has(path.split(' ')[0]!));

  it('gives a synopsis line to the commands a user starts with', () => {
    expect([...synopsisCommands]).toEqual(
      expect.arrayContaining([
        'serve',
        'report',
        'events',
        'groups',
        'explain',
        'agent',
        'keys',
        'fault',
        'logs',
        'virtual-nodes',
        'data-caches',
        'resources',
        'commits',
      ]),
    );
  });

  it('names every option of those commands', () => {
    expect(documented.length).toBeGreaterThan(50);
    expect(documented.filter(([, long]) => !named(long))).toEqual([]);
  });

  it('lists every option of report in its synopsis line', () => {
    const line = cliSection.split('\n').find((l) => l.startsWith('eci-events report '))!;
    const missing = documented.filter(
      ([path, long]) => path === 'report' && !['--endpoint', '--access-key-id', '--access-key-secret'].includes(long) && !line.includes(long),
    );
    expect(missing).toEqual([]);
  });
});
