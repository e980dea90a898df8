// A watch of events: newline-delimited {"type","object"} JSON over one chunked answer, from the
// change feed. Without a resourceVersion (or with "0") it first sends every current event as
// ADDED, as the API server does; with one, only the changes after it, or an ERROR event with a
// 410 Expired Status when retention removed changes after it.
import { PassThrough } from 'node:stream';
import type { Clock } from '../../model/clock.js';
import type { StoredEvent } from '../../model/event.js';
import type { ChangeScope, EventStore } from '../../store/index.js';
import type { ChangeHub } from '../changes/hub.js';
import { sharedFrame } from '../changes/shared.js';
import { ChangeStream } from '../changes/stream.js';
import type { Flavour } from './flavour.js';
import type { ListOptions } from './list-options.js';
import type { Representation } from './negotiate.js';
import { expiredWatchStatus } from './expired.js';
import { EVENT_COLUMNS, eventRow, table } from './table.js';

/** How often a watch that allows bookmarks gets one. */
export const BOOKMARK_MS = 30_000;

export interface WatchContext {
  store: EventStore;
  hub: ChangeHub;
  clock: Clock;
  scope: ChangeScope;
  flavour: Flavour;
  representation: Representation;
  onError: (err: unknown) => void;
}

/**
 * The watch event type of a change: ADDED while replaying the current state; then ADDED for an
 * event created after the version the read that found it started from (the feed holds each
 * event once, at its latest change, so the watcher has not been told of it), MODIFIED for one
 * created before, which the watcher was told of. Each stored event keeps the version that
 * created it. An event created before a page boundary and changed again before the next page was
 * read shows as MODIFIED although its first state was never sent: the feed keeps latest states.
 */
function typeOf(e: StoredEvent, replayUpTo: number, readAfter: number): 'ADDED' | 'MODIFIED' {
  return e.resourceVersion <= replayUpTo || e.createdVersion > readAfter ? 'ADDED' : 'MODIFIED';
}

export async function openWatch(ctx: WatchContext, options: ListOptions): Promise<{ out: PassThrough; stream: ChangeStream | undefined }> {
  const out = new PassThrough();
  if (!options.labelsMatch) return { out, stream: undefined }; // nothing can ever match: an empty watch that stays open
  const replay = options.sendInitialEvents ?? (options.resourceVersion === undefined || options.resourceVersion === '0');
  const latest = await ctx.store.latestVersion();
  const replayUpTo = replay ? latest : 0;
  const after = replay ? 0 : Number(options.resourceVersion ?? latest);
  const { representation, flavour } = ctx;
  let first = true;
  const line = (type: string, object: unknown) => JSON.stringify({ type, object }) + '\n';
  const frame = (e: StoredEvent, readAfter: number) => {
    const type = typeOf(e, replayUpTo, readAfter);
    // The same line for every watcher of this flavour that sees it as this type.
    if (representation.as === 'object') return sharedFrame(e, e.resourceVersion, `${flavour.apiVersion} ${type}`, () => line(type, flavour.render(e)));
    const row = eventRow(e, ctx.clock.now(), options.includeObject, flavour.render);
    // The columns come with the first row only, as the API server sends them.
    const t = table([row], { resourceVersion: String(e.resourceVersion) }, first ? EVENT_COLUMNS : undefined, representation.apiVersion);
    first = false;
    return line(type, t);
  };
  const bookmark = (cursor: number, annotations?: Record<string, string>) =>
    line('BOOKMARK', { kind: 'Event', apiVersion: flavour.apiVersion, metadata: { resourceVersion: String(cursor), ...(annotations ? { annotations } : {}) } });
  let initialEnded = !(options.sendInitialEvents && options.allowWatchBookmarks);
  const stream = new ChangeStream(out, {
    store: ctx.store,
    hub: ctx.hub,
    scope: ctx.scope,
    after,
    startOver: replay,
    frame,
    ...(options.allowWatchBookmarks && representation.as === 'object' ? { keepAlive: { ms: BOOKMARK_MS, frame: (cursor: number) => bookmark(cursor) } } : {}),
    caughtUp: (cursor) => {
      if (initialEnded) return undefined;
      initialEnded = true;
      return bookmark(Math.max(cursor, latest), { 'k8s.io/initial-events-end': 'true' });
    },
    // A resourceVersion retention overtook: one ERROR event with a 410 Expired Status, then the
    // end, as the API server answers a compacted one; client-go lists again on it.
    expired: (err) => line('ERROR', expiredWatchStatus(err)),
    onError: ctx.onError,
  });
  return { out, stream };
}
