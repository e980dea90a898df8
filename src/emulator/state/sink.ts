// Where the emulator's turns go (issue 14): at the end of each turn (one API mutation, one timer,
// one step of a clock advance) the emulator hands the sink what changed, and the sink commits it
// with the events the turn reported. The recorder is the sink of a store-backed service
// (Recorder.openTurn/closeTurn: one transaction for both); in-process tests run without one.
import type { StateChange, StateFence } from '../../store/index.js';

export interface StateSink {
  /** A turn begins: events reported until closeTurn() belong to it. */
  openTurn(): void;
  /** The turn ends with what it changed; resolves once both are durable. */
  closeTurn(change?: StateChange): Promise<void>;
  /** The replicas' fence, checked in every transaction that writes state (Recorder.setStateFence). */
  setStateFence?(fence: (() => StateFence | undefined) | undefined): void;
}

/**
 * The documents' format. A document carries it (`v`); restore refuses another one with a clear
 * message, and a later format migrates older documents here.
 */
export const STATE_FORMAT = 1;

/** The kinds of documents the emulator writes, each keyed by its id. */
export const DOC_KINDS = {
  /** One, id 'emulator': format, counters (group order, timer ids), the virtual clock's time. */
  meta: 'meta',
  /** One per container group (group-doc.ts): the group, its runtime, its client token. */
  group: 'group',
  /** One, id 'world': the world's spec and run-time state (world-doc.ts), faults included. */
  world: 'world',
  /** One per image cache (image-caches.ts ImageCacheDoc): the cache, its build in flight, its tokens. */
  imageCache: 'image-cache',
  /** One per virtual node (virtual-nodes.ts VirtualNodeDoc). */
  virtualNode: 'virtual-node',
  /** One per data cache (data-caches.ts DataCacheDoc): the cache, its load or copy in flight, its tokens. */
  dataCache: 'data-cache',
  /** One per CommitContainer task (commits.ts CommitTaskDoc); the phase it waits for is a timer. */
  commitTask: 'commit-task',
  /** One per instance with O&M records (ops-tasks.ts OpsRecordsDoc), id the container group's. */
  opsRecords: 'ops-records',
} as const;

/** The meta document's id. */
export const META_ID = 'emulator';
export const WORLD_ID = 'world';

export interface MetaDoc {
  v: number;
  /** The next group's creation order. */
  seq: number;
  /** The next timer id's number. */
  nextTimer: number;
  /** The virtual clock's time at the end of the turn (absent on the real clock). */
  clock?: number;
  /** The pod feed's latest version (pod-changes.ts): versions go on from it after a restart. */
  pods?: number;
  /** Resource kinds' counters (task order, record ids), by document kind: they go on after a restart. */
  counters?: Record<string, number>;
}
