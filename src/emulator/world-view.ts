// What one tenant may see of the world. The world's shared parts (regions, zones and their
// stock, hosts and their load, networks, the spot market, the faults in force) are everybody's;
// an account's own settings (balance, quotas, permissions, SLS projects) and its instances (where
// they run, their addresses and EIPs) are its own, and the operator's. A registry's credentials
// are the operator's too: a tenant sees that a registry is private, never its passwords.
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

/** The world as `account` may see it: no other account's settings, instances or addresses, no registry's credentials. */
export function accountView(state: WorldState, account: string): WorldState {
  const { accounts, registries } = state.world;
  let world = state.world;
  if (accounts !== undefined || registries !== undefined) {
    world = { ...world };
    if (accounts !== undefined) world.accounts = accounts.filter((a) => a.id === account);
    if (registries !== undefined) world.registries = registries.map(({ credentials: _hidden, ...shown }) => shown);
  }
  return {
    ...state,
    world,
    placements: state.placements.filter((p) => p.account === account),
  };
}
