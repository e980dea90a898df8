// A service on a virtual clock: nothing happens until the clock is moved, then everything that
// fell due happens at its own time, and events carry the virtual times.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';
import { $Eci, REGION, sdkClient, startServer, type EciClient, type Server } from './support/eci-sdk.js';
import { TEST_KEY } from './support/signed-fetch.js';

const START = '2026-01-01T00:00:00Z';

describe('serve --clock virtual', () => {
  let server: Server;
  let client: EciClient;
  let env: Record<string, string>;

  beforeAll(async () => {
    server = await startServer(':memory:', ['--clock', 'virtual', '--clock-start', START]);
    client = sdkClient(server.host, 'v3');
    env = { ECI_EVENTS_ENDPOINT: server.url, ECI_EVENTS_ACCESS_KEY_ID: TEST_KEY.id, ECI_EVENTS_ACCESS_KEY_SECRET: TEST_KEY.secret };
  });
  afterAll(async () => server?.stop());

  const status = async (id: string) =>
    (await client.describeContainerGroups(new $Eci.DescribeContainerGroupsRequest({ regionId: REGION, containerGroupIds: JSON.stringify([id]) }))).body
      .containerGroups?.[0]?.status;

  it('moves a container group only when the clock is advanced, stamping events with virtual time', async () => {
    expect(runCli(['clock'], env).stdout.trim()).toBe(`${START} (virtual clock)`);
    const { body } = await client.createContainerGroup(
      new $Eci.CreateContainerGroupRequest({
        regionId: REGION,
        containerGroupName: 'job',
        restartPolicy: 'Never',
        container: [new $Eci.CreateContainerGroupRequestContainer({ name: 'job', image: 'busybox', command: ['sleep', '3600'] })],
      }),
    );
    const id = body.containerGroupId!;
    await new Promise((resolve) => setTimeout(resolve, 2500)); // real time passes; virtual time does not
    expect(await status(id)).toBe('Scheduling');

    expect(runCli(['clock', 'advance', '2s'], env).stdout.trim()).toBe('2026-01-01T00:00:02Z (virtual clock)');
    expect(await status(id)).toBe('Running');
    expect(runCli(['clock', 'advance', '1h'], env).status).toBe(0);
    expect(await status(id)).toBe('Succeeded');

    const events = await client.describeContainerGroupEvents(
      new $Eci.DescribeContainerGroupEventsRequest({ regionId: REGION, containerGroupIds: JSON.stringify([id]) }),
    );
    const list = events.body.data![0]!.events!.map((e) => `${e.firstTimestamp} ${e.reason}`).reverse();
    expect(list).toEqual([
      '2026-01-01T00:00:00Z DefaultInstanceTypeMatch',
      '2026-01-01T00:00:00Z Scheduled',
      '2026-01-01T00:00:00Z Pulling',
      '2026-01-01T00:00:01Z Pulled',
      '2026-01-01T00:00:01Z Created',
      '2026-01-01T00:00:01Z Started',
    ]);
    // SinceSecond counts back from the service's clock, not the wall clock.
    const recent = await client.describeContainerGroupEvents(
      new $Eci.DescribeContainerGroupEventsRequest({ regionId: REGION, containerGroupIds: JSON.stringify([id]), sinceSecond: 60 }),
    );
    expect(recent.body.data!.map((d) => [d.containerGroupId, d.events])).toEqual([[id, []]]);
  });

  it('refuses to go back in time or to take a bad duration, and leaves the clock as it was', () => {
    const before = runCli(['clock'], env).stdout.trim();
    const back = runCli(['clock', 'to', START], env);
    expect(back.status).toBe(2);
    expect(back.stderr).toMatch(/time only moves forward/);
    const bad = runCli(['clock', 'advance', 'tomorrow'], env);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/advance: not a duration/);
    expect(runCli(['clock'], env).stdout.trim()).toBe(before);
  });

  it('is refused on a real clock', async () => {
    const real = await startServer(':memory:');
    try {
      const r = runCli(['clock', 'advance', '1m'], { ...env, ECI_EVENTS_ENDPOINT: real.url });
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/runs on real time; start it with --clock virtual/);
    } finally {
      await real.stop();
    }
  });
});
