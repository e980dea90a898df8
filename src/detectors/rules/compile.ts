// From a schema-checked rule file to compiled rules: regexes compile here, at load, so a bad
// pattern stops the agent at start naming the file, the rule and the reason, never at 3 a.m.
import type { Catalog } from '../../catalog/index.js';
import { parseDuration } from '../../model/duration.js';
import {
  DEFAULT_COMPONENT,
  DEFAULT_DISK_INTERVAL,
  DEFAULT_DISK_MESSAGE,
  DEFAULT_KMSG_LOOKBACK,
  DEFAULT_KMSG_PATH,
  DEFAULT_LOG_MESSAGE,
  type CompiledDiskFile,
  type CompiledLogFile,
  type CompiledLogRule,
  type CompiledRuleFile,
} from './compiled.js';
import type { DiskRuleFile, LogRule, LogRuleFile, RuleFile } from './schema.js';
import { compileTemplate } from './template.js';

/** Placeholders every log rule's message may use besides its captures. */
const LOG_NAMES = new Set(['match', 'line']);
const DISK_NAMES = new Set(['path', 'usedPercent', 'freeBytes', 'totalBytes']);

/** The names of a regex's named groups: an alternative that matches '' makes exec show them all. */
function groupNames(re: RegExp): string[] {
  return Object.keys(new RegExp(`(?:${re.source})|`, re.flags).exec('')?.groups ?? {});
}

function compileRegex(source: string, flags: string, where: string, problems: string[]): RegExp | undefined {
  try {
    return new RegExp(source, flags);
  } catch (err) {
    problems.push(`${where}: ${(err as Error).message}`);
    return undefined;
  }
}

function checkReason(catalog: Catalog, reason: string, where: string, problems: string[]): void {
  const rows = catalog.rowsFor(reason);
  if (rows.length === 0) problems.push(`${where}: reason ${JSON.stringify(reason)} is not in the event catalog`);
  else if (!rows.some((r) => r.exampleMessage)) {
    problems.push(`${where}: reason ${reason} is not a System O&M event (only those take the observed message)`);
  }
}

function compileLogRule(file: string, spec: LogRuleFile, rule: LogRule, catalog: Catalog, problems: string[]): CompiledLogRule | undefined {
  const at = `rule "${rule.name}"`;
  const before = problems.length;
  checkReason(catalog, rule.reason, at, problems);
  const flags = rule.ignoreCase ? 'i' : '';
  const patterns = rule.patterns.map((p, i) => compileRegex(p, flags, `${at}: patterns[${i}]`, problems));
  const context = (rule.context ?? []).map((p, i) => compileRegex(p, flags, `${at}: context[${i}]`, problems));
  if (problems.length > before) return undefined;
  const regexes = [...patterns, ...context] as RegExp[];
  const captures = new Set(regexes.flatMap(groupNames));
  const message = compileTemplate(rule.message ?? DEFAULT_LOG_MESSAGE);
  for (const name of message.names) {
    if (!captures.has(name) && !LOG_NAMES.has(name)) problems.push(`${at}: message uses {${name}}, which no pattern or context captures`);
  }
  for (const [field, name] of Object.entries(rule.attribution ?? {})) {
    if (!captures.has(name)) problems.push(`${at}: attribution.${field} names the capture "${name}", which no pattern or context has`);
  }
  if (rule.context?.length && rule.window === undefined) problems.push(`${at}: context needs a window (how many lines back a context line may be)`);
  const window = rule.window ?? rule.patterns.length;
  if (window < rule.patterns.length) problems.push(`${at}: window ${window} is shorter than its ${rule.patterns.length} patterns`);
  if (problems.length > before) return undefined;
  return {
    file,
    name: rule.name,
    reason: rule.reason,
    type: rule.type,
    window,
    message,
    patterns: patterns as RegExp[],
    context: context as RegExp[],
    attribution: rule.attribution ?? {},
    component: spec.component ?? DEFAULT_COMPONENT,
  };
}

function compileLogFile(file: string, spec: LogRuleFile, catalog: Catalog, problems: string[]): CompiledLogFile {
  if (spec.source === 'file' && spec.path === undefined) problems.push('source file needs a path');
  if (spec.source === 'stdin' && spec.path !== undefined) problems.push('source stdin takes no path');
  if (spec.start !== undefined && spec.source !== 'file') problems.push('start is for source file only');
  if (spec.lookback !== undefined && spec.source !== 'kmsg') problems.push('lookback is for source kmsg only');
  const rules = spec.rules.map((r) => compileLogRule(file, spec, r, catalog, problems)).filter((r) => r !== undefined);
  return {
    kind: 'log',
    file,
    source: {
      kind: spec.source,
      path: spec.source === 'kmsg' ? (spec.path ?? DEFAULT_KMSG_PATH) : spec.path,
      start: spec.start ?? 'end',
      lookbackMicros: parseDuration(spec.lookback ?? DEFAULT_KMSG_LOOKBACK),
    },
    rules,
  };
}

function compileDiskFile(file: string, spec: DiskRuleFile, catalog: Catalog, problems: string[]): CompiledDiskFile {
  const rules = spec.rules.map((rule) => {
    const at = `rule "${rule.name}"`;
    checkReason(catalog, rule.reason, at, problems);
    if ((rule.usedPercent === undefined) === (rule.freeBytes === undefined)) problems.push(`${at}: give exactly one threshold, usedPercent or freeBytes`);
    const message = compileTemplate(rule.message ?? DEFAULT_DISK_MESSAGE);
    for (const name of message.names)
      if (!DISK_NAMES.has(name)) problems.push(`${at}: message uses {${name}}; a disk rule knows ${[...DISK_NAMES].map((n) => `{${n}}`).join(', ')}`);
    return {
      file,
      name: rule.name,
      reason: rule.reason,
      type: rule.type,
      path: rule.path,
      usedPercent: rule.usedPercent,
      freeBytes: rule.freeBytes,
      message,
      group: rule.group,
      container: rule.container,
      component: spec.component ?? DEFAULT_COMPONENT,
    };
  });
  return { kind: 'disk', file, intervalMs: parseDuration(spec.interval ?? DEFAULT_DISK_INTERVAL) / 1000, rules };
}

/** Compiles one schema-checked file; problems are pushed as "rule "NAME": reason" (the loader adds the file). */
export function compileRuleFile(file: string, spec: RuleFile, catalog: Catalog, problems: string[]): CompiledRuleFile {
  const names = new Set<string>();
  for (const rule of spec.rules) {
    if (names.has(rule.name)) problems.push(`rule "${rule.name}": the name is used twice in this file`);
    names.add(rule.name);
  }
  return spec.source === 'disk' ? compileDiskFile(file, spec, catalog, problems) : compileLogFile(file, spec, catalog, problems);
}
