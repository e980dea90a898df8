// The rule file's schema, as node-problem-detector's kernel-monitor.json is a Go struct: one
// TypeBox definition gives the TypeScript type the agent runs on and the JSON Schema that
// docs/rules.schema.json publishes; the loader checks every file against it before anything else.
import { Type, type Static } from '@sinclair/typebox';

const strict = { additionalProperties: false } as const;

const RuleName = Type.String({
  pattern: '^[a-z0-9][a-z0-9-]*$',
  maxLength: 64,
  description: "unique among all rule files of the agent; part of every report's idempotency key, so keep it stable",
});
const Reason = Type.String({
  minLength: 1,
  description: 'a System O&M reason of the catalog: OOMKilled, PodOOMKilled, DiskFull, NfsError, GPULostCard, RuntimeIssueDetected, ...',
});
const EventTypeSchema = Type.Union([Type.Literal('Warning'), Type.Literal('Normal')], { description: "default: the catalog's type of the reason" });
const Regex = Type.String({ minLength: 1, description: 'a JavaScript regular expression without delimiters; named groups (?<name>...) are captures' });
const Capture = Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_]*$', description: "the name of a capture of the rule's patterns or context" });
const Duration = (description: string) => Type.String({ pattern: '^(?:\\d+(?:\\.\\d+)?(?:ms|s|m|h|d))+$', description: `${description}; e.g. 30s, 5m, 1h` });
const Component = Type.String({ minLength: 1, maxLength: 253, description: 'the source component of the events (default EciService, as the seed shows them)' });
const Description = Type.String({ description: 'what the file or rule is for; not read by the agent' });

export const AttributionSchema = Type.Object(
  {
    group: Type.Optional(Capture),
    container: Type.Optional(Capture),
    cgroup: Type.Optional(Capture),
    pid: Type.Optional(Capture),
  },
  {
    ...strict,
    description:
      "captures that say whose event it is, tried in this order: group (an eci- id in the line), cgroup (a cgroup path carrying the group id, or mapped to it), pid (the process's group, from the map file or /proc/PID/cgroup); container names the container. Nothing found: the agent's --group, else the host",
  },
);

export const LogRuleSchema = Type.Object(
  {
    name: RuleName,
    description: Type.Optional(Description),
    reason: Reason,
    type: Type.Optional(EventTypeSchema),
    patterns: Type.Array(Regex, {
      minItems: 1,
      maxItems: 16,
      description: 'lines that must all appear, in this order, within `window` lines; the last one raises the event',
    }),
    context: Type.Optional(
      Type.Array(Regex, {
        maxItems: 16,
        description: "lines that may appear within `window` lines before the event's line; the latest of each lends its captures (for attribution)",
      }),
    ),
    window: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 100_000,
        description: "lines from the first pattern's line (or the oldest context line) to the event's line, both counted (default: the number of patterns)",
      }),
    ),
    ignoreCase: Type.Optional(Type.Boolean({ description: 'match letters of either case (default false)' })),
    message: Type.Optional(
      Type.String({
        minLength: 1,
        description: "the event's message: {match} is the text the last pattern matched (the default), {line} the whole line, {NAME} a capture",
      }),
    ),
    attribution: Type.Optional(AttributionSchema),
  },
  strict,
);

export const LogRuleFileSchema = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    description: Type.Optional(Description),
    source: Type.Union([Type.Literal('kmsg'), Type.Literal('file'), Type.Literal('stdin')], {
      description:
        "kmsg: the kernel ring buffer (/dev/kmsg records); file: a log file followed across rotation and truncation; stdin: the agent's standard input",
    }),
    path: Type.Optional(Type.String({ minLength: 1, description: "file: the log file (required); kmsg: default /dev/kmsg (the agent's --kmsg overrides it)" })),
    start: Type.Optional(
      Type.Union([Type.Literal('end'), Type.Literal('beginning')], {
        description: "file, on the agent's first run: read from the end (default) or the beginning",
      }),
    ),
    lookback: Type.Optional(Duration("kmsg, on the agent's first run: records younger than this are reported (default 5m)")),
    component: Type.Optional(Component),
    rules: Type.Array(LogRuleSchema, { minItems: 1 }),
  },
  strict,
);

export const DiskRuleSchema = Type.Object(
  {
    name: RuleName,
    description: Type.Optional(Description),
    reason: Reason,
    type: Type.Optional(EventTypeSchema),
    path: Type.String({ minLength: 1, description: 'a path on the file system to watch (statfs)' }),
    usedPercent: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 100, description: 'full when at least this share of the space is used' })),
    freeBytes: Type.Optional(Type.Integer({ minimum: 0, description: 'full when less than this many bytes are free to unprivileged users' })),
    message: Type.Optional(
      Type.String({
        minLength: 1,
        description: "the message: {path}, {usedPercent}, {freeBytes}, {totalBytes} (default: the seed's DiskFull message with the path and its use)",
      }),
    ),
    group: Type.Optional(
      Type.String({ pattern: '^eci-[0-9a-z]+$', description: "the container group the disk belongs to (default: the agent's --group, else the host)" }),
    ),
    container: Type.Optional(Type.String({ minLength: 1, maxLength: 253, description: 'the container the disk belongs to' })),
  },
  strict,
);

export const DiskRuleFileSchema = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    description: Type.Optional(Description),
    source: Type.Literal('disk', { description: "disk: statfs of each rule's path every `interval`" }),
    interval: Type.Optional(Duration('how often each path is checked (default 30s)')),
    component: Type.Optional(Component),
    rules: Type.Array(DiskRuleSchema, { minItems: 1 }),
  },
  strict,
);

export const RuleFileSchema = Type.Union([LogRuleFileSchema, DiskRuleFileSchema], {
  title: 'eci-events agent rule file',
  description: 'One source and the rules that turn its lines (or disk usage) into System O&M events. Reference: docs/AGENT.md',
});

export type Attribution = Static<typeof AttributionSchema>;
export type LogRule = Static<typeof LogRuleSchema>;
export type LogRuleFile = Static<typeof LogRuleFileSchema>;
export type DiskRule = Static<typeof DiskRuleSchema>;
export type DiskRuleFile = Static<typeof DiskRuleFileSchema>;
export type RuleFile = Static<typeof RuleFileSchema>;
