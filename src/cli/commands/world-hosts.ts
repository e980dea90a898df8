// `eci-events world host-list`: every modelled host with its health and what runs on it, read from
// GET /v1/world (the world's hosts, the placements, the faults in force).
import type { WorldSpec } from '../../emulator/index.js';

export interface WorldState {
  world: WorldSpec;
  placements: Array<{ containerGroupId: string; zoneId: string; hostId: string; instanceType: string; spot: boolean }>;
  faults: Array<{ id: string; kind: string; target: string }>;
}

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

/**
 * The host's health as the emulator places instances by it: a host-failure in force takes it down,
 * a planned maintenance takes it out of placement; other host faults only hit new operations.
 */
export function hostRows(state: WorldState): HostRow[] {
  const cpu = new Map((state.world.instanceTypes ?? []).map((t) => [t.name, t.cpu]));
  const rows: HostRow[] = [];
  for (const r of state.world.regions ?? []) {
    for (const z of r.zones) {
      for (const h of Array.isArray(z.hosts) ? z.hosts : []) {
        const on = state.placements.filter((p) => p.hostId === h.id);
        const faults = state.faults.filter((f) => f.target === h.id);
        const health = faults.some((f) => f.kind === 'host-failure') ? 'failed' : faults.some((f) => f.kind === 'host-maintenance') ? 'maintenance' : 'healthy';
        rows.push({
          hostId: h.id,
          zoneId: z.zoneId,
          vcpuUsed: on.reduce((n, p) => n + (cpu.get(p.instanceType) ?? 0), 0),
          vcpu: h.vcpu ?? 0,
          health,
          faults: faults.map((f) => `${f.id} ${f.kind}`),
          containerGroupIds: on.map((p) => p.containerGroupId),
        });
      }
    }
  }
  return rows;
}
