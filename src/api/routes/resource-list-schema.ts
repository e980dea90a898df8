// The route schemas the console's resource pages share (image caches, data caches, virtual nodes):
// the list (search, a status of the resource's own, region, a cursor and a page size; a page of
// items) and one resource by id (its list item and its OpenAPI rendering).
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

/**
 * One resource by id: its list item (`summary`) and the resource as its Describe action renders
 * it (`detail`), the Events left out: they are the Events tab's.
 */
export function resourceDetailSchema(itemSchema: object) {
  return {
    params: { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1, maxLength: 253 } } },
    response: {
      200: {
        type: 'object',
        required: ['summary', 'detail'],
        properties: { summary: itemSchema, detail: { type: 'object', additionalProperties: true } },
      },
      404: errorSchema,
    },
  } as const;
}
