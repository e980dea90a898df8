import { describe, expect, it } from 'vitest';
import { accountView, type WorldState } from './world-view.js';

const state: WorldState = {
  world: {
    regions: [{ regionId: 'r', zones: [{ zoneId: 'z', hosts: [{ id: 'h1' }] }] }],
    accounts: [
      { id: 'default', balance: 5 },
      { id: 'acme', balance: 7 },
    ],
  },
  hosts: [{ id: 'h1', zoneId: 'z', vcpu: 8, usedVcpu: 4, health: 'healthy', maintenance: false }],
  placements: [
    { containerGroupId: 'eci-op', account: 'default', zoneId: 'z', hostId: 'h1', instanceType: 't', spot: false, ip: '10.0.0.1', eipId: 'eip-1' },
    { containerGroupId: 'eci-ac', account: 'acme', zoneId: 'z', hostId: 'h1', instanceType: 't', spot: true, ip: '10.0.0.2' },
  ],
  faults: [{ id: 'fault-1', kind: 'host-reboot', target: 'h1', injectedAt: 0, hits: 0 }],
};

describe('accountView', () => {
  it("keeps the shared world and drops every other account's settings and instances", () => {
    const view = accountView(state, 'acme');
    expect(view.world.accounts).toEqual([{ id: 'acme', balance: 7 }]);
    expect(view.placements.map((p) => p.containerGroupId)).toEqual(['eci-ac']);
    expect(view.world.regions).toBe(state.world.regions);
    expect(view.hosts).toBe(state.hosts);
    expect(view.faults).toBe(state.faults);
    expect(JSON.stringify(view)).not.toMatch(/eci-op|10\.0\.0\.1|eip-1|"default"/);
  });

  it("keeps the order of the world's fields and leaves a world without accounts as it is", () => {
    expect(Object.keys(accountView(state, 'acme').world)).toEqual(Object.keys(state.world));
    const bare = { ...state, world: { regions: state.world.regions } };
    expect(accountView(bare, 'nobody').world).toBe(bare.world);
    expect(accountView(state, 'nobody')).toMatchObject({ placements: [], world: { accounts: [] } });
  });

  it('shows that a registry is private, never its credentials', () => {
    const withRegistry = {
      ...state,
      world: { ...state.world, registries: [{ host: 'acr.example.com', private: true, credentials: [{ username: 'deployer', password: 's3cret' }] }] },
    };
    const view = accountView(withRegistry, 'acme');
    expect(view.world.registries).toEqual([{ host: 'acr.example.com', private: true }]);
    expect(JSON.stringify(view)).not.toMatch(/s3cret|deployer/);
    expect(withRegistry.world.registries[0]!.credentials).toHaveLength(1);
  });
});
