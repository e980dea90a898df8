// The emulator's pending steps as data (issue 14): each is { id, due, kind, payload }, and `kind`
// names a handler registered at construction, so that the table can be stored and re-armed in a
// new process. The Scheduler still decides when a timer runs; this table says what runs.
import type { Micros } from '../../model/event.js';
import type { StateTimer } from '../../store/index.js';
import type { Cancel, Scheduler } from '../scheduler.js';

/** Runs a timer's step with its payload (ids and small values, never objects). */
export type TimerHandler = (payload: never) => void;

/** Wraps a timer's run (the emulator makes each one a turn). */
export type AroundTimer = (run: () => void) => void;

interface Armed {
  timer: StateTimer;
  cancel: Cancel;
}

export class TimerTable {
  private readonly handlers = new Map<string, (payload: unknown, id: string, due: Micros) => void>();
  private readonly armed = new Map<string, Armed>();
  private nextId = 1;
  /** Ids added or removed since changes() was last taken: what the next turn writes. */
  private readonly added = new Set<string>();
  private readonly removed = new Set<string>();

  constructor(
    private readonly scheduler: Scheduler,
    private readonly around: AroundTimer = (run) => run(),
  ) {}

  /**
   * Registers the handler of a kind (once, at construction). It is given the time the timer was
   * due, which on the real clock is before it runs.
   */
  on<P>(kind: string, handler: (payload: P, id: string, due: Micros) => void): void {
    if (this.handlers.has(kind)) throw new Error(`timer kind ${kind} has a handler already`);
    this.handlers.set(kind, handler as (payload: unknown, id: string, due: Micros) => void);
  }

  /** A timer `delay` from now (a negative delay means now); its id. */
  after(delay: Micros, kind: string, payload: unknown): string {
    return this.at(this.scheduler.clock.now() + Math.max(0, delay), kind, payload);
  }

  at(due: Micros, kind: string, payload: unknown): string {
    if (!this.handlers.has(kind)) throw new Error(`no handler for timer kind ${kind}`);
    const id = `t${this.nextId++}`;
    this.arm({ id, due: Math.max(due, this.scheduler.clock.now()), kind, payload: structuredClone(payload) });
    this.added.add(id);
    return id;
  }

  /** Removes a pending timer; nothing when it ran or was cancelled. */
  cancel(id: string): void {
    const a = this.armed.get(id);
    if (!a) return;
    a.cancel();
    this.forget(id);
  }

  has(id: string): boolean {
    return this.armed.has(id);
  }

  get size(): number {
    return this.armed.size;
  }

  /** Every pending timer, in the order they fire. */
  all(): StateTimer[] {
    return [...this.armed.values()].map((a) => a.timer).sort((x, y) => x.due - y.due || Number(x.id.slice(1)) - Number(y.id.slice(1)));
  }

  /** The next id's number (kept in the emulator's meta document). */
  get next(): number {
    return this.nextId;
  }

  /**
   * Re-arms stored timers (in due order, so that equal times keep their order); one due already
   * runs at once, once. Their handlers must be registered.
   */
  restore(timers: readonly StateTimer[], nextId: number): void {
    this.nextId = Math.max(this.nextId, nextId);
    for (const t of [...timers].sort((x, y) => x.due - y.due || Number(x.id.slice(1)) - Number(y.id.slice(1)))) {
      if (!this.handlers.has(t.kind)) throw new Error(`stored timer ${t.id} has kind ${t.kind}, which this version does not know`);
      this.arm(structuredClone(t));
      this.nextId = Math.max(this.nextId, Number(t.id.slice(1)) + 1);
    }
  }

  /** What changed since the last call: timers to write and ids to delete. */
  changes(): { puts: StateTimer[]; deletes: string[] } {
    const puts = [...this.added].map((id) => this.armed.get(id)?.timer).filter((t): t is StateTimer => t !== undefined);
    const deletes = [...this.removed];
    this.added.clear();
    this.removed.clear();
    return { puts, deletes };
  }

  /** Cancels every timer without recording it (the process is stopping; the store keeps them). */
  close(): void {
    for (const a of this.armed.values()) a.cancel();
    this.armed.clear();
    this.added.clear();
    this.removed.clear();
  }

  private arm(timer: StateTimer): void {
    const cancel = this.scheduler.at(timer.due, () => this.around(() => this.fire(timer.id)));
    this.armed.set(timer.id, { timer, cancel });
  }

  private fire(id: string): void {
    const a = this.armed.get(id);
    if (!a) return;
    this.forget(id);
    this.handlers.get(a.timer.kind)!(a.timer.payload, id, a.timer.due);
  }

  private forget(id: string): void {
    this.armed.delete(id);
    // A timer added and gone within one turn is never written.
    if (this.added.delete(id)) return;
    this.removed.add(id);
  }
}
