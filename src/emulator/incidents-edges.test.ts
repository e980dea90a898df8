// Edges of incidents: a price rise reclaims only the instances whose limit it passes, and a
// timed host failure cleared by hand before its time is simply over when that time comes.
import { afterEach, describe, expect, it } from 'vitest';
import { web, world } from '../../test/support/emulator-world.js';

const HOUR = 3600;
const zone = (spotPrice: number) => ({ regions: [{ regionId: 'cn-hangzhou', zones: [{ zoneId: 'cn-hangzhou-k', spotPrice }] }] });

describe('incidents at their edges', () => {
  let w: ReturnType<typeof world>;
  afterEach(async () => w.close());

  it('reclaims on a price rise only the SpotWithPriceLimit instances whose limit the new price passes', async () => {
    w = world({ spec: zone(0.05) });
    const low = w.emu.create({ ...web, containerGroupName: 'low', spotStrategy: 'SpotWithPriceLimit', spotPriceLimit: 0.06 });
    const high = w.emu.create({ ...web, containerGroupName: 'high', spotStrategy: 'SpotWithPriceLimit', spotPriceLimit: 0.5 });
    const go = w.emu.create({ ...web, containerGroupName: 'go', spotStrategy: 'SpotAsPriceGo' });
    w.advance(2 * HOUR);
    w.emu.changeWorld(zone(0.07));
    w.advance(10 * 60);
    expect([low, high, go].map((g) => w.status(g.id))).toEqual(['Expired', 'Running', 'Running']);
    // Those two can still be reclaimed by the market later.
    expect(w.emu.reclaimSpot({ zoneId: 'cn-hangzhou-k' }).sort()).toEqual([high.id, go.id].sort());
  });

  it('lets a timed host failure that was cleared early end quietly, and a new one on the host keep it down', () => {
    w = world({ spec: { regions: [{ regionId: 'cn-hangzhou', zones: [{ zoneId: 'cn-hangzhou-k', hosts: [{ id: 'h1' }, { id: 'h2' }] }] }] } });
    const first = w.emu.injectFault({ kind: 'host-failure', target: 'h1', duration: 600_000_000 });
    w.emu.clearFault(first.id);
    w.emu.injectFault({ kind: 'host-failure', target: 'h1' });
    expect(() => w.advance(601)).not.toThrow();
    // The second failure (no duration) still holds: nothing is placed on h1.
    expect(w.emu.worldState().faults.map((f) => f.target)).toEqual(['h1']);
    const g = w.emu.create(web);
    w.advance(5);
    expect(w.emu.get('default', g.id)).toMatchObject({ status: 'Running', hostId: 'h2' });
  });
});
