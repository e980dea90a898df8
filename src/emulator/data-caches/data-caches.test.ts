// Data caches on a manual clock: each step of the load at the time it falls, the loader's script,
// and the causes the SDK scenarios do not reach (a full vSwitch, a deleted job, a region's source).
import { afterEach, describe, expect, it } from 'vitest';
import { refusal, S, T0, world, type World } from '../../../test/support/emulator-world.js';
import { containerFate } from '../container-fate.js';
import { DEFAULT_TIMINGS } from '../timings.js';
import { loaderScript, planLoad } from './job.js';
import type { CreateDataCacheRequest } from './requests.js';

const SPEC = {
  dataSources: [
    { type: 'URL' as const, location: 'https://data.example.com/d', sizeGB: 5, speedMBps: 50 },
    { type: 'OSS' as const, location: 'models', sizeGB: 1, regionId: 'cn-beijing' },
  ],
};
const req = (over: Partial<CreateDataCacheRequest> = {}): CreateDataCacheRequest => ({
  account: 'default',
  regionId: 'cn-hangzhou',
  name: 'd',
  path: '/d',
  dataSource: { type: 'URL', options: { url: 'https://data.example.com/d' } },
  ...over,
});

async function cacheEvents(w: World, id: string) {
  await w.recorder.drain();
  const stored = (await w.store.list({})).filter((e) => e.involvedObject.kind === 'DataCache' && e.involvedObject.name === id).reverse();
  return stored.map((e) => `${(e.lastTimestamp - T0) / S} ${e.reason} ${e.message}`);
}

describe('data caches: the loader', () => {
  it('the loader script exits 0 after the load when the data fits, 1 with the error when it does not', () => {
    const fits = planLoad(5, 20, 50);
    expect(fits).toEqual({ sourceBytes: 5e9, capacityBytes: 20 * 1024 ** 3, fits: true, seconds: 100 });
    const cache = {
      id: 'edc-x',
      dataSource: { type: 'URL' as const, options: { url: 'https://data.example.com/d' } },
      bucket: 'default',
      path: '/d',
      sizeGiB: 20,
    };
    const ok = loaderScript(cache as never, fits);
    expect(containerFate(['sh', '-c', ok], [])).toEqual({ kind: 'exits', after: 100 * S, exitCode: 0 });
    const tooBig = planLoad(30, 20, 100);
    expect(tooBig.fits).toBe(false);
    // It writes until the 20 GiB disk is full.
    expect(tooBig.seconds).toBe(Math.ceil((20 * 1024 ** 3) / 100e6));
    const bad = loaderScript(cache as never, tooBig);
    expect(bad).toContain('data-loader: error: write /d: no space left on device');
    expect(containerFate(['sh', '-c', bad], [])).toEqual({ kind: 'exits', after: tooBig.seconds * S, exitCode: 1 });
  });
});

/** Advances a second at a time until the group is Running (the job's own steps decide when). */
function untilRunning(w: World, id: string): void {
  for (let i = 0; i < 600 && w.status(id) !== 'Running'; i++) w.advance(1);
  expect(w.status(id)).toBe('Running');
}

describe('data caches: a load on the clock', () => {
  let w: World;
  afterEach(async () => w.close());

  it('Creating → (proxy 10 s, job created) → Loading when the job runs → Available after the snapshot; the job Succeeded', async () => {
    w = world({ spec: SPEC });
    const c = w.emu.dataCaches.create(req());
    expect(c).toMatchObject({ status: 'Creating', bucket: 'default', sizeGiB: 20, progress: 0 });
    expect(c.id).toMatch(/^edc-bp1[a-z0-9]{17}$/);
    const get = () => w.emu.dataCaches.get('default', c.id)!;
    w.at(9);
    expect(get().containerGroupId).toBeUndefined();
    w.at(10);
    const job = get().containerGroupId!;
    expect(w.emu.get('default', job)).toMatchObject({ name: `${c.id}-loader`, restartPolicy: 'Never' });
    expect(get().status).toBe('Creating');
    untilRunning(w, job);
    const loading = get();
    expect(loading.status).toBe('Loading');
    const started = (loading.loadWindow!.from - T0) / S;
    w.at(started + 50);
    expect(get().progress).toBe(50);
    w.at(started + 100);
    expect(w.status(job)).toBe('Succeeded');
    // The snapshot: 30 s + 5 s per GiB loaded, whole seconds (5e9 bytes is 4.66 GiB: 23.3 s, 24).
    w.at(started + 100 + 54 - 1);
    expect(get().status).toBe('Loading');
    w.at(started + 100 + 54);
    expect(get()).toMatchObject({ status: 'Available', progress: 100, usedBytes: 5e9 });
    expect(await cacheEvents(w, c.id)).toEqual([]);
  });

  it('DataCacheProxyCreateFailed when the vSwitch has no free address; the proxy holds one only while it loads', async () => {
    w = world({
      spec: {
        ...SPEC,
        regions: [
          {
            regionId: 'cn-hangzhou',
            zones: [{ zoneId: 'cn-hangzhou-k' }],
            vpcs: [{ vpcId: 'vpc-a', isDefault: true, vSwitches: [{ vSwitchId: 'vsw-tiny', zoneId: 'cn-hangzhou-k', cidr: '10.0.0.0/29' }] }],
          },
        ],
      },
    });
    // A /29 has 4 usable addresses: take them all.
    for (let i = 0; i < 4; i++) expect(w.emu.world.ips.allocate('vsw-tiny', '10.0.0.0/29')).toBeDefined();
    const c = w.emu.dataCaches.create(req());
    w.at(10);
    expect(w.emu.dataCaches.get('default', c.id)!.status).toBe('Failed');
    expect(await cacheEvents(w, c.id)).toEqual([
      '10 DataCacheProxyCreateFailed The proxy of dataCache create failed for the vSwitch vsw-tiny has no free IP address, please check it again',
    ]);
  });

  it('DataCacheSourceIllegal for a source of another region; refusals change nothing', async () => {
    w = world({ spec: SPEC });
    const c = w.emu.dataCaches.create(req({ path: '/oss', dataSource: { type: 'OSS', options: { bucket: 'models' } } }));
    w.at(10);
    expect(w.emu.dataCaches.get('default', c.id)!.status).toBe('Failed');
    expect(await cacheEvents(w, c.id)).toEqual([
      '10 DataCacheSourceIllegal The source of dataCache is illegal or un-reachable in you network, please check it again',
    ]);
    expect(refusal(() => w.emu.dataCaches.create(req({ bucket: 'eci-system' }))).code).toBe('InvalidBucket.Reserved');
    expect(refusal(() => w.emu.dataCaches.create(req({ path: '/oss' }))).code).toBe('DataCache.AlreadyExists');
    expect(refusal(() => w.emu.dataCaches.create(req({ regionId: 'cn-nowhere' }))).code).toBe('InvalidRegionId.NotFound');
    expect(w.emu.dataCaches.list('default', 'cn-hangzhou', {}, 20).totalCount).toBe(1);
  });

  it('a job deleted while it loads fails the cache (DataCacheLoadFailed); DeleteDataCache deletes a job in progress', async () => {
    w = world({ spec: SPEC });
    const a = w.emu.dataCaches.create(req());
    w.at(10);
    const job = w.emu.dataCaches.get('default', a.id)!.containerGroupId!;
    untilRunning(w, job);
    w.emu.delete('default', job);
    expect(w.emu.dataCaches.get('default', a.id)!.status).toBe('Failed');
    expect((await cacheEvents(w, a.id)).map((l) => l.split(' ')[1])).toEqual(['DataCacheLoadFailed']);

    const b = w.emu.dataCaches.create(req({ path: '/b' }));
    w.advance(60);
    const jobB = w.emu.dataCaches.get('default', b.id)!.containerGroupId!;
    w.emu.dataCaches.delete('default', b.id);
    expect(w.status(jobB)).toBe('Terminating');
    expect(w.emu.dataCaches.get('default', b.id)).toBeUndefined();
    expect(await cacheEvents(w, b.id)).toEqual([]);
  });

  it('the job has 10 minutes to start: a zone without stock leaves it unplaced (DataCacheJobCreateFailed names it)', async () => {
    w = world({ spec: { ...SPEC, regions: [{ regionId: 'cn-hangzhou', zones: [{ zoneId: 'cn-hangzhou-k', stock: 0 }] }] } });
    const c = w.emu.dataCaches.create(req());
    w.at(10 + (DEFAULT_TIMINGS.accept + DEFAULT_TIMINGS.schedule) / S + 120);
    const cache = w.emu.dataCaches.get('default', c.id)!;
    expect(cache.status).toBe('Failed');
    expect(w.status(cache.containerGroupId!)).toBe('ScheduleFailed');
    const [line] = await cacheEvents(w, c.id);
    expect(line).toMatch(
      new RegExp(
        `DataCacheJobCreateFailed The job of dataCache create failed for the job ${cache.containerGroupId} could not be placed, see its events, please check it again$`,
      ),
    );
  });
});

describe('data caches: closing the emulator', () => {
  it('leaves a loading job as it is: no step and no event after close', async () => {
    const w = world({ spec: SPEC });
    const c = w.emu.dataCaches.create(req());
    w.at(10);
    const job = w.emu.dataCaches.get('default', c.id)!.containerGroupId!;
    untilRunning(w, job);
    w.emu.close();
    expect(w.status(job)).toBe('Running');
    expect(w.scheduler.pending).toBe(0);
    await w.close();
  });
});
