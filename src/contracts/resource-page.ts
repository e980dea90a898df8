// The pages the console's resource lists share (image caches, data caches, virtual nodes): a page
// of items with the total and a cursor, and one resource by id.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { OpenObject } from './json.js';

/** `next` is the cursor of the following page (the query's `after`), absent on the last. */
export function ListPage<T extends TSchema>(item: T) {
  return Type.Object({ total: Type.Integer(), items: Type.Array(item), next: Type.Optional(Type.String()) });
}
/** A list page of items of type T, for code generic over the resources. */
export type ListPageOf<T> = Omit<Static<ReturnType<typeof ListPage>>, 'items'> & { items: T[] };

/**
 * One resource: its list item (`summary`) and the resource as its Describe action renders it
 * (`detail`), the Events left out: they are the Events tab's.
 */
export function DetailPage<T extends TSchema>(item: T) {
  return Type.Object({ summary: item, detail: OpenObject() });
}
