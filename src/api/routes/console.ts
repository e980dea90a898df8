// The web console's files (console/dist, built by `npm run build`): /assets/* with a long cache
// (Vite names them by content hash), index.html uncached at / and for the console's own paths
// (a single-page app routes in the browser). `/` is also the OpenAPI's endpoint: a page is served
// there only to a browser's navigation (it accepts text/html) that names no action and carries no
// signature; everything else at `/` stays the OpenAPI's.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** What the console's paths answer when console/dist has not been built. */
const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>eci-events</title></head>
<body><h1>eci-events</h1><p>The console is not built. Run <code>npm run build</code>, then reload this page.</p>
<p>The HTTP API is at <code>/v1</code> and the ECI OpenAPI at <code>/</code>.</p></body></html>
`;

function acceptsHtml(req: FastifyRequest): boolean {
  return /\btext\/html\b/i.test(String(req.headers.accept ?? ''));
}

/** True for a browser asking for a page at `/`, false for anything the OpenAPI should answer. */
export function isPageRequest(req: FastifyRequest): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  if (req.headers['x-acs-action'] !== undefined || String(req.headers.authorization ?? '').startsWith('ACS3-')) return false;
  const query = new URLSearchParams(req.url.includes('?') ? req.url.slice(req.url.indexOf('?') + 1) : '');
  if (query.has('Action') || query.has('Signature') || query.has('AccessKeyId')) return false;
  return acceptsHtml(req);
}

export interface ConsolePages {
  /** Answers with index.html (or the not-built page). */
  index(reply: FastifyReply): FastifyReply;
  /** The single-page app's fallback: true when it answered (a page GET outside /v1 and /assets). */
  fallback(req: FastifyRequest, reply: FastifyReply): boolean;
}

/** Registers the static files under `dir` (console/dist; undefined: no console) and returns the page helpers. */
export function consoleRoutes(app: FastifyInstance, dir: string | undefined): ConsolePages {
  // Only the reply.sendFile decorator: the routes are ours, so nothing else is exposed. Each call
  // names its folder, which may be built after the service starts: no root is checked here.
  app.register(fastifyStatic, { serve: false, root: undefined as unknown as string });
  const built = () => dir !== undefined && existsSync(join(dir, 'index.html'));

  app.get<{ Params: { '*': string } }>('/assets/*', { schema: { params: { type: 'object', properties: { '*': { type: 'string' } } } } }, (req, reply) => {
    if (!built()) return reply.callNotFound();
    // Vite puts a content hash in every asset's name: a changed file is a new name.
    return reply.sendFile(req.params['*'], join(dir!, 'assets'), { maxAge: 365 * 86400 * 1000, immutable: true });
  });

  const pages: ConsolePages = {
    index(reply) {
      if (!built()) return reply.status(200).type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(NOT_BUILT);
      // No cache: a new build must reach browsers at once (its assets have new names).
      return reply.header('cache-control', 'no-cache').sendFile('index.html', dir!, { cacheControl: false });
    },
    fallback(req, reply) {
      const path = req.url.split('?')[0]!;
      if (req.method !== 'GET' && req.method !== 'HEAD') return false;
      if (path === '/v1' || path.startsWith('/v1/') || path.startsWith('/assets/') || !acceptsHtml(req)) return false;
      pages.index(reply);
      return true;
    },
  };
  return pages;
}
