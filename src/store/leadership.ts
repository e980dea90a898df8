// The election of the emulator's leader among replicas (emulator-lease.ts), one round every
// interval: a leader checks it still holds the lease (and steps down at once when it does not);
// anyone else tries to take it, and otherwise learns who leads (and follows what it stores). A replica that takes the lease
// leads only once `lead` (restoring the emulator from the store, re-arming its timers) is done:
// until then it answers as an election in progress.
import type { Advertisement, EmulatorLease, LeaderRecord } from './emulator-lease.js';

/** How often a follower tries the lease and a leader checks it holds it (`serve --election-interval`). */
export const DEFAULT_ELECTION_INTERVAL_MS = 1000;

export type Role =
  | { kind: 'electing'; /** the last leader known, which may be gone */ last?: LeaderRecord }
  | { kind: 'leader'; record: LeaderRecord }
  | { kind: 'follower'; leader: LeaderRecord };

export interface LeadershipHooks {
  /** This replica now holds the lease under `record.epoch`: bring the emulator up. */
  lead(record: LeaderRecord): Promise<void>;
  /** This replica no longer holds the lease: stop the emulator at once (no timer may fire). */
  depose(): Promise<void>;
  /**
   * A round ended without this replica leading: keep up with what the leader stores (a
   * follower's virtual clock follows the leader's). Its failure is the round's.
   */
  follow?(): Promise<void>;
  /** A round that failed (the next one tries again). */
  onError(err: unknown): void;
  /** The role changed (for the log). */
  onRole?(role: Role): void;
}

export class Leadership {
  private current: Role = { kind: 'electing' };
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly lease: EmulatorLease,
    readonly self: Advertisement,
    private readonly hooks: LeadershipHooks,
    private readonly intervalMs = DEFAULT_ELECTION_INTERVAL_MS,
  ) {}

  role(): Role {
    return this.current;
  }

  /** Runs the first round (its failure is thrown: the replica cannot start), then one every interval. */
  async start(): Promise<void> {
    await this.round();
    this.schedule();
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.round()
        .catch((err) => this.hooks.onError(err))
        .finally(() => {
          this.running = undefined;
          this.schedule();
        });
    }, this.intervalMs);
    this.timer.unref();
  }

  private set(role: Role): void {
    const before = this.current;
    this.current = role;
    const same =
      before.kind === role.kind &&
      (role.kind === 'leader'
        ? (before as typeof role).record.epoch === role.record.epoch
        : role.kind === 'follower'
          ? (before as typeof role).leader.epoch === role.leader.epoch
          : true);
    if (!same) this.hooks.onRole?.(role);
  }

  private async round(): Promise<void> {
    if (this.stopped) return;
    if (this.current.kind === 'leader') {
      if (await this.lease.stillHeld()) return;
      const last = this.current.record;
      this.set({ kind: 'electing', last });
      await this.hooks.depose();
    }
    const taken = await this.lease.tryAcquire(this.self);
    if (taken) {
      this.set({ kind: 'electing', last: taken });
      try {
        await this.hooks.lead(taken);
      } catch (err) {
        // A leader that cannot bring the emulator up must not keep others from leading.
        await this.hooks.depose().catch(() => undefined);
        await this.lease.release();
        throw err;
      }
      if (this.stopped) return;
      this.set({ kind: 'leader', record: taken });
      return;
    }
    const leader = await this.lease.current();
    // No leader yet, or the record still names this replica from a term it lost: an election is
    // under way (the holder of the lock publishes itself right after taking it).
    if (!leader || leader.replica === this.self.replica) this.set({ kind: 'electing', ...(leader ? { last: leader } : {}) });
    else this.set({ kind: 'follower', leader });
    await this.hooks.follow?.();
  }

  /** Stops the rounds; a leader stops its emulator and gives the lease up, so a follower takes over at once. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
    if (this.current.kind === 'leader') await this.hooks.depose().catch((err) => this.hooks.onError(err));
    this.current = { kind: 'electing' };
    await this.lease.close();
  }
}
