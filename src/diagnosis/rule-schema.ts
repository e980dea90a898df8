// The diagnosis rule file's schema (rules/diagnosis/causes.json): one TypeBox definition gives the
// type the engine runs on and the JSON Schema docs/diagnosis.schema.json publishes; the loader
// checks the file against it, then against the catalog, before the service listens.
import { Type, type Static } from '@sinclair/typebox';

const strict = { additionalProperties: false } as const;

export const ROLES = ['cause', 'consequence', 'info'] as const;
export type Role = (typeof ROLES)[number];

/** How much a cause matters to the group: it cannot run, it runs but will not for long, or nothing to act on. */
export const IMPACTS = ['blocks', 'threatens', 'notice'] as const;
export type Impact = (typeof IMPACTS)[number];

/** The world probes a rule may ask for (probes.ts): each adds facts, and slots, from what is known. */
export const PROBES = ['stock', 'vswitch', 'security-group', 'balance', 'quota', 'spot', 'maintenance', 'memory', 'exit', 'host'] as const;
export type ProbeName = (typeof PROBES)[number];

const Reason = Type.String({ minLength: 1, description: 'a reason of the catalog (seed rows and the Kubernetes agent rows)' });
const Text = (description: string) =>
  Type.String({
    minLength: 1,
    description: `${description}. Slots: {1}, {2}... the message's template arguments; {NAME} a capture of \`capture\` or a probe's value; {group.FIELD} the group's own values (instanceType, zoneId, regionId, vSwitchId, securityGroupId, name, id); {container}; {count}; {slot|fallback} when the slot may be empty`,
  });

export const DiagnosisRuleSchema = Type.Object(
  {
    name: Type.String({ pattern: '^[a-z0-9][a-z0-9-]*$', maxLength: 64, description: 'unique in the file; the JSON answers name causes by it' }),
    reason: Reason,
    template: Type.Optional(
      Type.String({
        minLength: 1,
        description: "the catalog row's message template, when the reason has several rows that mean different things (default: every row of the reason)",
      }),
    ),
    when: Type.Optional(
      Type.String({
        minLength: 1,
        description:
          'a regular expression the message must match for this rule to apply; rules are tried in file order, and every row needs one rule without `when`',
      }),
    ),
    role: Type.Union(
      ROLES.map((r) => Type.Literal(r)),
      {
        description:
          'cause: a reason the group is not (or was not) healthy; consequence: follows from one of `of`, and stands as a cause when none of them is there; info: progress or a success, never a cause',
      },
    ),
    category: Type.Optional(
      Type.String({
        pattern: '^[a-z][a-z-]*$',
        description:
          'what the cause is about: stock, quota, network, account, spot, host, image, image-cache, data-cache, memory, disk, crash, request, platform, logging, virtual-node...',
      }),
    ),
    impact: Type.Optional(
      Type.Union(
        IMPACTS.map((i) => Type.Literal(i)),
        {
          description:
            'causes and consequences (required there): blocks makes the group unhealthy, threatens too (it runs but will not for long), notice never does',
        },
      ),
    ),
    rank: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 100,
        description: 'causes and consequences (required there): causes of the same impact are ordered by it, highest first',
      }),
    ),
    capture: Type.Optional(
      Type.String({ minLength: 1, description: 'a regular expression with named groups (?<name>...) over the message: its captures are slots' }),
    ),
    title: Type.Optional(Text('causes and consequences (required there): one line naming the cause with its values')),
    remedy: Type.Optional(Text("causes and consequences (required there): what to do, from the seed's description, with the group's values")),
    of: Type.Optional(
      Type.Array(Type.String({ minLength: 1 }), {
        minItems: 1,
        uniqueItems: true,
        description:
          'consequences (required there): the reasons (or rule names) it follows from; the newest such cause of the group (of the same container when both name one) takes it as evidence',
      }),
    ),
    resolvedBy: Type.Optional(
      Type.Array(Reason, {
        uniqueItems: true,
        description: 'reasons whose later occurrence (of the same container when both name one) fixes the cause: it is shown as past',
      }),
    ),
    stableFor: Type.Optional(
      Type.String({
        pattern: '^(?:\\d+(?:\\.\\d+)?(?:ms|s|m|h|d))+$',
        description:
          "a resolution counts only once this long has passed since it without the cause coming back (a crash loop's restart is not a fix); e.g. 10m",
      }),
    ),
    groupBy: Type.Optional(
      Type.Array(Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_.]*$' }), {
        uniqueItems: true,
        description:
          'slots whose values keep groups apart in the account-wide view (default: one entry per rule); e.g. [instanceType]: NoStock of each type, its zones merged',
      }),
    ),
    probes: Type.Optional(
      Type.Array(Type.Union(PROBES.map((p) => Type.Literal(p))), {
        uniqueItems: true,
        description: 'what to read of the group and the world for this cause (facts and slots); see docs/DIAGNOSIS.md',
      }),
    ),
  },
  strict,
);

export const DiagnosisRuleFileSchema = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    description: Type.Optional(Type.String()),
    rules: Type.Array(DiagnosisRuleSchema, { minItems: 1 }),
  },
  { ...strict, title: 'eci-events diagnosis rule file', description: 'How the events of a container group explain its state. Reference: docs/DIAGNOSIS.md' },
);

export type DiagnosisRuleSpec = Static<typeof DiagnosisRuleSchema>;
export type DiagnosisRuleFile = Static<typeof DiagnosisRuleFileSchema>;
