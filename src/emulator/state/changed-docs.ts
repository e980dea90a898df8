// Which documents of a resource kind may have changed since the emulator last took them: only
// those are serialised and compared at a turn's end (the groups' `touched` set does the same for
// groups), and the ones gone are named, since a kind given in part cannot be deleted by absence.
export class ChangedDocs {
  private readonly changed = new Set<string>();
  private readonly removed = new Set<string>();

  /** The document `id` may have changed (or is new). */
  mark(id: string): void {
    this.removed.delete(id);
    this.changed.add(id);
  }

  /** The document `id` is gone. */
  drop(id: string): void {
    this.changed.delete(id);
    this.removed.add(id);
  }

  /** What changed since the last call, in the order it was marked; then starts afresh. */
  take(): { changed: string[]; removed: string[] } {
    const out = { changed: [...this.changed], removed: [...this.removed] };
    this.changed.clear();
    this.removed.clear();
    return out;
  }
}
