import { describe, expect, it } from 'vitest';
import type { WorldSpec } from '../../emulator/world/spec.js';
import { balancePatch, spotPricePatch, stockPatch, zoneStatePatch } from './world-patch.js';

const types = ['ecs.c6.large', 'ecs.g6.large'].map((name) => ({ name, cpu: 2, memory: 4 }));
const world = (zone: Record<string, unknown>): WorldSpec =>
  ({ instanceTypes: types, regions: [{ regionId: 'r1', zones: [{ zoneId: 'z1', ...zone }] }] }) as WorldSpec;
const zonePatch = (fields: Record<string, unknown>) => ({ regions: [{ regionId: 'r1', zones: [{ zoneId: 'z1', ...fields }] }] });

describe('the patches of the world convenience verbs', () => {
  it('stock: one number for the zone, null for unlimited', () => {
    expect(stockPatch(world({}), 'z1', undefined, '3').patch).toEqual(zonePatch({ stock: 3 }));
    expect(stockPatch(world({ stock: 3 }), 'z1', undefined, 'unlimited').patch).toEqual(zonePatch({ stock: null }));
  });

  it("stock of one type keeps the other types' stock, and says so when they had unlimited stock", () => {
    expect(stockPatch(world({ stock: 3 }), 'z1', 'ecs.g6.large', '0').patch).toEqual(zonePatch({ stock: { 'ecs.c6.large': 3, 'ecs.g6.large': 0 } }));
    expect(stockPatch(world({ stock: { 'ecs.c6.large': 1 } }), 'z1', 'ecs.g6.large', '2').patch).toEqual(zonePatch({ stock: { 'ecs.g6.large': 2 } }));
    expect(stockPatch(world({}), 'z1', 'ecs.g6.large', '2').note).toMatch(/had unlimited stock/);
  });

  it('refuses what it cannot say: an unknown zone or type, a negative stock, one type unlimited', () => {
    expect(() => stockPatch(world({}), 'z9', undefined, '1')).toThrow('no zone "z9" in the world; its zones are z1');
    expect(() => stockPatch(world({}), 'z1', 'ecs.x.y', '1')).toThrow('no instance type "ecs.x.y" in the world');
    expect(() => stockPatch(world({}), 'z1', undefined, '-1')).toThrow('the stock must be a whole number, got "-1"');
    expect(() => stockPatch(world({}), 'z1', 'ecs.c6.large', 'unlimited')).toThrow(/drop --type/);
  });

  it('zone state, balance, spot price', () => {
    expect(zoneStatePatch(world({}), 'z1', 'closed').patch).toEqual(zonePatch({ state: 'closed' }));
    expect(() => zoneStatePatch(world({}), 'z1', 'shut')).toThrow('--state takes open, limited, closed, got "shut"');
    expect(balancePatch('acme', '-5').patch).toEqual({ accounts: [{ id: 'acme', balance: -5 }] });
    expect(() => balancePatch('acme', 'lots')).toThrow('the balance takes a number, got "lots"');
    expect(spotPricePatch(world({ spotPrice: 0.1 }), 'z1', 'ecs.c6.large', '0.5').patch).toEqual(
      zonePatch({ spotPrice: { 'ecs.c6.large': 0.5, 'ecs.g6.large': 0.1 } }),
    );
    expect(spotPricePatch(world({}), 'z1', undefined, '0.2').patch).toEqual(zonePatch({ spotPrice: 0.2 }));
  });
});
