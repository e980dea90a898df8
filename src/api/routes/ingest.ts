import type { FastifyInstance } from 'fastify';
import { fromRfc3339 } from '../../model/time.js';
import type { ReportInput } from '../../recorder/index.js';
import { ReportError } from '../../recorder/index.js';
import type { ApiDeps } from '../deps.js';
import { callerOf } from '../authenticated.js';
import { toEventJson } from '../event-json.js';

/** Reports in one ingest request at most. */
export const MAX_INGEST_BATCH = 5000;

interface IngestItem {
  object?: ReportInput['object'];
  reason?: string;
  args?: unknown[];
  type?: 'Normal' | 'Warning';
  source?: { component: string; host?: string };
  containerGroupId?: string;
  reportingComponent?: string;
  reportingInstance?: string;
  timestamp?: string;
  idempotencyKey?: string;
}

const itemSchema = {
  type: 'object',
  properties: {
    object: { type: 'object' },
    reason: { type: 'string' },
    args: { type: 'array' },
    type: { type: 'string' },
    source: { type: 'object' },
    containerGroupId: { type: 'string' },
    reportingComponent: { type: 'string' },
    reportingInstance: { type: 'string' },
    timestamp: { type: 'string' },
    // A resend of a report the store already counted (its answer was lost) is not counted again.
    idempotencyKey: { type: 'string' },
  },
};

function toInput(item: IngestItem, account: string): ReportInput {
  let timestamp: number | undefined;
  if (item.timestamp !== undefined) {
    try {
      timestamp = fromRfc3339(item.timestamp);
    } catch (err) {
      throw new ReportError('InvalidField', 'timestamp', (err as Error).message);
    }
  }
  return {
    object: item.object as ReportInput['object'],
    reason: item.reason as string,
    args: item.args ?? [],
    options: {
      account,
      type: item.type,
      source: item.source,
      containerGroupId: item.containerGroupId,
      reportingComponent: item.reportingComponent,
      reportingInstance: item.reportingInstance,
      timestamp,
      idempotencyKey: item.idempotencyKey,
    },
  };
}

/**
 * How each accepted report is answered: `ack` (the default) is `{index, ok, version, count}`,
 * the stored event's change-feed version and its count now, which is all a producer needs to
 * stop resending; `event` is the whole stored event. An event's JSON costs the server about 15 us
 * and 770 bytes per report, most of a 500-report answer's cost; an acknowledgement, about 1 us and
 * 50 bytes.
 */
export const INGEST_ANSWERS = ['ack', 'event'] as const;
export type IngestAnswerShape = (typeof INGEST_ANSWERS)[number];

export function ingestRoutes(app: FastifyInstance, deps: ApiDeps): void {
  app.post<{ Body: { reports: IngestItem[] }; Querystring: { answer?: IngestAnswerShape } }>(
    '/v1/ingest',
    {
      // Each report's text is checked by the recorder and refused alone (InvalidField, its field).
      // Flow control counts a producer's reports, not its requests (AccountThrottle).
      config: { checksTextItself: true, flowControl: 'reports' },
      schema: {
        querystring: { type: 'object', properties: { answer: { type: 'string', enum: [...INGEST_ANSWERS] } } },
        body: {
          type: 'object',
          required: ['reports'],
          additionalProperties: false,
          properties: { reports: { type: 'array', minItems: 1, maxItems: MAX_INGEST_BATCH, items: itemSchema } },
        },
      },
    },
    async (req) => {
      const account = callerOf(req).account;
      const whole = req.query.answer === 'event';
      const results = await Promise.all(
        req.body.reports.map(async (item, index) => {
          try {
            const event = await deps.recorder.reportUnchecked(toInput(item, account));
            return whole
              ? { index, ok: true as const, event: toEventJson(event) }
              : { index, ok: true as const, version: event.resourceVersion, count: event.count };
          } catch (err) {
            if (!(err instanceof ReportError)) throw err;
            return { index, ok: false as const, error: { code: err.code, field: err.field, message: err.message } };
          }
        }),
      );
      const accepted = results.filter((r) => r.ok).length;
      return { accepted, rejected: results.length - accepted, results };
    },
  );
}
