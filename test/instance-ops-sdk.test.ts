// CreateInstanceOpsTask and DescribeInstanceOpsRecords through the official SDK against
// `eci-events serve --world FILE --clock virtual`: coredump made by a container killed by SIGSEGV
// (exit 139) while enabled, closed by disable, expired after 12 hours untriggered; tcpdump started
// and stopped; refusals with ECI's codes and HTTP statuses that change no record.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { $Eci, sdkError } from './support/eci-sdk.js';
import { DEFAULT, S, createGroup, expectStatus, sec, startWorld, type WorldServer } from './support/world-scenarios.js';
import { REQUEST_ID } from './support/eci-views.js';

const HZ = 'cn-hangzhou';
const HOUR = 3600 * S;

describe('CreateInstanceOpsTask and DescribeInstanceOpsRecords (SDK, virtual clock)', () => {
  let ws: WorldServer;
  let crasher: string;
  let server: string;

  beforeAll(async () => {
    ws = await startWorld('ops', {});
    crasher = (
      await createGroup(ws, DEFAULT, 'crasher', {
        restartPolicy: 'Never',
        containers: [{ name: 'app', image: 'nginx', command: ['sh', '-c', 'sleep 30; exit 139'] }],
      })
    ).id;
    server = (await createGroup(ws, DEFAULT, 'server', { containers: [{ name: 'app', image: 'nginx' }] })).id;
    await ws.advance('10s');
    await expectStatus(ws, DEFAULT, HZ, crasher, 'Running');
    await expectStatus(ws, DEFAULT, HZ, server, 'Running');
  });
  afterAll(async () => ws?.stop());

  const task = (containerGroupId: string, opsType: string, opsValue: string) =>
    ws.client().createInstanceOpsTask(new $Eci.CreateInstanceOpsTaskRequest({ regionId: HZ, containerGroupId, opsType, opsValue }));
  const records = async (containerGroupId: string, opsType?: string) => {
    const r = await ws
      .client()
      .describeInstanceOpsRecords(new $Eci.DescribeInstanceOpsRecordsRequest({ regionId: HZ, containerGroupId, ...(opsType ? { opsType } : {}) }));
    expect(r.statusCode).toBe(200);
    expect(r.body!.requestId).toMatch(REQUEST_ID);
    return r.body!.records ?? [];
  };

  it('coredump: enabled, then a container killed by SIGSEGV makes the core file (Success, saved to OSS)', async () => {
    const at = ws.now();
    const r = await task(crasher, 'coredump', 'enable');
    expect(r.statusCode).toBe(200);
    expect(r.body!.result).toBe('Coredump settings has been configured successfully.');
    expect(await records(crasher)).toEqual([{ createTime: sec(at), expireTime: sec(at + 12 * HOUR), opsType: 'Coredump', opsStatus: 'Ready' }]);

    // Too soon after the last setting: refused, and the record is as it was.
    const f = await sdkError(task(crasher, 'coredump', 'disable'));
    expect({ status: f.statusCode, code: f.data.Code, message: f.data.Message }).toEqual({
      status: 400,
      code: 'Coredump.RefrshIntervalTooShort',
      message: 'The time interval since last setting too short, please try again later.',
    });
    expect((await records(crasher)).map((x) => x.opsStatus)).toEqual(['Ready']);

    await ws.advance('1m');
    await expectStatus(ws, DEFAULT, HZ, crasher, 'Failed');
    const [done] = await records(crasher);
    expect(done).toMatchObject({ opsType: 'Coredump', opsStatus: 'Success', resultType: 'Oss' });
    expect(done!.resultContent).toMatch(new RegExp(`^https://eci-ops-cn-hangzhou\\.oss-cn-hangzhou\\.aliyuncs\\.com/${crasher}/coredump/ops-\\d+\\.core$`));
  });

  it('tcpdump: started with a filter (Ready), stopped (Success with the capture); OpsType filters the records', async () => {
    const started = await task(
      server,
      'tcpdump',
      JSON.stringify({ Enable: true, Protocol: 'tcp', DestPort: 443, SourceCidr: '10.0.0.0/8', IfDeviceName: 'eth0' }),
    );
    expect(started.body!.result).toBe('Tcpdump settings has been configured successfully.');
    expect((await records(server, 'tcpdump')).map((x) => x.opsStatus)).toEqual(['Ready']);
    await ws.advance('30s');
    const stopped = await task(server, 'tcpdump', '{"Enable":false}');
    expect(stopped.body!.result).toBe('Tcpdump has been stopped successfully.');
    const [capture] = await records(server, 'tcpdump');
    expect(capture).toMatchObject({ opsType: 'Tcpdump', opsStatus: 'Success', resultType: 'Oss' });
    expect(capture!.resultContent).toMatch(/\/tcpdump\/ops-\d+\.pcap$/);
    expect(await records(server, 'coredump')).toEqual([]);
  });

  it('coredump: disable closes it; enabled and never triggered, it expires after 12 hours', async () => {
    await task(server, 'coredump', 'enable');
    await ws.advance('15s');
    await task(server, 'coredump', 'disable');
    expect((await records(server, 'coredump')).map((x) => x.opsStatus)).toEqual(['Closed']);
    await ws.advance('15s');
    await task(server, 'coredump', 'enable');
    await ws.advance('11h');
    expect((await records(server, 'coredump')).map((x) => x.opsStatus)).toEqual(['Closed', 'Ready']);
    await ws.advance('1h');
    expect((await records(server, 'coredump')).map((x) => x.opsStatus)).toEqual(['Closed', 'Expired']);
  });

  it("refuses bad calls with ECI's code and HTTP status, naming the parameter, and records nothing", async () => {
    const before = await records(server);
    const cases: Array<[() => Promise<unknown>, number, string, string]> = [
      [() => task(server, 'perf', 'enable'), 400, 'Ops.TypeNotSupport', 'perf'],
      [() => task(server, 'coredump', 'on'), 400, 'InvalidParameter', 'OpsValue'],
      [() => task(server, 'tcpdump', 'enable'), 400, 'InvalidParameter', 'OpsValue'],
      [() => task(server, 'tcpdump', '{"Protocol":"tcp"}'), 400, 'InvalidParameter', 'Enable'],
      [() => task(server, 'tcpdump', '{"Enable":true,"DestPort":70000}'), 400, 'InvalidParameter', 'DestPort'],
      [() => task(server, 'tcpdump', '{"Enable":true,"Snaplen":1}'), 400, 'InvalidParameter', 'Snaplen'],
      [() => task(server, 'coredump', ''), 400, 'MissingParameter', 'OpsValue'],
      [() => task('eci-nosuchgroup000000000', 'coredump', 'enable'), 404, 'InvalidContainerGroupId.NotFound', 'ContainerGroupId'],
    ];
    for (const [call, status, code, names] of cases) {
      const f = await sdkError(call());
      expect({ status: f.statusCode, code: f.data.Code }, String(f.data.Message)).toEqual({ status, code });
      expect(String(f.data.Message)).toContain(names);
    }
    const gone = await sdkError(
      ws.client().describeInstanceOpsRecords(new $Eci.DescribeInstanceOpsRecordsRequest({ regionId: HZ, containerGroupId: 'eci-nosuchgroup000000000' })),
    );
    expect({ status: gone.statusCode, code: gone.data.Code }).toEqual({ status: 404, code: 'InvalidContainerGroupId.NotFound' });
    expect(await records(server)).toEqual(before);
  });
});
