// DescribeContainerGroupMetric and DescribeMultiContainerGroupMetric through the official SDK
// against `eci-events serve --world FILE --clock virtual`: a group whose image takes minutes to
// pull reads zero while it waits and the load model once it runs (src/emulator/metrics); ECI's
// StartTime/EndTime/Period rules; the refusals, with code, status and the parameter named.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoadModel } from '../src/emulator/index.js';
import { fromRfc3339 } from '../src/model/time.js';
import { $Eci, sdkError } from './support/eci-sdk.js';
import { expectError, REQUEST_ID } from './support/eci-views.js';
import { CLOCK_START, createGroup, DEFAULT, describeGroup, startWorld, type WorldServer } from './support/world-scenarios.js';

const R = 'cn-hangzhou';
const GIB = 1024 ** 3;
const S = 1_000_000;

let ws: WorldServer;
let id: string;
beforeAll(async () => {
  ws = await startWorld('metrics', {
    regions: [{ regionId: R, idPrefix: 'bp1', zones: [{ zoneId: 'cn-hangzhou-k' }] }],
    accounts: [{ id: DEFAULT }],
    // 1500 MB at 10 MB/s: the pull takes 150 s, so the group waits minutes before it runs.
    registries: [{ host: 'reg.example.com', speedMBps: 10, images: [{ repository: 'team/big', tags: ['1'], sizeMB: 1500 }] }],
  });
  id = (await createGroup(ws, DEFAULT, 'metered', { cpu: 2, memory: 4, containers: [{ name: 'app', image: 'reg.example.com/team/big:1', cpu: 1, memory: 2 }] }))
    .id;
});
afterAll(async () => ws?.stop());

async function metric(request: Record<string, unknown> = {}) {
  const r = await ws.client().describeContainerGroupMetric(new $Eci.DescribeContainerGroupMetricRequest({ regionId: R, containerGroupId: id, ...request }));
  expect(r.statusCode).toBe(200);
  expect(r.body!.requestId).toMatch(REQUEST_ID);
  expect(r.body!.containerGroupId).toBe(id);
  return r.body!.records ?? [];
}

describe('DescribeContainerGroupMetric', () => {
  it('reads zero while the image is pulled: no record before the instance existed, limits only', async () => {
    await ws.advance('30s');
    expect((await describeGroup(ws, DEFAULT, R, id))!.status).toBe('Pending');
    const records = await metric();
    // The last 5 minutes every 15 s, from the first instant after the creation (00:00:00.5).
    expect(records.map((r) => r.timestamp)).toEqual(['2026-03-01T00:00:15Z', '2026-03-01T00:00:30Z']);
    for (const r of records) {
      expect(r.CPU).toEqual(expect.objectContaining({ limit: 2000, usageNanoCores: 0, usageCoreNanoSeconds: 0, load: 0 }));
      expect(r.memory).toEqual(expect.objectContaining({ workingSet: 0, availableBytes: 4 * GIB }));
      expect(r.containers).toEqual([expect.objectContaining({ name: 'app', CPU: expect.objectContaining({ limit: 1000, usageNanoCores: 0 }) })]);
      expect(r.network!.interfaces).toEqual([expect.objectContaining({ name: 'eth0', rxBytes: 0, txBytes: 0 })]);
      expect(r.disk).toEqual([expect.objectContaining({ device: 'vda', readBytes: 0, writeBytes: 0 })]);
    }
  });

  it('follows the load model once the container runs', async () => {
    await ws.advance('5m');
    const g = (await describeGroup(ws, DEFAULT, R, id))!;
    expect(g.status).toBe('Running');
    const started = fromRfc3339(g.containers![0]!.currentState!.startTime!);
    const records = await metric();
    expect(records).toHaveLength(20);
    const before = records.filter((r) => fromRfc3339(r.timestamp!) < started);
    const steady = records.filter((r) => fromRfc3339(r.timestamp!) >= started + (LoadModel.STARTUP_SECONDS + 1) * S);
    expect(before.length).toBeGreaterThan(0);
    expect(steady.length).toBeGreaterThan(1);
    for (const r of before) expect(r.CPU!.usageCoreNanoSeconds).toBe(0);
    for (const r of steady) {
      const app = r.containers![0]!;
      expect(app.CPU).toEqual(
        expect.objectContaining({ limit: 1000, usageNanoCores: LoadModel.STEADY_CPU_SHARE * 1e9, load: LoadModel.STEADY_CPU_SHARE * 1000 }),
      );
      expect(app.memory!.workingSet).toBe(Math.round(2 * GIB * LoadModel.STEADY_MEMORY_SHARE));
      expect(r.memory!.availableBytes).toBe(4 * GIB - Math.round(2 * GIB * LoadModel.STEADY_MEMORY_SHARE));
      const eth0 = r.network!.interfaces![0]!;
      // Twice the bytes in as out, to a byte (each counter is rounded on its own).
      expect(Math.abs(eth0.rxBytes! - 2 * eth0.txBytes!)).toBeLessThanOrEqual(1);
      expect(r.disk![0]!.readBytes).toBe(LoadModel.READ_BYTES_PER_RUN);
    }
    // 15 s of steady use between two records: 15 × a tenth of a core, in core-nanoseconds.
    const [a, b] = steady.slice(-2);
    expect(b!.CPU!.usageCoreNanoSeconds! - a!.CPU!.usageCoreNanoSeconds!).toBe(15 * LoadModel.STEADY_CPU_SHARE * 1e9);
    expect(b!.network!.interfaces![0]!.rxBytes! - a!.network!.interfaces![0]!.rxBytes!).toBe(15 * LoadModel.RX_BYTES_PER_SECOND);
  });

  it('StartTime, EndTime and Period: whole periods in the range, none in the future', async () => {
    // Now is 00:05:30.5: every minute from 00:01 to 00:05.
    const minutes = await metric({ startTime: CLOCK_START, endTime: '2026-03-01T00:20:00Z', period: '60' });
    expect(minutes.map((r) => r.timestamp)).toEqual(['01', '02', '03', '04', '05'].map((m) => `2026-03-01T00:${m}:00Z`));
    // EndTime alone: the 5 minutes before it, every 60 s by default.
    const ended = await metric({ endTime: '2026-03-01T00:04:00+00:00' });
    expect(ended.map((r) => r.timestamp)).toEqual(['01', '02', '03', '04'].map((m) => `2026-03-01T00:${m}:00Z`));
    // The same instant reads the same, whichever call asks.
    expect(minutes[3]).toEqual(ended[3]);
  });

  it('refuses bad input, naming the parameter', async () => {
    const call = (request: Record<string, unknown>) =>
      sdkError(ws.client().describeContainerGroupMetric(new $Eci.DescribeContainerGroupMetricRequest({ regionId: R, containerGroupId: id, ...request })));
    expectError(await call({ startTime: CLOCK_START, period: '45' }), 'InvalidParameter', 400, 'Period');
    expectError(await call({ startTime: CLOCK_START, period: 'soon' }), 'InvalidParameter', 400, 'Period');
    expectError(await call({ startTime: '2026-01-15T00:00:00Z', endTime: '2026-01-15T01:00:00Z', period: '600' }), 'InvalidParameter', 400, 'StartTime');
    expectError(await call({ startTime: 'yesterday' }), 'InvalidParameter', 400, 'StartTime');
    expectError(await call({ startTime: '2026-03-01T00:04:00Z', endTime: '2026-03-01T00:03:00Z' }), 'InvalidParameter', 400, 'StartTime');
    expectError(await call({ startTime: '2026-02-28T23:00:00Z', period: '15' }), 'InvalidParameter', 400, 'Period');
    expectError(await call({ containerGroupId: 'eci-bp1nosuchgroup0000' }), 'InvalidContainerGroupId.NotFound', 404, 'eci-bp1nosuchgroup0000');
    expectError(await call({ containerGroupId: undefined }), 'MissingParameter', 400, 'ContainerGroupId');
  });
});

describe('DescribeMultiContainerGroupMetric', () => {
  it("returns each listed instance's latest record, leaving out ids the account does not have", async () => {
    const r = await ws.client().describeMultiContainerGroupMetric(
      new $Eci.DescribeMultiContainerGroupMetricRequest({
        regionId: R,
        containerGroupIds: JSON.stringify([id, 'eci-bp1nosuchgroup0000']),
        metricType: 'summary',
      }),
    );
    expect(r.statusCode).toBe(200);
    expect(r.body!.requestId).toMatch(REQUEST_ID);
    const datas = r.body!.monitorDatas!;
    expect(datas.map((d) => d.containerGroupId)).toEqual([id]);
    expect(datas[0]!.records).toHaveLength(1);
    const latest = datas[0]!.records![0]!;
    expect(latest.timestamp).toBe('2026-03-01T00:05:30Z');
    // The same instant as the single-instance call's last record (the multi model has no IO counts).
    const last = (await metric())[19]!;
    expect(last.timestamp).toBe(latest.timestamp);
    const plain = (x: unknown) => JSON.parse(JSON.stringify(x)) as unknown;
    expect(plain({ cpu: latest.CPU, memory: latest.memory, containers: latest.containers, network: latest.network })).toEqual(
      plain({ cpu: last.CPU, memory: last.memory, containers: last.containers, network: last.network }),
    );
    expect(latest.disk![0]).toMatchObject({ device: 'vda', readBytes: last.disk![0]!.readBytes, writeBytes: last.disk![0]!.writeBytes });
    const other = await ws
      .client()
      .describeMultiContainerGroupMetric(
        new $Eci.DescribeMultiContainerGroupMetricRequest({ regionId: R, containerGroupIds: JSON.stringify([id]), resourceGroupId: 'rg-notthisone' }),
      );
    expect(other.body!.monitorDatas ?? []).toEqual([]);
  });

  it('refuses bad input, naming the parameter', async () => {
    const call = (request: Record<string, unknown>) =>
      sdkError(ws.client().describeMultiContainerGroupMetric(new $Eci.DescribeMultiContainerGroupMetricRequest({ regionId: R, ...request })));
    expectError(await call({}), 'MissingParameter', 400, 'ContainerGroupIds');
    expectError(await call({ containerGroupIds: 'eci-a' }), 'InvalidParameter', 400, 'ContainerGroupIds');
    expectError(
      await call({ containerGroupIds: JSON.stringify(Array.from({ length: 21 }, (_, i) => `eci-${i}`)) }),
      'InvalidParameter',
      400,
      'ContainerGroupIds',
    );
    expectError(await call({ containerGroupIds: JSON.stringify([id]), metricType: 'detail' }), 'InvalidParameter', 400, 'MetricType');
  });
});
