// The control routes (clock, world, faults, spot) answer once the events their own change caused are
// stored: the very next read shows them, with no waiting and no polling. They await the writes
// of their own emulator turn (emulator.changing), not a drain of everybody's reports.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { $Eci, REGION, sdkClient, startServer, type EciClient, type Server } from './support/eci-sdk.js';
import { signedJson } from './support/signed-fetch.js';

const ZONE = 'cn-hangzhou-k';
const WORLD = `
regions:
  - regionId: cn-hangzhou
    zones:
      - zoneId: ${ZONE}
        hosts:
          - { id: h-1, vcpu: 8 }
          - { id: h-2, vcpu: 8 }
`;

describe('control routes answer with their own events stored', () => {
  let dir: string;
  let server: Server;
  let sdk: EciClient;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'eci-control-stored-'));
    writeFileSync(join(dir, 'world.yaml'), WORLD);
    server = await startServer(join(dir, 'events.db'), ['--clock', 'virtual', '--clock-start', '2026-01-01T00:00:00Z', '--world', join(dir, 'world.yaml')]);
    sdk = sdkClient(server.host, 'v3');
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const api = (method: 'POST' | 'DELETE', path: string, body?: unknown) => signedJson(server.url, method, path, body);
  const reasons = async (id: string) => {
    const r = await sdk.describeContainerGroupEvents(
      new $Eci.DescribeContainerGroupEventsRequest({ regionId: REGION, containerGroupIds: JSON.stringify([id]) }),
    );
    return (r.body.data?.[0]?.events ?? []).map((e) => e.reason!);
  };

  it('clock advance, fault inject and clear: the next read after each answer shows what it caused', async () => {
    const created = await sdk.createContainerGroup(
      new $Eci.CreateContainerGroupRequest({
        regionId: REGION,
        containerGroupName: 'web',
        container: [new $Eci.CreateContainerGroupRequestContainer({ name: 'web', image: 'nginx', command: ['sleep', '86400'] })],
      }),
    );
    const id = created.body.containerGroupId!;

    expect((await api('POST', '/v1/clock', { advance: '10s' })).status).toBe(200);
    expect(await reasons(id)).toEqual(expect.arrayContaining(['Scheduled', 'Pulled', 'Started']));

    const host = (JSON.parse((await signedJson(server.url, 'GET', '/v1/world')).text).placements as Array<{ containerGroupId: string; hostId: string }>).find(
      (p) => p.containerGroupId === id,
    )!.hostId;
    const injected = await api('POST', '/v1/faults', { kind: 'host-failure', target: host });
    expect(injected.status).toBe(201);
    expect(await reasons(id)).toEqual(expect.arrayContaining(['SandboxNotReadyUnExpected', 'SystemFailureReboot', 'Killing']));

    expect((await api('DELETE', `/v1/faults/${injected.body.fault.id}`)).status).toBe(200);
    expect((await api('POST', '/v1/clock', { advance: '10s' })).status).toBe(200);
    expect(await reasons(id)).toEqual(expect.arrayContaining(['SandboxRebootSucceeded']));
  }, 60_000);
});
