// What the API knows of the replicas: its own name, and who runs the emulator now.
import type { LeaderRecord, Role } from '../../store/index.js';

/** The header naming the replica that answered (the leader's name on a forwarded answer). */
export const REPLICA_HEADER = 'x-eci-events-replica';
/** On a forwarded answer, the follower that forwarded it. */
export const FORWARDED_BY_HEADER = 'x-eci-events-forwarded-by';

export interface ReplicaView {
  /** This replica's name (its advertised URL unless told otherwise). */
  name: string;
  role(): Role;
  /** The wait a client is told (Retry-After) while no leader answers: about one election round. */
  retryAfterSeconds: number;
}

/** The replica's role as /healthz and the banner say it. */
export function describeRole(role: Role): { role: 'leader' | 'follower' | 'electing'; leader?: string; epoch?: number } {
  if (role.kind === 'leader') return { role: 'leader', leader: role.record.replica, epoch: role.record.epoch };
  if (role.kind === 'follower') return { role: 'follower', leader: role.leader.replica, epoch: role.leader.epoch };
  return { role: 'electing' };
}

export type { LeaderRecord, Role };
