// ResizeContainerGroupVolume through the official SDK against `eci-events serve --world FILE
// --clock virtual`: a running group's disk volume grows against the account's disk quota, which
// later creations then see (DryRun answers DiskCapacityQuotaFull where it passed before); growth
// past the quota, shrinking, a volume that is not a disk, a group not Running and bad parameters
// are refused with ECI's code and HTTP status, naming the parameter, and change nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { $Eci, sdkError } from './support/eci-sdk.js';
import { DEFAULT, createGroup, deleteGroup, expectStatus, startWorld, type CreateOptions, type WorldServer } from './support/world-scenarios.js';
import { REQUEST_ID } from './support/eci-views.js';

const HZ = 'cn-hangzhou';

const disk = (name: string, diskSize: number) =>
  new $Eci.CreateContainerGroupRequestVolume({ name, type: 'DiskVolume', diskVolume: new $Eci.CreateContainerGroupRequestVolumeDiskVolume({ diskSize }) });

describe('ResizeContainerGroupVolume (SDK, virtual clock)', () => {
  let ws: WorldServer;
  let db: string;

  beforeAll(async () => {
    ws = await startWorld('volumes', { accounts: [{ id: DEFAULT, quotas: { diskGiB: 100 } }] });
    db = (
      await createGroup(ws, DEFAULT, 'db', {
        volume: [disk('data', 40), new $Eci.CreateContainerGroupRequestVolume({ name: 'scratch', type: 'EmptyDirVolume' })],
      })
    ).id;
    await ws.advance('10s');
    await expectStatus(ws, DEFAULT, HZ, db, 'Running');
  });
  afterAll(async () => ws?.stop());

  const resize = (over: Record<string, unknown>) =>
    ws.client().resizeContainerGroupVolume(new $Eci.ResizeContainerGroupVolumeRequest({ regionId: HZ, containerGroupId: db, volumeName: 'data', ...over }));
  /** Whether a creation with a disk of `gib` GiB fits the quota now: a dry run answers DryRunOperation, or the cause that refuses it. */
  const dryRunWith = async (gib: number) => {
    const opts: CreateOptions = { dryRun: true, volume: [disk('more', gib)] };
    const f = await sdkError(
      ws.client().createContainerGroup(
        new $Eci.CreateContainerGroupRequest({
          regionId: HZ,
          containerGroupName: 'probe',
          container: [new $Eci.CreateContainerGroupRequestContainer({ name: 'app', image: 'nginx' })],
          ...opts,
        }),
      ),
    );
    return `${f.statusCode} ${String(f.data.Code)}: ${String(f.data.Message)}`;
  };
  const PASSES = '400 DryRunOperation: Request validation has been passed with DryRun flag set.';
  const FULL = '400 DiskCapacityQuotaFull: DryRun: Your disk capacity quota is exceeded';

  it("grows a disk volume: the account's disk quota then holds the new size", async () => {
    expect(await dryRunWith(60)).toBe(PASSES);
    const r = await resize({ newSize: 60, clientToken: 'resize-1' });
    expect(r.statusCode).toBe(200);
    expect(r.body!.requestId).toMatch(REQUEST_ID);
    expect(await dryRunWith(60)).toBe(FULL);
    expect(await dryRunWith(40)).toBe(PASSES);
    // The same size again only grows the file system: accepted, nothing changes.
    expect((await resize({ newSize: 60 })).statusCode).toBe(200);
    expect(await dryRunWith(40)).toBe(PASSES);
  });

  it('refuses growth past the quota (DiskCapacityQuotaFull) and shrinking, changing nothing', async () => {
    const full = await sdkError(resize({ newSize: 120 }));
    expect({ status: full.statusCode, code: full.data.Code, message: full.data.Message }).toEqual({
      status: 400,
      code: 'DiskCapacityQuotaFull',
      message: 'Your disk capacity quota is exceeded',
    });
    const shrink = await sdkError(resize({ newSize: 50 }));
    expect({ status: shrink.statusCode, code: shrink.data.Code }).toEqual({ status: 400, code: 'InvalidParameter' });
    expect(String(shrink.data.Message)).toMatch(/NewSize.*60 GiB.*only be expanded/);
    expect(await dryRunWith(40)).toBe(PASSES);
    expect(await dryRunWith(41)).toBe(FULL);
  });

  it("refuses what is not a disk volume of a running group, and bad parameters, with ECI's codes", async () => {
    const pending = (
      await createGroup(ws, DEFAULT, 'pending', { containers: [{ name: 'app', image: 'registry.example.test/app:1' }], volume: [disk('data', 20)] })
    ).id;
    await ws.advance('5s');
    await expectStatus(ws, DEFAULT, HZ, pending, 'Pending');
    const cases: Array<[() => Promise<unknown>, number, string, string]> = [
      [
        () => resize({ volumeName: 'scratch', newSize: 80 }),
        403,
        'InvalidVolumeType',
        'The specified volumeName is invalid, only volume of cloud disk support capacity resize',
      ],
      [() => resize({ volumeName: 'nope', newSize: 80 }), 400, 'InvalidParameter', 'VolumeName'],
      [() => resize({ containerGroupId: pending, newSize: 30 }), 403, 'IncorrectStatusDetail', 'Pending'],
      [() => resize({ containerGroupId: 'eci-nosuchgroup000000000', newSize: 80 }), 404, 'InvalidContainerGroupId.NotFound', 'ContainerGroupId'],
      [() => resize({ newSize: 10 }), 400, 'InvalidParameter', 'NewSize'],
      [() => resize({ newSize: 40_000 }), 400, 'InvalidParameter', 'NewSize'],
      [() => resize({ volumeName: undefined, newSize: 80 }), 400, 'MissingParameter', 'VolumeName'],
      [() => resize({}), 400, 'MissingParameter', 'NewSize'],
    ];
    for (const [call, status, code, text] of cases) {
      const f = await sdkError(call());
      expect({ status: f.statusCode, code: f.data.Code }, String(f.data.Message)).toEqual({ status, code });
      expect(String(f.data.Message)).toContain(text);
    }
    // Placed while it pulls, the pending group holds its 20 GiB; the running one still 60 GiB.
    expect(await dryRunWith(20)).toBe(PASSES);
    expect(await dryRunWith(21)).toBe(FULL);
    await deleteGroup(ws, DEFAULT, HZ, pending);
    await ws.advance('1m');
    expect(await dryRunWith(40)).toBe(PASSES);
    expect(await dryRunWith(41)).toBe(FULL);
  });

  it('a deleted group gives its grown disk back to the quota', async () => {
    await deleteGroup(ws, DEFAULT, HZ, db);
    await ws.advance('1m');
    expect(await dryRunWith(100)).toBe(PASSES);
  });
});
