// Who runs the emulator. Several replicas on one PostgreSQL database share one emulator: exactly
// one of them, the leader, holds its state in memory and fires its timers; the others forward
// emulator traffic to it. The lease says who that is, survives no process (PostgreSQL releases a
// session's advisory lock when its connection ends, kill -9 included) and fences a deposed
// leader's writes by an epoch that every taking-over bumps.
import type { Micros } from '../model/event.js';

/** What a replica publishes when it leads: where followers forward to. */
export interface Advertisement {
  /** The replica's name (its advertised URL unless told otherwise), shown in answers and /healthz. */
  replica: string;
  /** The HTTP API: the OpenAPI and the /v1 routes. */
  apiUrl: string;
  /** The TLS listener of the Kubernetes-style API, when this replica has one. */
  kubeUrl?: string;
  /** SHA-256 fingerprint of that listener's certificate (`AB:CD:...`), which followers pin. */
  kubeFingerprint?: string;
}

/** The published leader: the last replica to take the lease, and the epoch it took it at. */
export interface LeaderRecord extends Advertisement {
  epoch: number;
  /** When it took the lease (wall clock, microseconds). */
  since: Micros;
}

/**
 * A check run first inside every transaction that writes emulator state: unless its statement
 * changes exactly one row, the transaction rolls back (the shape of the durable state's
 * StateFence, in the backend's own dialect).
 */
export interface LeaseFence {
  sql: string;
  params: readonly unknown[];
}

export interface EmulatorLease {
  /** False where one process is the only possible leader (SQLite): it leads from the start. */
  readonly shared: boolean;
  /**
   * Takes the lease when no live replica holds it, publishing `self` under a new epoch; the
   * record when taken (or already held by this lease), undefined when another replica holds it.
   */
  tryAcquire(self: Advertisement): Promise<LeaderRecord | undefined>;
  /** The published leader, undefined before any replica ever led. */
  current(): Promise<LeaderRecord | undefined>;
  /**
   * Whether this lease still holds the leadership it took: its connection is alive and no other
   * replica has published a later epoch. False once lost (it does not come back by itself).
   */
  stillHeld(): Promise<boolean>;
  /** The check that refuses a turn's commit once `epoch` is no longer the published one. */
  fence(epoch: number): LeaseFence | undefined;
  /** Gives up the leadership it holds (a follower may take it at once); the lease stays usable. */
  release(): Promise<void>;
  /** Gives the lease up for good (closing its connection). */
  close(): Promise<void>;
}

/** A second `serve` on a SQLite database another process serves. */
export class LeaseHeldError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LeaseHeldError';
  }
}
