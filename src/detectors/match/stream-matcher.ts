// Matching one stream of lines against the rules of its source. Pure and synchronous: lines in,
// matches out; the sources, the attribution and the spool are elsewhere. A rule's patterns are
// steps that must match in order within its window of lines (the OOM report spans several); its
// context lines lend their captures when they were seen within the window before the event.
import type { CompiledLogRule } from '../rules/compiled.js';
import { renderTemplate } from '../rules/template.js';

export type Captures = Record<string, string>;

export interface LineMatch {
  rule: CompiledLogRule;
  /** Named captures of the rule's lines: context first, then the patterns', later ones winning. */
  captures: Captures;
  /** The rendered message. */
  message: string;
  /** The number of the line (from 1, in this matcher) that raised the event. */
  lineNo: number;
}

interface RuleState {
  rule: CompiledLogRule;
  /** The pattern expected next (0: none of the sequence seen yet). */
  step: number;
  /** The line of the sequence's first pattern. */
  start: number;
  captures: Captures | undefined;
  /** Per context pattern: the line it last matched and its captures. */
  contextLine: number[];
  contextCaptures: Array<Captures | undefined>;
}

function addGroups(into: Captures, groups: Record<string, string | undefined> | undefined): Captures {
  if (groups) for (const k in groups) if (groups[k] !== undefined) into[k] = groups[k]!;
  return into;
}

export class StreamMatcher {
  private lineNo = 0;
  private readonly states: RuleState[];
  /** The longest window of the rules: how many lines back a match may still reach. */
  readonly reach: number;

  constructor(rules: readonly CompiledLogRule[]) {
    this.states = rules.map((rule) => ({
      rule,
      step: 0,
      start: 0,
      captures: undefined,
      contextLine: rule.context.map(() => -Infinity),
      contextCaptures: rule.context.map(() => undefined),
    }));
    this.reach = Math.max(1, ...rules.map((r) => r.window));
  }

  /** Lines fed so far. */
  get lines(): number {
    return this.lineNo;
  }

  /** Feeds one line (without its newline); returns what it completed, or undefined (the usual case, no allocation). */
  feed(line: string): LineMatch[] | undefined {
    const n = ++this.lineNo;
    let out: LineMatch[] | undefined;
    for (const s of this.states) {
      const { rule } = s;
      for (let i = 0; i < rule.context.length; i++) {
        const m = rule.context[i]!.exec(line);
        if (m) {
          s.contextLine[i] = n;
          s.contextCaptures[i] = addGroups({}, m.groups);
        }
      }
      if (s.step > 0 && n - s.start >= rule.window) s.step = 0;
      let m: RegExpExecArray | null = null;
      if (s.step > 0) {
        m = rule.patterns[s.step]!.exec(line);
        if (m) {
          addGroups(s.captures!, m.groups);
          s.step++;
        }
      }
      // Not the next step: the line may begin the sequence afresh (a newer report).
      if (!m) {
        m = rule.patterns[0]!.exec(line);
        if (!m) continue;
        s.step = 1;
        s.start = n;
        s.captures = addGroups({}, m.groups);
      }
      if (s.step < rule.patterns.length) continue;
      s.step = 0;
      (out ??= []).push(this.complete(s, n, m[0], line));
    }
    return out;
  }

  private complete(s: RuleState, n: number, matched: string, line: string): LineMatch {
    const captures: Captures = {};
    // Context lines older than the window say nothing about this event.
    const order = s.contextLine
      .map((at, i) => [at, i] as const)
      .filter(([at]) => n - at < s.rule.window)
      .sort((a, b) => a[0] - b[0]);
    for (const [, i] of order) Object.assign(captures, s.contextCaptures[i]);
    Object.assign(captures, s.captures);
    const message = renderTemplate(s.rule.message, { ...captures, match: matched, line });
    return { rule: s.rule, captures, message, lineNo: n };
  }
}
