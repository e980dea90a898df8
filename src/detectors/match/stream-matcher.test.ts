// The matcher's own rules, as a table of named scenarios: sequences within a window, context
// lines that lend captures only while inside it, a newer first line restarting a sequence.
import { describe, expect, it } from 'vitest';
import type { CompiledLogRule } from '../rules/compiled.js';
import { compileTemplate } from '../rules/template.js';
import { StreamMatcher } from './stream-matcher.js';

function rule(
  over: Partial<Omit<CompiledLogRule, 'patterns' | 'context' | 'message'>> & { patterns: string[]; context?: string[]; message?: string },
): CompiledLogRule {
  return {
    file: 't.json',
    name: 'r',
    reason: 'OOMKilled',
    type: undefined,
    attribution: {},
    component: 'EciService',
    window: over.patterns.length,
    ...over,
    patterns: over.patterns.map((p) => new RegExp(p)),
    context: (over.context ?? []).map((p) => new RegExp(p)),
    message: compileTemplate(over.message ?? '{match}'),
  };
}

function run(r: CompiledLogRule, lines: string[]): Array<[number, string, Record<string, string>]> {
  const m = new StreamMatcher([r]);
  return lines.flatMap((l) => (m.feed(l) ?? []).map((x): [number, string, Record<string, string>] => [x.lineNo, x.message, x.captures]));
}

describe('StreamMatcher', () => {
  const seq = rule({ patterns: ['start (?<a>\\d+)', 'end (?<b>\\d+)'], window: 3, message: '{a}-{b}: {line}' });

  const scenarios: Array<[string, CompiledLogRule, string[], Array<[number, string, Record<string, string>]>]> = [
    [
      'a single pattern raises on each matching line',
      rule({ patterns: ['x=(?<x>\\d)'] }),
      ['x=1', 'y', 'x=2'],
      [
        [1, 'x=1', { x: '1' }],
        [3, 'x=2', { x: '2' }],
      ],
    ],
    ['a sequence raises on its last line, with the captures of all', seq, ['start 1', 'noise', 'end 2'], [[3, '1-2: end 2', { a: '1', b: '2' }]]],
    ['a sequence past its window does not raise', seq, ['start 1', 'noise', 'noise', 'end 2'], []],
    ['a newer first line restarts the sequence', seq, ['start 1', 'start 3', 'noise', 'end 4'], [[4, '3-4: end 4', { a: '3', b: '4' }]]],
    ['the last step alone raises nothing', seq, ['end 2', 'end 3'], []],
    [
      'context within the window lends its captures; the latest wins',
      rule({ patterns: ['kill (?<pid>\\d+)'], context: ['in (?<cg>\\S+)'], window: 3 }),
      ['in /a', 'in /b', 'kill 7'],
      [[3, 'kill 7', { cg: '/b', pid: '7' }]],
    ],
    [
      'context older than the window lends nothing',
      rule({ patterns: ['kill (?<pid>\\d+)'], context: ['in (?<cg>\\S+)'], window: 2 }),
      ['in /a', 'noise', 'kill 7'],
      [[3, 'kill 7', { pid: '7' }]],
    ],
    [
      'a pattern capture wins over a context capture of the same name',
      rule({ patterns: ['kill (?<cg>\\d+)'], context: ['in (?<cg>\\S+)'], window: 5 }),
      ['in /a', 'kill 7'],
      [[2, 'kill 7', { cg: '7' }]],
    ],
    ['a capture that did not take part renders empty', rule({ patterns: ['a(?<x>b)?'], message: '[{x}]' }), ['a'], [[1, '[]', {}]]],
  ];

  for (const [name, r, lines, expected] of scenarios) it(name, () => expect(run(r, lines)).toEqual(expected));

  it('allocates nothing for a line no rule matches', () => {
    expect(new StreamMatcher([seq]).feed('nothing here')).toBeUndefined();
  });

  it('reaches as far back as its longest window', () => {
    expect(new StreamMatcher([seq, rule({ patterns: ['x'], window: 40 })]).reach).toBe(40);
  });
});
