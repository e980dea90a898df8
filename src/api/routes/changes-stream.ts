// GET /v1/changes/stream: the caller's account's change feed as Server-Sent Events, from `after`
// (or the Last-Event-ID a reconnecting EventSource sends), new changes within a second; an
// `expired` message, then the end, when retention removed changes after that position.
import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { callerOf } from '../authenticated.js';
import type { ChangeHub } from '../changes/hub.js';
import { expiredSse } from '../changes/expired.js';
import { sharedFrame } from '../changes/shared.js';
import { ChangeStream } from '../changes/stream.js';
import type { ApiDeps } from '../deps.js';
import { toEventJson } from '../event-json.js';
import { ErrorBody } from '../../contracts/index.js';

/** A comment line this often keeps idle connections open through proxies and load balancers. */
export const HEARTBEAT_MS = 15_000;

export function changeStreamRoutes(app: FastifyInstance, deps: ApiDeps, hub: ChangeHub): void {
  const open = new Set<ChangeStream>();
  // Open streams never end by themselves: end them first, or closing would wait for the clients.
  app.addHook('preClose', async () => {
    for (const stream of open) stream.end();
  });

  app.get<{ Querystring: { after?: number } }>(
    '/v1/changes/stream',
    {
      schema: {
        querystring: { type: 'object', additionalProperties: false, properties: { after: { type: 'integer', minimum: 0 } } },
        headers: { type: 'object', properties: { 'last-event-id': { type: 'string' } } },
        response: { 200: { content: { 'text/event-stream': { schema: { type: 'string' } } } }, 400: ErrorBody },
      },
    },
    async (req, reply) => {
      const { account } = callerOf(req);
      const lastEventId = req.headers['last-event-id'];
      // A reconnecting EventSource repeats the URL it first opened; its Last-Event-ID is newer.
      let after = typeof lastEventId === 'string' && /^\d{1,16}$/.test(lastEventId) ? Number(lastEventId) : req.query.after;
      // Without a position: what changes from now on.
      after ??= await deps.store.latestVersion();
      const out = new PassThrough();
      const stream = new ChangeStream(out, {
        store: deps.store,
        hub,
        scope: { account },
        after,
        frame: (e) => sharedFrame(e, e.resourceVersion, 'sse', () => `id: ${e.resourceVersion}\nevent: change\ndata: ${JSON.stringify(toEventJson(e))}\n\n`),
        // Reconnect after a second if the connection breaks (EventSource's default is about 3).
        opening: `retry: 1000\n: changes after ${after}\n\n`,
        keepAlive: { ms: HEARTBEAT_MS, frame: () => ': keep-alive\n\n' },
        // Retention removed changes after `after` before they were sent: the client starts again
        // from the current state (the console reloads) rather than resuming past a gap.
        expired: expiredSse,
        onError: (err) => req.log.error({ err }, 'change stream: reading changes failed'),
      });
      open.add(stream);
      out.once('close', () => open.delete(stream));
      return (
        reply
          .header('content-type', 'text/event-stream; charset=utf-8')
          .header('cache-control', 'no-cache, no-transform')
          // nginx and the like would otherwise hold events back to fill a buffer.
          .header('x-accel-buffering', 'no')
          .send(out)
      );
    },
  );
}
