// Data caches through the official SDK against `eci-events serve --world FILE --clock virtual`:
// one named scenario per DataCache row, each from its cause in the world, and the five
// operations end to end. A cache loads through a proxy in its vSwitch and a job that is a real
// container group of the account (DescribeContainerGroups shows it, its events are its own).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorldSpec } from '../src/emulator/world/spec.js';
import { $Eci, sdkError } from './support/eci-sdk.js';
import { expectError } from './support/eci-views.js';
import { DEFAULT, describeGroup, injectFault, startWorld, type WorldServer } from './support/world-scenarios.js';

const HZ = 'cn-hangzhou';
const ROWS: Record<string, string> = {
  DataCacheProxyCreateFailed: 'The proxy of dataCache create failed for %s, please check it again',
  DataCacheSourceIllegal: 'The source of dataCache is illegal or un-reachable in you network, please check it again',
  DataCacheJobCreateFailed: 'The job of dataCache create failed for %s, please check it again',
  DataCacheJobStartFailed: 'The job for dataCache start failed, see the detail in the events of job',
  DataCacheLoadFailed: 'Some error occurred when loading data cache, see the detail in the log of job',
};

const WORLD: WorldSpec = {
  dataSources: [
    { type: 'URL', location: 'https://models.example.com/qwen-7b', sizeGB: 2 },
    { type: 'URL', location: 'https://models.example.com/huge', sizeGB: 30 },
    { type: 'NAS', location: '0a1b2c-xyz.cn-hangzhou.nas.aliyuncs.com', sizeGB: 1, vpcIds: ['vpc-elsewhere'] },
  ],
  accounts: [{ id: 'tight', quotas: { diskGiB: 10 } }],
};

function dataCacheScenario(reason: string, cause: string, fn: () => Promise<void>): void {
  it(`${reason} (Warning: "${ROWS[reason]}") ← ${cause}`, fn);
}

describe('world scenarios: data caches', () => {
  let ws: WorldServer;
  beforeAll(async () => {
    ws = await startWorld('data-caches', WORLD, ['tight']);
  });
  afterAll(async () => ws?.stop());

  const create = async (path: string, url: string, more: Record<string, unknown> = {}, account = DEFAULT) => {
    const r = await ws.client(account).createDataCache(
      new $Eci.CreateDataCacheRequest({
        regionId: HZ,
        path,
        dataSource: new $Eci.CreateDataCacheRequestDataSource({ type: 'URL', options: { url } }),
        ...more,
      }),
    );
    expect(r.statusCode).toBe(200);
    expect(r.body!.dataCacheId).toMatch(/^edc-[a-z0-9]+$/);
    return r.body!.dataCacheId!;
  };
  const describeCaches = async (req: Record<string, unknown> = {}, account = DEFAULT, regionId = HZ) => {
    const r = await ws.client(account).describeDataCaches(new $Eci.DescribeDataCachesRequest({ regionId, ...req }));
    expect(r.statusCode).toBe(200);
    return r.body!;
  };
  const one = async (id: string, account = DEFAULT, regionId = HZ) => {
    const b = await describeCaches({ dataCacheId: [id] }, account, regionId);
    expect(b.dataCaches).toHaveLength(1);
    return b.dataCaches![0]!;
  };
  const reasons = async (id: string, account = DEFAULT) => (await one(id, account)).events!.map((e) => `${e.reason}: ${e.message}`);
  const jobEvents = async (jobId: string, account = DEFAULT) => {
    const r = await ws
      .client(account)
      .describeContainerGroupEvents(new $Eci.DescribeContainerGroupEventsRequest({ regionId: HZ, containerGroupIds: JSON.stringify([jobId]) }));
    return (r.body!.data?.find((d) => d.containerGroupId === jobId)?.events ?? []).map((e) => `${e.reason}: ${e.message}`);
  };

  it('a URL source loads through a job that is a container group of the account: Creating, Loading, Available with a snapshot', async () => {
    const id = await create('/models/qwen', 'https://models.example.com/qwen-7b', {
      bucket: 'team-a',
      size: 20,
      retentionDays: 3,
      tag: [new $Eci.CreateDataCacheRequestTag({ key: 'app', value: 'llm' })],
    });
    let c = await one(id);
    expect(c).toMatchObject({
      dataCacheId: id,
      status: 'Creating',
      bucket: 'team-a',
      path: '/models/qwen',
      size: 20,
      regionId: HZ,
      progress: '0%',
      dataSource: { type: 'URL' },
    });
    expect(JSON.parse(c.dataSource!.options!)).toEqual({ url: 'https://models.example.com/qwen-7b' });
    expect(c.tags).toEqual([expect.objectContaining({ key: 'app', value: 'llm' })]);
    expect(c.expireDateTime).toBeDefined();
    await ws.advance('30s');
    c = await one(id);
    const job = c.containerGroupId!;
    expect(job).toMatch(/^eci-/);
    // The job is a group of the account, named after the cache, running the loader.
    const g = (await describeGroup(ws, DEFAULT, HZ, job))!;
    expect(g).toMatchObject({ containerGroupName: `${id}-loader`, restartPolicy: 'Never' });
    expect(g.containers![0]!.image).toBe('registry-vpc.cn-hangzhou.aliyuncs.com/eci_open/data-loader:1.0');
    expect(g.containers![0]!.commands!.join(' ')).toContain(
      'echo data-loader: loading URL https://models.example.com/qwen-7b into bucket team-a path /models/qwen, 2000000000 bytes',
    );
    expect(c.status).toBe('Loading');
    await ws.advance('2m');
    c = await one(id);
    expect(c).toMatchObject({ status: 'Available', progress: '100%' });
    expect(c.snapshotId).toMatch(/^s-/);
    expect((await describeGroup(ws, DEFAULT, HZ, job))?.status).toBe('Succeeded');
    expect(await jobEvents(job)).toEqual(expect.arrayContaining([expect.stringMatching(/^Pulled: /), expect.stringMatching(/^Started: /)]));
    // Filters: bucket and path.
    expect((await describeCaches({ bucket: 'team-a' })).dataCaches!.map((x) => x.dataCacheId)).toContain(id);
    expect((await describeCaches({ bucket: 'nobody' })).totalCount).toBe(0);
    expect((await describeCaches({ path: '/models/qwen' })).dataCaches!.map((x) => x.dataCacheId)).toEqual([id]);
  });

  dataCacheScenario('DataCacheSourceIllegal', 'a URL the world does not hold, and a NAS mount target reachable only from another VPC', async () => {
    const a = await create('/illegal/url', 'https://nowhere.example.com/data');
    const nas = await ws.client().createDataCache(
      new $Eci.CreateDataCacheRequest({
        regionId: HZ,
        path: '/illegal/nas',
        dataSource: new $Eci.CreateDataCacheRequestDataSource({ type: 'NAS', options: { server: '0a1b2c-xyz.cn-hangzhou.nas.aliyuncs.com', path: '/' } }),
      }),
    );
    const b = nas.body!.dataCacheId!;
    await ws.advance('15s');
    for (const id of [a, b]) {
      const c = await one(id);
      expect(c.status).toBe('Failed');
      expect(c.containerGroupId).toBeUndefined();
      expect(await reasons(id)).toEqual([`DataCacheSourceIllegal: ${ROWS.DataCacheSourceIllegal}`]);
    }
  });

  dataCacheScenario('DataCacheProxyCreateFailed', 'the ENI service of the region fails when the proxy is created (fault eni-service-error)', async () => {
    await injectFault(ws, { kind: 'eni-service-error', target: HZ, count: 1 });
    const id = await create('/proxy/fails', 'https://models.example.com/qwen-7b');
    await ws.advance('15s');
    const c = await one(id);
    expect(c.status).toBe('Failed');
    const [line] = await reasons(id);
    expect(line).toMatch(
      /^DataCacheProxyCreateFailed: The proxy of dataCache create failed for the ENI of the proxy could not be created in vsw-\S+, please check it again$/,
    );
  });

  dataCacheScenario('DataCacheJobCreateFailed', "the job's data disk (Size 20 GiB) is over the account's disk quota of 10 GiB", async () => {
    const id = await create('/quota/job', 'https://models.example.com/qwen-7b', {}, 'tight');
    await ws.advance('1m');
    const c = await one(id, 'tight');
    expect(c.status).toBe('Failed');
    // The cache's events are its job's too: the job's own refusal says why, and the cache's row names the job.
    const lines = await reasons(id, 'tight');
    expect(lines).toContain('DiskCapacityQuotaFull: Your disk capacity quota is exceeded');
    const row = lines.filter((l) => l.startsWith('DataCacheJobCreateFailed: '));
    expect(row).toHaveLength(1);
    expect(row[0]).toMatch(
      new RegExp(
        `^DataCacheJobCreateFailed: The job of dataCache create failed for the job ${c.containerGroupId} could not be placed, see its events, please check it again$`,
      ),
    );
  });

  dataCacheScenario(
    'DataCacheJobStartFailed',
    "the loader's image cannot be pulled: the region's VPC registry does not answer (fault registry-outage)",
    async () => {
      const fault = await injectFault(ws, { kind: 'registry-outage', target: 'registry-vpc.cn-hangzhou.aliyuncs.com' });
      const id = await create('/job/start', 'https://models.example.com/qwen-7b');
      await ws.advance('11m');
      await ws.control('DELETE', `/v1/faults/${fault}`);
      const c = await one(id);
      expect(c.status).toBe('Failed');
      expect(await reasons(id)).toContain(`DataCacheJobStartFailed: ${ROWS.DataCacheJobStartFailed}`);
      // "See the detail in the events of job": the job's kubelet says why.
      const job = c.containerGroupId!;
      expect(await jobEvents(job)).toEqual(
        expect.arrayContaining([expect.stringMatching(/^Failed: Failed to pull image "registry-vpc\.cn-hangzhou\.aliyuncs\.com\/eci_open\/data-loader:1\.0"/)]),
      );
    },
  );

  dataCacheScenario(
    'DataCacheLoadFailed',
    'the source (30 GB) does not fit the cache (Size 20 GiB): the loader writes "no space left on device" and exits 1',
    async () => {
      const id = await create('/load/huge', 'https://models.example.com/huge', { size: 20 });
      await ws.advance('10m');
      const c = await one(id);
      expect(c.status).toBe('Failed');
      expect(await reasons(id)).toContain(`DataCacheLoadFailed: ${ROWS.DataCacheLoadFailed}`);
      const g = (await describeGroup(ws, DEFAULT, HZ, c.containerGroupId!))!;
      expect(g.status).toBe('Failed');
      expect(g.containers![0]!.currentState).toMatchObject({ state: 'Terminated', exitCode: 1 });
      expect(g.containers![0]!.commands!.join(' ')).toContain('no space left on device');
    },
  );

  it('refusals name the parameter, carry the code and status, and change nothing', async () => {
    const before = (await describeCaches()).totalCount;
    const src = new $Eci.CreateDataCacheRequestDataSource({ type: 'URL', options: { url: 'https://models.example.com/qwen-7b' } });
    const cases: Array<[() => Promise<unknown>, string, number, string]> = [
      [
        () => ws.client().createDataCache(new $Eci.CreateDataCacheRequest({ regionId: HZ, path: '/x', bucket: 'eci-system', dataSource: src })),
        'InvalidBucket.Reserved',
        400,
        'Bucket',
      ],
      [() => ws.client().createDataCache(new $Eci.CreateDataCacheRequest({ regionId: HZ, dataSource: src })), 'MissingParameter', 400, 'Path'],
      [() => ws.client().createDataCache(new $Eci.CreateDataCacheRequest({ regionId: HZ, path: '/x' })), 'MissingParameter', 400, 'DataSource.Type'],
      [
        () =>
          ws.client().createDataCache(
            new $Eci.CreateDataCacheRequest({
              regionId: HZ,
              path: '/x',
              dataSource: new $Eci.CreateDataCacheRequestDataSource({ type: 'FTP', options: {} }),
            }),
          ),
        'InvalidParameter',
        400,
        'DataSource.Type',
      ],
      [
        () =>
          ws.client().createDataCache(
            new $Eci.CreateDataCacheRequest({
              regionId: HZ,
              path: '/x',
              dataSource: new $Eci.CreateDataCacheRequestDataSource({ type: 'NAS', options: {} }),
            }),
          ),
        'InvalidParameter',
        400,
        'DataSource.Options.server',
      ],
      [
        () => ws.client().createDataCache(new $Eci.CreateDataCacheRequest({ regionId: HZ, path: '/x', size: 0, dataSource: src })),
        'InvalidParameter',
        400,
        'Size',
      ],
      [
        () => ws.client().createDataCache(new $Eci.CreateDataCacheRequest({ regionId: HZ, path: '/x', vSwitchId: 'vsw-none', dataSource: src })),
        'InvalidVSwitchId.NotFound',
        400,
        'VSwitchId',
      ],
      [
        () => ws.client().createDataCache(new $Eci.CreateDataCacheRequest({ regionId: HZ, path: '/models/qwen', bucket: 'team-a', dataSource: src })),
        'DataCache.AlreadyExists',
        400,
        'Path',
      ],
      [
        () => ws.client().deleteDataCache(new $Eci.DeleteDataCacheRequest({ regionId: HZ, dataCacheId: 'edc-nothere' })),
        'InvalidDataCacheId.NotFound',
        404,
        'DataCacheId',
      ],
      [
        () => ws.client().updateDataCache(new $Eci.UpdateDataCacheRequest({ regionId: HZ, dataCacheId: 'edc-nothere', name: 'x' })),
        'InvalidDataCacheId.NotFound',
        404,
        'DataCacheId',
      ],
      [
        () => ws.client().copyDataCache(new $Eci.CopyDataCacheRequest({ regionId: HZ, dataCacheId: 'edc-nothere', destinationRegionId: 'cn-beijing' })),
        'InvalidDataCacheId.NotFound',
        404,
        'DataCacheId',
      ],
      [() => ws.client().describeDataCaches(new $Eci.DescribeDataCachesRequest({ regionId: HZ, limit: 21 })), 'InvalidParameter', 400, 'Limit'],
    ];
    for (const [call, code, status, mentions] of cases) expectError(await sdkError(call()), code, status, mentions);
    expect((await describeCaches()).totalCount).toBe(before);
  });

  it('UpdateDataCache renames at once and loads again for a new source; CopyDataCache copies an Available cache to another region; DeleteDataCache removes it', async () => {
    const id = await create('/ops/a', 'https://models.example.com/qwen-7b', { name: 'first' });
    // Loading: an update waits.
    expectError(
      await sdkError(ws.client().updateDataCache(new $Eci.UpdateDataCacheRequest({ regionId: HZ, dataCacheId: id, name: 'x' }))),
      'IncorrectStatus',
      400,
      'DataCacheId',
    );
    expectError(
      await sdkError(ws.client().copyDataCache(new $Eci.CopyDataCacheRequest({ regionId: HZ, dataCacheId: id, destinationRegionId: 'cn-beijing' }))),
      'IncorrectStatus',
      400,
      'DataCacheId',
    );
    await ws.advance('3m');
    expect((await one(id)).status).toBe('Available');
    const firstJob = (await one(id)).containerGroupId;
    let r = await ws.client().updateDataCache(new $Eci.UpdateDataCacheRequest({ regionId: HZ, dataCacheId: id, name: 'renamed' }));
    expect(r.statusCode).toBe(200);
    expect(await one(id)).toMatchObject({ name: 'renamed', status: 'Available', containerGroupId: firstJob });
    // A source that does not fit: Updating, then UpdateFailed keeping the old data and snapshot.
    const snapshot = (await one(id)).snapshotId;
    r = await ws.client().updateDataCache(
      new $Eci.UpdateDataCacheRequest({
        regionId: HZ,
        dataCacheId: id,
        dataSource: new $Eci.UpdateDataCacheRequestDataSource({ type: 'URL', options: { url: 'https://models.example.com/huge' } }),
      }),
    );
    expect(r.statusCode).toBe(200);
    expect((await one(id)).status).toBe('Updating');
    await ws.advance('10m');
    const after = await one(id);
    expect(after).toMatchObject({ status: 'UpdateFailed', snapshotId: snapshot });
    expect(after.containerGroupId).not.toBe(firstJob);
    expect(JSON.parse(after.dataSource!.options!)).toEqual({ url: 'https://models.example.com/qwen-7b' });
    // Copy to Beijing: the old data stays after a failed update, so it can be copied.
    const c = await ws.client().copyDataCache(new $Eci.CopyDataCacheRequest({ regionId: HZ, dataCacheId: id, destinationRegionId: 'cn-beijing' }));
    expect(c.statusCode).toBe(200);
    expectError(
      await sdkError(ws.client().copyDataCache(new $Eci.CopyDataCacheRequest({ regionId: HZ, dataCacheId: id, destinationRegionId: 'cn-nowhere' }))),
      'InvalidRegionId.NotFound',
      400,
      'DestinationRegionId',
    );
    expectError(
      await sdkError(ws.client().copyDataCache(new $Eci.CopyDataCacheRequest({ regionId: HZ, dataCacheId: id, destinationRegionId: 'cn-beijing' }))),
      'DataCache.AlreadyExists',
      400,
      'Path',
    );
    const copy = c.body!.dataCacheId!;
    expect((await one(copy, DEFAULT, 'cn-beijing')).status).toBe('Creating');
    await ws.advance('2m');
    expect(await one(copy, DEFAULT, 'cn-beijing')).toMatchObject({ status: 'Available', path: '/ops/a', regionId: 'cn-beijing' });
    // Another account neither sees, changes nor deletes it; the region is part of its address.
    expect((await describeCaches({ dataCacheId: [id] }, 'tight')).totalCount).toBe(0);
    expectError(
      await sdkError(ws.client('tight').deleteDataCache(new $Eci.DeleteDataCacheRequest({ regionId: HZ, dataCacheId: id }))),
      'InvalidDataCacheId.NotFound',
      404,
      'DataCacheId',
    );
    expectError(
      await sdkError(ws.client('tight').updateDataCache(new $Eci.UpdateDataCacheRequest({ regionId: HZ, dataCacheId: id, name: 'mine' }))),
      'InvalidDataCacheId.NotFound',
      404,
      'DataCacheId',
    );
    expectError(
      await sdkError(ws.client().deleteDataCache(new $Eci.DeleteDataCacheRequest({ regionId: 'cn-beijing', dataCacheId: id }))),
      'InvalidDataCacheId.NotFound',
      404,
      'DataCacheId',
    );
    // Bucket and Path, when given, must be the cache's.
    expectError(
      await sdkError(ws.client().deleteDataCache(new $Eci.DeleteDataCacheRequest({ regionId: HZ, dataCacheId: id, path: '/elsewhere' }))),
      'InvalidParameter',
      400,
      'Path',
    );
    expect((await one(id)).name).toBe('renamed');
    // Delete.
    expect((await ws.client().deleteDataCache(new $Eci.DeleteDataCacheRequest({ regionId: HZ, dataCacheId: id }))).statusCode).toBe(200);
    expect((await describeCaches({ dataCacheId: [id] })).totalCount).toBe(0);
    expectError(
      await sdkError(ws.client().deleteDataCache(new $Eci.DeleteDataCacheRequest({ regionId: HZ, dataCacheId: id }))),
      'InvalidDataCacheId.NotFound',
      404,
      'DataCacheId',
    );
  });

  it('a group mounts a data cache (DataCacheBucket and a HostPath volume at its path): refused while it loads, created with the data once Available, its disk against the quota', async () => {
    const id = await create('/mount/m', 'https://models.example.com/qwen-7b', { bucket: 'mnt' });
    const mountReq = (name: string, more: Record<string, unknown> = {}) => ({
      dataCacheBucket: 'mnt',
      volume: [
        new $Eci.CreateContainerGroupRequestVolume({
          name: 'model',
          type: 'HostPathVolume',
          hostPathVolume: new $Eci.CreateContainerGroupRequestVolumeHostPathVolume({ path: '/mount/m' }),
        }),
      ],
      containers: [
        { name: 'app', image: 'nginx', volumeMount: [new $Eci.CreateContainerGroupRequestContainerVolumeMount({ name: 'model', mountPath: '/models' })] },
      ],
      containerGroupName: name,
      regionId: HZ,
      ...more,
    });
    const groupsBefore = (await ws.client().describeContainerGroups(new $Eci.DescribeContainerGroupsRequest({ regionId: HZ }))).body!.totalCount;
    const call = (req: Record<string, unknown>, account = DEFAULT) => {
      const { containers, ...rest } = req as { containers: Array<Record<string, unknown>> };
      return ws
        .client(account)
        .createContainerGroup(
          new $Eci.CreateContainerGroupRequest({ ...rest, container: containers.map((c) => new $Eci.CreateContainerGroupRequestContainer(c)) }),
        );
    };
    // Still Creating: the group would start without its data.
    expectError(await sdkError(call(mountReq('early'))), 'IncorrectStatus', 400, 'Volume.1.HostPathVolume.Path');
    // A bucket none of whose caches a volume names.
    expectError(await sdkError(call(mountReq('nobucket', { dataCacheBucket: 'empty' }))), 'InvalidParameter', 400, 'DataCacheBucket');
    expectError(await sdkError(call(mountReq('reserved', { dataCacheBucket: 'eci-system' }))), 'InvalidBucket.Reserved', 400, 'DataCacheBucket');
    // The disk's settings without a bucket.
    const { dataCacheBucket: _b, ...noBucket } = mountReq('pl');
    expectError(await sdkError(call({ ...noBucket, dataCachePL: 'PL2' })), 'InvalidParameter', 400, 'DataCachePL');
    expect((await ws.client().describeContainerGroups(new $Eci.DescribeContainerGroupsRequest({ regionId: HZ }))).body!.totalCount).toBe(groupsBefore);
    expect((await one(id)).lastMatchedTime).toBeUndefined();

    await ws.advance('3m');
    expect((await one(id)).status).toBe('Available');
    const r = await call(mountReq('reader', { dataCachePL: 'PL1', dataCacheProvisionedIops: 1000 }));
    expect(r.statusCode).toBe(200);
    const gid = r.body!.containerGroupId!;
    expect((await one(id)).lastMatchedTime).toBeDefined();
    await ws.advance('1m');
    expect((await describeGroup(ws, DEFAULT, HZ, gid))?.status).toBe('Running');
    // The cache's disk (Size GiB) counts against the disk quota: with 10 GiB, one 8 GiB mount fits, a second does not.
    const tight = await create('/mount/t', 'https://models.example.com/qwen-7b', { bucket: 'mnt', size: 8 }, 'tight');
    await ws.advance('3m');
    expect((await one(tight, 'tight')).status).toBe('Available');
    const tightReq = (name: string) =>
      mountReq(name, {
        volume: [
          new $Eci.CreateContainerGroupRequestVolume({
            name: 'model',
            type: 'HostPathVolume',
            hostPathVolume: new $Eci.CreateContainerGroupRequestVolumeHostPathVolume({ path: '/mount/t' }),
          }),
        ],
      });
    const first = (await call(tightReq('tight-a'), 'tight')).body!.containerGroupId!;
    await ws.advance('1m');
    const second = (await call(tightReq('tight-b'), 'tight')).body!.containerGroupId!;
    await ws.advance('1m');
    expect((await describeGroup(ws, 'tight', HZ, first))?.status).toBe('Running');
    expect((await describeGroup(ws, 'tight', HZ, second))?.status).toBe('ScheduleFailed');
    const r2 = await ws
      .client('tight')
      .describeContainerGroupEvents(new $Eci.DescribeContainerGroupEventsRequest({ regionId: HZ, containerGroupIds: JSON.stringify([second]) }));
    expect((r2.body!.data?.[0]?.events ?? []).map((e) => e.reason)).toContain('DiskCapacityQuotaFull');
  });
});
