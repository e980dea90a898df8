// Resizing volumes on a manual clock: an attached disk of the world grows in the world; a
// regional disk quota refuses with the region in the seed's text.
import { afterEach, describe, expect, it } from 'vitest';
import { refusal, world, type World } from '../../../test/support/emulator-world.js';
import type { WorldSpec } from '../world/spec.js';

const HZ = 'cn-hangzhou';
const SPEC: WorldSpec = {
  regions: [{ regionId: HZ, zones: [{ zoneId: 'cn-hangzhou-k' }], disks: [{ diskId: 'd-bp1data', zoneId: 'cn-hangzhou-k', sizeGiB: 50 }] }],
  accounts: [{ id: 'default', quotas: { diskGiBPerRegion: { [HZ]: 100 } } }],
};

describe('ResizeContainerGroupVolume', () => {
  let w: World;
  afterEach(async () => w.close());

  const group = () => {
    const g = w.emu.create({
      regionId: HZ,
      containerGroupName: 'db',
      containers: [{ name: 'db', image: 'nginx' }],
      volumes: [
        { name: 'attached', type: 'DiskVolume', diskId: 'd-bp1data' },
        { name: 'made', type: 'DiskVolume', diskSize: 40 },
      ],
    });
    w.advance(10);
    expect(w.status(g.id)).toBe('Running');
    return g.id;
  };
  const resize = (id: string, volumeName: string, newSize: number) =>
    w.emu.volumes.resize({ account: 'default', regionId: HZ, containerGroupId: id, volumeName, newSize });

  it('grows an attached disk of the world in the world, not in the quota', () => {
    w = world({ spec: SPEC });
    const id = group();
    expect(resize(id, 'attached', 500)).toBe(500);
    expect(w.emu.world.region(HZ)!.disks![0]!.sizeGiB).toBe(500);
    expect(w.emu.world.placements.get(id)!.diskGiB).toBe(40);
    expect(refusal(() => resize(id, 'attached', 400)).parameter).toBe('NewSize');
  });

  it("refuses past the regional quota with the region in the seed's text, changing nothing", () => {
    w = world({ spec: SPEC });
    const id = group();
    const e = refusal(() => resize(id, 'made', 101));
    expect({ code: e.code, message: e.message }).toEqual({ code: 'DiskCapacityQuotaFull', message: `Your disk capacity quota in [${HZ}] is exceeded` });
    expect(w.emu.world.placements.get(id)!.diskGiB).toBe(40);
    expect(resize(id, 'made', 100)).toBe(100);
    expect(w.emu.world.placements.get(id)!.diskGiB).toBe(100);
  });
});
