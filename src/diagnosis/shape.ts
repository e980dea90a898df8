// The JSON shape of a diagnosis: GET /v1/groups/:id/diagnosis, GET /v1/diagnoses and
// `explain --json` answer these. Declared once in TypeBox: the routes' response schemas and the
// engine's types are the same definition. docs/DIAGNOSIS.md describes each field.
import { Type, type Static } from '@sinclair/typebox';
import { IMPACTS } from './rule-schema.js';

const Time = Type.String({ description: 'RFC 3339, whole seconds' });

export const EvidenceSchema = Type.Object({
  role: Type.Union([Type.Literal('cause'), Type.Literal('consequence'), Type.Literal('resolution')]),
  reason: Type.String(),
  type: Type.Union([Type.Literal('Normal'), Type.Literal('Warning')]),
  message: Type.String(),
  count: Type.Integer(),
  firstTimestamp: Time,
  lastTimestamp: Time,
  source: Type.String({ description: 'component/host' }),
  fieldPath: Type.Optional(Type.String({ description: 'the container the event is about: spec.containers{NAME}' })),
});

export const CauseSchema = Type.Object({
  rule: Type.String({ description: 'the rule of rules/diagnosis/causes.json that named it' }),
  reason: Type.String(),
  category: Type.String(),
  impact: Type.Union(IMPACTS.map((i) => Type.Literal(i))),
  rank: Type.Integer(),
  current: Type.Boolean({ description: 'false: a later success fixed it (see resolvedAt)' }),
  resolvedAt: Type.Optional(Time),
  container: Type.Optional(Type.String()),
  title: Type.String(),
  meaning: Type.String({ description: "the catalog's description of the row" }),
  remedy: Type.String(),
  facts: Type.Array(Type.String(), { description: 'what the group and the world say now (e.g. "Zone cn-hangzhou-j has stock of ecs.g7.large.")' }),
  values: Type.Record(Type.String(), Type.String(), { description: 'the slots the title and remedy were filled with' }),
  firstTimestamp: Time,
  lastTimestamp: Time,
  evidence: Type.Array(EvidenceSchema, { description: "oldest first: the cause's events, its consequences, and what resolved it" }),
});

export const GROUP_STATES = ['healthy', 'unhealthy', 'recovered'] as const;

export const DiagnosisSchema = Type.Object({
  containerGroupId: Type.String(),
  name: Type.String(),
  status: Type.Optional(Type.String({ description: "the emulator's status of the group; absent when only its events know it" })),
  state: Type.Union(GROUP_STATES.map((s) => Type.Literal(s))),
  summary: Type.String(),
  grounded: Type.Boolean({ description: "the emulator's world was read (its groups); false: the events alone" }),
  causes: Type.Array(CauseSchema, { description: 'ranked: current before past, then by impact and rank, newest first' }),
  notes: Type.Array(CauseSchema, { description: 'warnings that ask nothing of this group (impact notice)' }),
  events: Type.Integer({ description: 'stored events read' }),
  diagnosedAt: Time,
});

export const RootCauseSchema = Type.Object({
  rule: Type.String(),
  reason: Type.String(),
  category: Type.String(),
  impact: Type.Union(IMPACTS.map((i) => Type.Literal(i))),
  title: Type.String({ description: 'the cause with the values of every group it holds' }),
  summary: Type.String({ description: 'e.g. "12 groups: NoStock of ecs.g7.large in cn-hangzhou-k and -j"' }),
  remedy: Type.String(),
  groups: Type.Integer(),
  containerGroupIds: Type.Array(Type.String()),
});

export const AccountDiagnosesSchema = Type.Object({
  examined: Type.Integer({ description: 'groups looked at' }),
  healthy: Type.Integer(),
  unhealthy: Type.Integer(),
  recovered: Type.Integer(),
  causes: Type.Array(RootCauseSchema, { description: 'unhealthy groups by their first root cause, most groups first' }),
  truncated: Type.Boolean({
    description: "the account has more groups than `limit`: the emulator's groups (newest first) are examined before those only events know (in id order)",
  }),
  diagnosedAt: Time,
});

export type Evidence = Static<typeof EvidenceSchema>;
export type Cause = Static<typeof CauseSchema>;
export type Diagnosis = Static<typeof DiagnosisSchema>;
export type GroupState = (typeof GROUP_STATES)[number];
export type RootCause = Static<typeof RootCauseSchema>;
export type AccountDiagnoses = Static<typeof AccountDiagnosesSchema>;
