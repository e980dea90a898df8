// DescribeImageCaches' filters and paging. Without MatchImage the caches come newest first; with
// it, best match first (match.ts). A NextToken is the position after the last cache of a page in
// that order, so it stays valid while caches come and go between pages.
import { invalid } from '../errors.js';
import type { ImageCache } from './image-cache.js';
import { matchCaches, normalizeImage } from './match.js';
import type { ImageCacheFilter } from './requests.js';

export interface CachePage {
  limit: number;
  nextToken?: string;
}

export interface CacheList {
  caches: ImageCache[];
  totalCount: number;
  nextToken?: string;
}

interface Positioned {
  cache: ImageCache;
  seq: number;
}

function matches(c: ImageCache, f: ImageCacheFilter): boolean {
  if (f.ids && !f.ids.includes(c.id)) return false;
  if (f.name !== undefined && c.name !== f.name) return false;
  if (f.snapshotId !== undefined && c.snapshotId !== f.snapshotId && c.flashSnapshotId !== f.snapshotId && !c.copies.includes(f.snapshotId)) return false;
  if (f.image !== undefined && !c.images.some((i) => normalizeImage(i) === normalizeImage(f.image!))) return false;
  if (f.resourceGroupId !== undefined && c.resourceGroupId !== f.resourceGroupId) return false;
  if (f.status !== undefined && c.status !== f.status) return false;
  return (f.tags ?? []).every((want) => c.tags.some((t) => t.key === want.key && (want.value === '' || t.value === want.value)));
}

const TOKEN = /^v1:(\d{1,6})$/;

function decode(token: string): number {
  const text = /^[A-Za-z0-9_-]+$/.test(token) ? Buffer.from(token, 'base64url').toString('utf8') : '';
  const m = TOKEN.exec(text);
  if (!m) throw invalid('NextToken', token, 'use the NextToken of a previous answer, or none for the first page');
  return Number(m[1]);
}

const encode = (offset: number) => Buffer.from(`v1:${offset}`).toString('base64url');

export function listCaches(entries: readonly Positioned[], filter: ImageCacheFilter, page: CachePage): CacheList {
  let ordered = entries.filter((e) => matches(e.cache, filter)).sort((a, b) => b.cache.creationTime - a.cache.creationTime || b.seq - a.seq);
  if (filter.matchImages?.length) {
    const bySeq = new Map(ordered.map((e) => [e.cache.id, e]));
    const ranked = matchCaches(
      ordered.map((e) => e.cache),
      filter.matchImages,
    ).filter((m) => !filter.fullMatch || m.kind === 'full');
    ordered = ranked.map((m) => bySeq.get(m.cache.id)!);
    if (filter.matchCount !== undefined) ordered = ordered.slice(0, filter.matchCount);
  }
  // The offset in this order: matching reorders with the caches' state, so positions are counted.
  const start = page.nextToken ? decode(page.nextToken) : 0;
  const items = ordered.slice(start, start + page.limit);
  const next = start + page.limit < ordered.length ? encode(start + page.limit) : undefined;
  return { caches: items.map((e) => structuredClone(e.cache)), totalCount: ordered.length, ...(next ? { nextToken: next } : {}) };
}
