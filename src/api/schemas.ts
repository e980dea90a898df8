// JSON schemas that several routes' declarations share.

/** `{"error": {"code", "message", ...}}`, the body of every refusal of the HTTP API. */
export const errorSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      additionalProperties: true,
      properties: { code: { type: 'string' }, message: { type: 'string' } },
    },
  },
} as const;

const objectRefSchema = {
  type: 'object',
  required: ['apiVersion', 'kind', 'name', 'namespace', 'uid'],
  properties: {
    apiVersion: { type: 'string' },
    kind: { type: 'string' },
    name: { type: 'string' },
    namespace: { type: 'string' },
    uid: { type: 'string' },
    fieldPath: { type: 'string' },
  },
} as const;

/** An event as toEventJson() renders it (the core/v1 Event, plus its container group). */
export const eventSchema = {
  type: 'object',
  required: ['apiVersion', 'kind', 'metadata', 'involvedObject', 'reason', 'message', 'type', 'count', 'firstTimestamp', 'lastTimestamp', 'source'],
  properties: {
    apiVersion: { type: 'string' },
    kind: { type: 'string' },
    metadata: {
      type: 'object',
      required: ['name', 'namespace', 'uid', 'resourceVersion', 'creationTimestamp'],
      properties: {
        name: { type: 'string' },
        namespace: { type: 'string' },
        uid: { type: 'string' },
        resourceVersion: { type: 'string' },
        creationTimestamp: { type: 'string' },
      },
    },
    involvedObject: objectRefSchema,
    reason: { type: 'string' },
    message: { type: 'string' },
    type: { type: 'string', enum: ['Normal', 'Warning'] },
    count: { type: 'integer' },
    firstTimestamp: { type: 'string' },
    lastTimestamp: { type: 'string' },
    source: { type: 'object', required: ['component'], properties: { component: { type: 'string' }, host: { type: 'string' } } },
    reportingComponent: { type: 'string' },
    reportingInstance: { type: 'string' },
    containerGroupId: { type: 'string' },
  },
} as const;
