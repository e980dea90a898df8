// A watch of pods: newline-delimited {"type","object"} JSON over one chunked answer, from the
// emulator's pod feed (emulator/pod-changes.ts). Without a resourceVersion (or with "0") it first
// sends every current pod as ADDED, as the API server does; with one, the changes after it, or one
// ERROR event with a 410 Expired Status when the feed no longer holds them all. A change that
// brings a pod into the selection is ADDED, one that takes it out DELETED, as the API server's
// watch cache tells a filtered watcher (staging/src/k8s.io/apiserver/pkg/storage/cacher). The watch
// ends when the feed does (the emulator stopped here: the replica no longer leads), as the API
// server ends a watch it cannot serve; the client lists again, and lands where the emulator runs.
import { PassThrough } from 'node:stream';
import type { ContainerGroup, Emulator, PodChange } from '../../emulator/index.js';
import type { Clock } from '../../model/clock.js';
import { sharedFrame } from '../changes/shared.js';
import type { ListOptions } from './list-options.js';
import type { Representation } from './negotiate.js';
import { podRow, POD_COLUMNS, toPod } from './pods.js';
import { ApiError } from '../core/errors.js';
import { statusBody } from './status.js';
import { table } from './table.js';
import { BOOKMARK_MS } from './watch.js';

export interface PodWatchContext {
  emulator: Emulator;
  clock: Clock;
  account: string;
  namespace: string | undefined;
  /** The field selector's test. */
  keep: (g: ContainerGroup) => boolean;
  /** The pods the watch starts from when it replays (the account's, in the namespace, selected). */
  current: () => ContainerGroup[];
  representation: Representation;
}

export interface PodWatch {
  out: PassThrough;
  /** Ends the watch (the answer ends). */
  end: () => void;
}

export function openPodWatch(ctx: PodWatchContext, options: ListOptions): PodWatch {
  const out = new PassThrough();
  const feed = ctx.emulator.podChanges;
  const stops: Array<() => void> = [];
  const end = () => {
    for (const stop of stops.splice(0)) stop();
    out.end();
  };
  out.once('close', () => {
    for (const stop of stops.splice(0)) stop();
  });
  if (!options.labelsMatch) {
    // Nothing can ever match: an empty watch, open while the feed is.
    stops.push(feed.subscribe(() => undefined, end));
    return { out, end };
  }

  let first = true;
  const text = (type: string, object: unknown) => JSON.stringify({ type, object }) + '\n';
  const line = (type: string, object: unknown) => out.write(text(type, object));
  /**
   * `snapshot`: g is the feed's copy of the group as of `version`, the same object for every
   * watcher of the change, which then shares one serialisation; a replay's groups are the
   * emulator's own, which change in place.
   */
  const send = (type: string, g: ContainerGroup, version: number, snapshot = false) => {
    if (ctx.representation.as === 'object') {
      if (snapshot) return out.write(sharedFrame(g, version, type, () => text(type, toPod(g, version))));
      return line(type, toPod(g, version));
    }
    const row = podRow(g, ctx.clock.now(), options.includeObject, version);
    // The columns come with the first row only, as the API server sends them.
    line(type, table([row], { resourceVersion: String(version) }, first ? POD_COLUMNS : undefined, ctx.representation.apiVersion));
    first = false;
  };
  const inScope = (g: ContainerGroup | undefined) =>
    g !== undefined && g.account === ctx.account && (ctx.namespace === undefined || g.namespace === ctx.namespace) && ctx.keep(g);
  const deliver = (c: PodChange) => {
    const before = c.type !== 'ADDED' && inScope(c.previous);
    const now = c.type !== 'DELETED' && inScope(c.group);
    if (before && now) send('MODIFIED', c.group, c.version, true);
    else if (now) send('ADDED', c.group, c.version, true);
    else if (before) send('DELETED', c.group, c.version, true);
  };
  const bookmark = (annotations?: Record<string, string>) =>
    line('BOOKMARK', { kind: 'Pod', apiVersion: 'v1', metadata: { resourceVersion: String(feed.latest), ...(annotations ? { annotations } : {}) } });

  const replay = options.sendInitialEvents ?? (options.resourceVersion === undefined || options.resourceVersion === '0');
  if (replay) {
    for (const g of ctx.current()) send('ADDED', g, feed.versionOf(g.id) ?? feed.latest);
    if (options.sendInitialEvents && options.allowWatchBookmarks) bookmark({ 'k8s.io/initial-events-end': 'true' });
  } else {
    const from = Number(options.resourceVersion);
    const missed = feed.since(from);
    if (missed === undefined) {
      // As the API server answers a compacted resourceVersion: client-go lists again on it.
      line('ERROR', statusBody(new ApiError('ChangesExpired', `too old resource version: ${from} (${feed.oldestResumable})`)));
      out.end();
      return { out, end };
    }
    for (const c of missed) deliver(c);
  }
  if (options.allowWatchBookmarks && ctx.representation.as === 'object') {
    const timer = setInterval(() => bookmark(), BOOKMARK_MS);
    timer.unref();
    stops.push(() => clearInterval(timer));
  }
  // Subscribed in the same turn as the replay was read: no change falls between them. Last: a
  // feed that has ended ends the watch at once, and everything above with it.
  stops.push(feed.subscribe(deliver, end));
  return { out, end };
}
