// Replaying a kernel log fixture through the shipped rules, as the agent reads it: bytes split
// into lines (in chunks of any size), kmsg records parsed, lines matched, matches attributed.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { catalog } from '../../src/catalog/index.js';
import { Attributor, type Subject } from '../../src/detectors/attribution/attributor.js';
import { WatchedMap } from '../../src/detectors/attribution/map-file.js';
import { StreamMatcher } from '../../src/detectors/match/stream-matcher.js';
import type { CompiledLogRule } from '../../src/detectors/rules/compiled.js';
import { loadRuleDir } from '../../src/detectors/rules/load.js';
import { parseKernelLine } from '../../src/detectors/sources/kmsg-record.js';
import { LineSplitter } from '../../src/detectors/sources/lines.js';

export const RULES_DIR = fileURLToPath(new URL('../../rules', import.meta.url));
export const FIXTURES = fileURLToPath(new URL('../fixtures/kernel', import.meta.url));
export const DEFAULT_GROUP = 'eci-2zedefault0agent00';

/** Every log rule shipped in rules/. */
export function shippedLogRules(): CompiledLogRule[] {
  return loadRuleDir(RULES_DIR, catalog).flatMap((f) => (f.kind === 'log' ? f.rules : []));
}

export function fixtureAttributor(): Attributor {
  return new Attributor({ map: new WatchedMap(`${FIXTURES}/map.json`), defaultGroup: DEFAULT_GROUP, host: 'host-1', procRoot: `${FIXTURES}/proc` });
}

/** The lines of `data` as the agent reads them: the kernel's text of each line of a kmsg source, or the lines themselves. */
export function linesOf(data: Buffer, kmsg: boolean, chunk: (i: number) => number = () => data.length): string[] {
  const splitter = new LineSplitter();
  const lines = [];
  for (let at = 0, i = 0; at < data.length; i++) {
    const n = Math.max(1, chunk(i));
    lines.push(...splitter.push(data.subarray(at, at + n), at));
    at += n;
  }
  lines.push(...splitter.flush());
  if (!kmsg) return lines.map((l) => l.text);
  return lines.map((l) => parseKernelLine(l.text)?.text).filter((t): t is string => t !== undefined);
}

export interface Raised {
  rule: string;
  reason: string;
  subject: Subject;
  message: string;
}

export async function raise(lines: readonly string[], rules: readonly CompiledLogRule[], attributor = fixtureAttributor()): Promise<Raised[]> {
  const matcher = new StreamMatcher(rules);
  const out: Raised[] = [];
  for (const line of lines) {
    for (const m of matcher.feed(line) ?? []) {
      out.push({ rule: m.rule.name, reason: m.rule.reason, subject: await attributor.subject(m.captures, m.rule.attribution), message: m.message });
    }
  }
  return out;
}

export function fixture(name: string): Buffer {
  return readFileSync(`${FIXTURES}/${name}`);
}
