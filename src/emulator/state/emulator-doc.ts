// The emulator's documents as a whole: which exist (meta, world, one per group), what a turn
// changed (each document's JSON compared with what was last handed to the sink, so a turn writes
// only what it changed; the world, ~12 KB, is not even serialized unless its revision moved),
// and the emulator a loaded set describes.
import type { Clock } from '../../model/clock.js';
import type { LoadedState, StateChange, StateDoc, StateKey, StateTimer } from '../../store/index.js';
import type { GroupRuntime } from '../runtime.js';
import { World, type WorldDoc } from '../world/world.js';
import { groupFromDoc, groupToDoc, type GroupDoc } from './group-doc.js';
import { DOC_KINDS, META_ID, STATE_FORMAT, WORLD_ID, type MetaDoc } from './sink.js';
import type { TimerTable } from './timers.js';

/** What the emulator's documents are made from. */
export interface EmulatorParts {
  seq: number;
  nextTimer: number;
  clock: number;
  pods: number;
  world: World;
  /** The groups whose documents may have changed (a turn's touched groups), or every group. */
  groups: Iterable<GroupRuntime>;
  /** Groups gone since the last turn: their documents are deleted. */
  removedGroups?: readonly string[];
  /** The other resources' documents (image caches...), by kind. */
  resources: ResourceDocs[];
}

/** One kind of resource documents: all of them, or (with `removed`) only those that may have changed. */
export interface ResourceDocs {
  kind: string;
  docs: Array<{ id: string; body: object }>;
  /** Given when `docs` holds only the changed documents: the ids gone since the last turn. */
  removed?: readonly string[];
  /** The kind's id or order counter, kept in the meta document (ids never repeat after a restart). */
  counter?: number;
}

const key = (kind: string, id: string): string => `${kind}\u0000${id}`;

/** Every document of the emulator, in a fixed order (without the world's when `world` is false). */
export function emulatorDocs(parts: EmulatorParts, world = true): StateDoc[] {
  const counters = Object.fromEntries(parts.resources.filter((r) => r.counter !== undefined).map((r) => [r.kind, r.counter!]));
  const meta: MetaDoc = {
    v: STATE_FORMAT,
    seq: parts.seq,
    nextTimer: parts.nextTimer,
    clock: parts.clock,
    pods: parts.pods,
    ...(Object.keys(counters).length ? { counters } : {}),
  };
  const docs: StateDoc[] = [{ kind: DOC_KINDS.meta, id: META_ID, body: meta }];
  if (world) docs.push({ kind: DOC_KINDS.world, id: WORLD_ID, body: { v: STATE_FORMAT, ...parts.world.toDoc() } });
  for (const rt of parts.groups) docs.push({ kind: DOC_KINDS.group, id: rt.group.id, body: { v: STATE_FORMAT, ...groupToDoc(rt) } });
  for (const r of parts.resources) for (const d of r.docs) docs.push({ kind: r.kind, id: d.id, body: { v: STATE_FORMAT, ...d.body } });
  return docs;
}

/** The JSON of each document as last handed to the sink. */
export class SavedDocs {
  private readonly json = new Map<string, { kind: string; id: string; text: string }>();
  /** The world's revision (World.revision) when its document was last compared; undefined: never. */
  worldRevision: number | undefined;

  /** The documents as stored; `worldRevision`: that of the world read from them. */
  load(docs: readonly StateDoc[], worldRevision?: number): void {
    this.worldRevision = worldRevision;
    this.json.clear();
    for (const d of docs) this.json.set(key(d.kind, d.id), { kind: d.kind, id: d.id, text: JSON.stringify(d.body) });
  }

  /**
   * The documents that differ from the saved ones (now saved), and the deletes: the saved ones
   * of a kind in `complete` (every document of it was given) that are not among `docs`, and
   * those named in `gone`.
   */
  diff(docs: readonly StateDoc[], complete?: ReadonlySet<string>, gone: readonly StateKey[] = []): Pick<StateChange, 'puts' | 'deletes'> {
    const puts: StateDoc[] = [];
    const seen = new Set<string>();
    for (const d of docs) {
      const k = key(d.kind, d.id);
      seen.add(k);
      const text = JSON.stringify(d.body);
      if (this.json.get(k)?.text === text) continue;
      this.json.set(k, { kind: d.kind, id: d.id, text });
      // What is written is what the JSON says (no undefined, no class instances), as of now.
      puts.push({ kind: d.kind, id: d.id, body: JSON.parse(text) as unknown, json: text });
    }
    const deletes = [...this.json]
      .filter(([k, v]) => !seen.has(k) && (!complete || complete.has(v.kind)))
      .map(([k, v]) => {
        this.json.delete(k);
        return { kind: v.kind, id: v.id };
      });
    for (const g of gone) {
      const k = key(g.kind, g.id);
      if (seen.has(k) || !this.json.delete(k)) continue;
      if (!deletes.some((d) => d.kind === g.kind && d.id === g.id)) deletes.push({ kind: g.kind, id: g.id });
    }
    return { puts, deletes };
  }
}

/** What a turn changed: the documents that differ from the saved ones, and the timers. */
export function collectState(saved: SavedDocs, parts: EmulatorParts, timers: { puts: StateTimer[]; deletes: string[] }): StateChange {
  // Groups are given only when touched (their documents can be large: logs), and so are the
  // resources that say what they removed: their deletes are named. The world is given only when
  // its revision moved (it is never deleted, so never missed as absent).
  const revision = parts.world.revision;
  const world = revision !== saved.worldRevision;
  const complete = new Set([DOC_KINDS.meta, ...(world ? [DOC_KINDS.world] : []), ...parts.resources.filter((r) => r.removed === undefined).map((r) => r.kind)]);
  const gone = [
    ...(parts.removedGroups ?? []).map((id) => ({ kind: DOC_KINDS.group, id })),
    ...parts.resources.flatMap((r) => (r.removed ?? []).map((id) => ({ kind: r.kind, id }))),
  ];
  const change = saved.diff(emulatorDocs(parts, world), complete, gone);
  saved.worldRevision = revision;
  return { ...change, timerPuts: timers.puts, timerDeletes: timers.deletes };
}

/** The format problem of a stored document, or undefined. */
function formatProblem(d: StateDoc): string | undefined {
  const v = (d.body as { v?: unknown } | null)?.v;
  return v === STATE_FORMAT
    ? undefined
    : `the stored emulator document ${d.kind}/${d.id} has format ${JSON.stringify(v)}; this version reads format ${STATE_FORMAT}`;
}

/** A loaded set of documents, read back: the world, the counters, and the groups (made once the timer table exists). */
export function restoredState(loaded: LoadedState, clock: Clock, worldOptions: { timeScale?: number } = {}) {
  const problems = loaded.docs.map(formatProblem).filter((p): p is string => p !== undefined);
  if (problems.length) throw new Error(problems.join('; '));
  const meta = loaded.docs.find((d) => d.kind === DOC_KINDS.meta)?.body as MetaDoc | undefined;
  const worldDoc = loaded.docs.find((d) => d.kind === DOC_KINDS.world)?.body as (WorldDoc & { v: number }) | undefined;
  const groupDocs = loaded.docs.filter((d) => d.kind === DOC_KINDS.group).map((d) => d.body as GroupDoc);
  const unknown = loaded.docs.filter((d) => !Object.values(DOC_KINDS).includes(d.kind as never));
  if (unknown.length)
    throw new Error(`the store holds emulator documents of kinds this version does not know: ${[...new Set(unknown.map((d) => d.kind))].join(', ')}`);
  const world = worldDoc ? World.fromDoc(worldDoc, clock, worldOptions) : undefined;
  return {
    meta: meta ?? { v: STATE_FORMAT, seq: 0, nextTimer: 1 },
    world,
    /** The restored world's revision as read (SavedDocs.load): a turn that changes nothing of it does not write it. */
    worldRevision: world?.revision,
    groups: (timers: TimerTable) => groupDocs.map((d) => groupFromDoc(d, timers)),
    /** A resource kind's stored counter (ResourceDocs.counter), 0 when none was stored. */
    counter: (kind: string): number => meta?.counters?.[kind] ?? 0,
    /** The bodies of the documents of one kind (their format checked above). */
    of: <T>(kind: string): T[] => loaded.docs.filter((d) => d.kind === kind).map((d) => structuredClone(d.body) as T),
  };
}

/** The virtual clock's time when the store's emulator last turned, if it has one. */
export function storedClockTime(loaded: LoadedState): number | undefined {
  return metaClockTime(loaded.docs.find((d) => d.kind === DOC_KINDS.meta && d.id === META_ID)?.body);
}

/** The virtual clock's time a meta document (the store's DOC_KINDS.meta/META_ID) holds, if any. */
export function metaClockTime(meta: unknown): number | undefined {
  const clock = (meta as MetaDoc | undefined)?.clock;
  return typeof clock === 'number' ? clock : undefined;
}

/** Whether the store holds a world (a `--world` given at a restart does not replace it). */
export function hasStoredWorld(loaded: LoadedState): boolean {
  return loaded.docs.some((d) => d.kind === DOC_KINDS.world);
}
