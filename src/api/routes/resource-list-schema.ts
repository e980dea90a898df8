// The route schema the console's resource lists share (image caches, data caches, virtual nodes):
// search, a status of the resource's own, region, a cursor and a page size; a page of items.
import { errorSchema } from '../schemas.js';

export function resourceListSchema(statuses: readonly string[], maxPage: number, itemSchema: object) {
  return {
    querystring: {
      type: 'object',
      additionalProperties: false,
      properties: {
        q: { type: 'string', maxLength: 256 },
        status: { type: 'string', enum: [...statuses] },
        regionId: { type: 'string', maxLength: 64 },
        after: { type: 'string', maxLength: 256 },
        limit: { type: 'integer', minimum: 1, maximum: maxPage, default: 50 },
      },
    },
    response: {
      200: {
        type: 'object',
        required: ['total', 'items'],
        properties: { total: { type: 'integer' }, items: { type: 'array', items: itemSchema }, next: { type: 'string' } },
      },
      400: errorSchema,
    },
  } as const;
}
