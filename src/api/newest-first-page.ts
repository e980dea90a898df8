// Paging newest first by a cursor, for the console's resource lists (image caches, data caches,
// virtual nodes): a position, not an offset, so a page stays right while resources are created
// and deleted between pages. Pure functions, no web framework.
import { ApiError } from './errors.js';

export interface Dated {
  id: string;
  creationTime: number;
}

/** Newest first; resources created in the same microsecond by id, so the order is total. */
export const newestFirst = (a: Dated, b: Dated) => b.creationTime - a.creationTime || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

export function encodeCursor(c: Dated): string {
  return Buffer.from(`c1:${c.creationTime}:${c.id}`).toString('base64url');
}

export function decodeCursor(text: string): Dated {
  const m = /^c1:(\d{1,17}):([A-Za-z0-9-]{1,64})$/.exec(/^[A-Za-z0-9_-]+$/.test(text) ? Buffer.from(text, 'base64url').toString('utf8') : '');
  if (!m) throw new ApiError('InvalidParameter', 'after: not a cursor of this API; pass the `next` of a previous page');
  return { creationTime: Number(m[1]), id: m[2]! };
}

/** The page of `items` (already filtered) after the cursor `after`, newest first, and the next cursor. */
export function pageNewestFirst<T extends Dated>(items: readonly T[], after: string | undefined, limit: number): { total: number; page: T[]; next?: string } {
  const cursor = after === undefined ? undefined : decodeCursor(after);
  const ordered = [...items].sort(newestFirst);
  const start = cursor ? ordered.findIndex((c) => newestFirst(c, cursor) > 0) : 0;
  const from = start < 0 ? ordered.length : start;
  const page = ordered.slice(from, from + limit);
  const last = page.at(-1);
  return { total: ordered.length, page, ...(last && from + limit < ordered.length ? { next: encodeCursor(last) } : {}) };
}
