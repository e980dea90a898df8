// The feed of the emulator's pod changes, as a Kubernetes watch of pods needs it: every change of
// a group (its creation, each change of what it shows, its removal) gets the next version of one
// counter, the last POD_CHANGES_KEPT changes are kept in order, and subscribers hear of each as it
// happens. A pod's resourceVersion is the version of its last change; a watch resumes from a
// version while the ring still holds every change after it, and is told it expired otherwise, as
// the API server answers a compacted resourceVersion. Only the counter is stored (the emulator's
// meta document): after a restart versions go on from it (resume) and older positions expire.
// The feed ends with its emulator (close): a replica that no longer leads has no changes to tell,
// and its watchers are told so, to list again wherever the emulator now runs.
import { createHash } from 'node:crypto';
import type { ContainerGroup } from './container-group.js';

/** Changes kept for watches that resume: about a minute of a busy account's lifecycles. */
export const POD_CHANGES_KEPT = 1000;

export type PodChangeType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface PodChange {
  version: number;
  type: PodChangeType;
  /** The group as it is after the change (as it was last, for DELETED). */
  group: ContainerGroup;
  /** The group as it was before the change; none for ADDED. */
  previous?: ContainerGroup;
}

/** What the feed knows of a group still in the emulator: its last version and the state it was at. */
interface Known {
  version: number;
  /** A digest of the group's state, to tell a change from a step that changed nothing. */
  digest: string;
  group: ContainerGroup;
}

const digest = (g: ContainerGroup) => createHash('sha1').update(JSON.stringify(g)).digest('base64');

export class PodChanges {
  private version = 0;
  private changes: PodChange[] = [];
  private readonly known = new Map<string, Known>();
  private readonly listeners = new Map<(change: PodChange) => void, (() => void) | undefined>();
  private ended = false;

  constructor(private readonly kept = POD_CHANGES_KEPT) {}

  /** The version of the latest change (0 before any). */
  get latest(): number {
    return this.version;
  }

  /** The version of the group's last change, while it is in the emulator. */
  versionOf(groupId: string): number | undefined {
    return this.known.get(groupId)?.version;
  }

  /** Records the group's state: ADDED the first time, MODIFIED when it differs from the last one recorded. */
  note(group: ContainerGroup): void {
    const d = digest(group);
    const before = this.known.get(group.id);
    if (before && before.digest === d) return;
    const snapshot = structuredClone(group);
    const version = ++this.version;
    this.known.set(group.id, { version, digest: d, group: snapshot });
    this.push(before ? { version, type: 'MODIFIED', group: snapshot, previous: before.group } : { version, type: 'ADDED', group: snapshot });
  }

  /** The group left the emulator (deleted, or forgotten past retention): DELETED, at its last state. */
  gone(groupId: string): void {
    const before = this.known.get(groupId);
    if (!before) return;
    this.known.delete(groupId);
    this.push({ version: ++this.version, type: 'DELETED', group: before.group, previous: before.group });
  }

  /** The changes after `version`, oldest first; undefined when some of them are no longer kept. */
  since(version: number): PodChange[] | undefined {
    if (version >= this.version) return [];
    const oldest = this.changes[0]?.version ?? this.version + 1;
    if (version < oldest - 1) return undefined;
    return this.changes.filter((c) => c.version > version);
  }

  /** The oldest version a watch can resume from. */
  get oldestResumable(): number {
    return (this.changes[0]?.version ?? this.version + 1) - 1;
  }

  /**
   * Calls `listener` with each change from now on, and `ended` once the feed ends (at once when
   * it has); returns the unsubscribe.
   */
  subscribe(listener: (change: PodChange) => void, ended?: () => void): () => void {
    if (this.ended) {
      ended?.();
      return () => undefined;
    }
    this.listeners.set(listener, ended);
    return () => this.listeners.delete(listener);
  }

  /** Ends the feed: its emulator no longer runs here. Every subscriber is told, and dropped. */
  close(): void {
    if (this.ended) return;
    this.ended = true;
    const enders = [...this.listeners.values()];
    this.listeners.clear();
    for (const ended of enders) ended?.();
  }

  /**
   * Goes on after a restart from the saved counter, knowing these groups at it: no change is
   * kept from before, so a watch from an older version gets 410 Expired and lists again.
   */
  resume(version: number, groups: Iterable<ContainerGroup>): void {
    this.version = version;
    this.changes = [];
    this.known.clear();
    for (const g of groups) this.known.set(g.id, { version, digest: digest(g), group: structuredClone(g) });
  }

  private push(change: PodChange): void {
    this.changes.push(change);
    if (this.changes.length > this.kept) this.changes.splice(0, this.changes.length - this.kept);
    for (const listener of [...this.listeners.keys()]) {
      // A watcher's failure is its own: the lifecycle step that made the change goes on.
      try {
        listener(change);
      } catch (err) {
        process.emitWarning(`pod change listener failed: ${String(err)}`);
      }
    }
  }
}
