// POST /v1/ingest: the reports producers (the host agent, `eci-events report`, components of the
// platform) send, and the service's answer for each.
import { Type, type Static, type TObject, type TPartial, type TSchema } from '@sinclair/typebox';
import { EventJson, EventTypeJson } from './event-json.js';
import { StringEnum } from './json.js';

/** Reports in one ingest request at most. */
export const MAX_INGEST_BATCH = 5000;

/** The object a report is about: what is left out takes the Kubernetes defaults (kind Pod, apiVersion v1, namespace default). */
export const IngestObject = Type.Object({
  name: Type.String(),
  kind: Type.Optional(Type.String()),
  apiVersion: Type.Optional(Type.String()),
  namespace: Type.Optional(Type.String()),
  uid: Type.Optional(Type.String()),
  fieldPath: Type.Optional(Type.String()),
});

/** One report: a catalog reason and the arguments of its message template. */
export const IngestItem = Type.Object({
  object: IngestObject,
  reason: Type.String(),
  args: Type.Optional(Type.Array(Type.String())),
  /** Default: the catalog row's type (SystemOM rows may be reported as either). */
  type: Type.Optional(EventTypeJson),
  /** Default: component EciService, no host. */
  source: Type.Optional(Type.Object({ component: Type.String(), host: Type.Optional(Type.String()) })),
  containerGroupId: Type.Optional(Type.String()),
  reportingComponent: Type.Optional(Type.String()),
  reportingInstance: Type.Optional(Type.String()),
  /** RFC 3339; default: the service's clock. */
  timestamp: Type.Optional(Type.String()),
  /** A resend of a report the store already counted (its answer was lost) is not counted again. */
  idempotencyKey: Type.Optional(Type.String()),
});
export type IngestItem = Static<typeof IngestItem>;

/**
 * Each field of an object schema checked at its top-level JSON type only, and none required.
 * Typed as the partial object: what is below the top level is for the reader to check.
 */
function fieldTypesOnly<T extends TObject>(schema: T): TPartial<T> {
  const properties = Object.fromEntries(
    Object.entries(schema.properties).map(([name, s]: [string, TSchema]) => [name, Type.Optional(Type.Unsafe({ type: s.type }))]),
  );
  return Type.Object(properties) as unknown as TPartial<T>;
}

const batch = { minItems: 1, maxItems: MAX_INGEST_BATCH };

/** What a producer sends: one to MAX_INGEST_BATCH reports. */
export const IngestRequest = Type.Object({ reports: Type.Array(IngestItem, batch) }, { additionalProperties: false });
export type IngestRequest = Static<typeof IngestRequest>;

/**
 * The request as the route checks it. Each report's content is checked by the recorder and
 * refused alone, its field named (InvalidField object.name...), so that one bad report does not
 * sink its batch: here only each field's JSON type is checked.
 */
export const IngestRequestFieldTypes = Type.Object({ reports: Type.Array(fieldTypesOnly(IngestItem), batch) }, { additionalProperties: false });
export type IngestRequestFieldTypes = Static<typeof IngestRequestFieldTypes>;

/**
 * How each accepted report is answered (`?answer=`): `ack` (the default) is `{index, ok, version,
 * count}`, the stored event's change-feed version and its count now, which is all a producer
 * needs to stop resending; `event` is the whole stored event. An event's JSON costs the server
 * about 15 us and 770 bytes per report, most of a 500-report answer's cost; an acknowledgement,
 * about 1 us and 50 bytes.
 */
export const INGEST_ANSWERS = ['ack', 'event'] as const;
export type IngestAnswerShape = (typeof INGEST_ANSWERS)[number];
export const IngestQuery = Type.Object({ answer: Type.Optional(StringEnum(INGEST_ANSWERS)) });

/**
 * One report's answer, at its index in the request: accepted (`ok`, then `version` and `count`,
 * or `event`), or refused (`error`, with the field at fault). One object with optional fields
 * rather than a union: the answer is serialised without trying each branch.
 */
export const IngestResult = Type.Object({
  index: Type.Integer(),
  ok: Type.Boolean(),
  version: Type.Optional(Type.Integer()),
  count: Type.Optional(Type.Integer()),
  event: Type.Optional(EventJson),
  error: Type.Optional(Type.Object({ code: Type.String(), field: Type.String(), message: Type.String() })),
});
export type IngestResult = Static<typeof IngestResult>;

export const IngestAnswer = Type.Object({ accepted: Type.Integer(), rejected: Type.Integer(), results: Type.Array(IngestResult) });
export type IngestAnswer = Static<typeof IngestAnswer>;
