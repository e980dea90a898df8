// What one tenant may see of the world. The world's shared parts (regions, zones and their
// stock, hosts and their load, networks, the spot market, the faults in force) are everybody's;
// an account's own settings (balance, quotas, permissions, SLS projects) and its instances (where
// they run, their addresses and EIPs) are its own, and the operator's.
import type { Fault } from './world/faults.js';
import type { WorldSpec } from './world/spec.js';

export interface Placement {
  containerGroupId: string;
  account: string;
  zoneId: string;
  hostId: string;
  instanceType: string;
  spot: boolean;
  ip: string;
  eipId?: string;
}

export interface HostState {
  id: string;
  zoneId: string;
  vcpu: number;
  usedVcpu: number;
  health: 'healthy' | 'failed';
  maintenance: boolean;
}

export interface WorldState {
  world: WorldSpec;
  hosts: HostState[];
  placements: Placement[];
  faults: Fault[];
}

/** The world as `account` may see it: no other account's settings, instances or addresses. */
export function accountView(state: WorldState, account: string): WorldState {
  const { accounts } = state.world;
  return {
    ...state,
    world: accounts === undefined ? state.world : { ...state.world, accounts: accounts.filter((a) => a.id === account) },
    placements: state.placements.filter((p) => p.account === account),
  };
}
