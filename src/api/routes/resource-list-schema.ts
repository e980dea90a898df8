// The route schemas the console's resource pages share (image caches, data caches, virtual nodes):
// the list (search, a status of the resource's own, region, a cursor and a page size; a page of
// items) and one resource by id (its list item and its OpenAPI rendering).
import type { TSchema } from '@sinclair/typebox';
import { DetailPage, ErrorBody, ListPage } from '../../contracts/index.js';

export function resourceListSchema(statuses: readonly string[], maxPage: number, item: TSchema) {
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
    response: { 200: ListPage(item), 400: ErrorBody },
  } as const;
}

/** One resource by id: its list item and its OpenAPI rendering (contracts' DetailPage). */
export function resourceDetailSchema(item: TSchema) {
  return {
    params: { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1, maxLength: 253 } } },
    response: { 200: DetailPage(item), 404: ErrorBody },
  } as const;
}
