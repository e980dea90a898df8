// `eci-events world host-list`: every modelled host with its health and what runs on it, read from
// GET /v1/world (the world's hosts, the placements, the faults in force).
import type { WorldRuntime } from '../../contracts/index.js';
import type { WorldSpec } from '../../emulator/index.js';

/** GET /v1/world's answer: the world (the emulator's schema) and the rest (the contracts'). */
export type WorldState = { world: WorldSpec } & WorldRuntime;

export interface HostRow {
  hostId: string;
  zoneId: string;
  /** vCPUs its instances use, and the host's own. */
  vcpuUsed: number;
  vcpu: number;
  health: 'healthy' | 'failed' | 'maintenance';
  /** The host's faults in force, as "fault-3 runtime-error". */
  faults: string[];
  containerGroupIds: string[];
}

/** The hosts as the emulator places instances by them: a failed host or one with a maintenance planned takes nothing new. */
export function hostRows(state: WorldState): HostRow[] {
  return state.hosts.map((h) => {
    const on = state.placements.filter((p) => p.hostId === h.id);
    return {
      hostId: h.id,
      zoneId: h.zoneId,
      vcpuUsed: h.usedVcpu,
      vcpu: h.vcpu,
      health: h.health === 'failed' ? 'failed' : h.maintenance ? 'maintenance' : 'healthy',
      faults: state.faults.filter((f) => f.target === h.id).map((f) => `${f.id} ${f.kind}`),
      containerGroupIds: on.map((p) => p.containerGroupId),
    };
  });
}
