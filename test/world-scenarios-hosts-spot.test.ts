// World scenarios, one per catalog row, for what happens to instances on their hosts and on the
// spot market, and for faults of the service itself: host failure and reboot, maintenance, a
// broken container runtime, the scheduler and the service failing, spot instances degraded and
// reclaimed. Plus one scenario composing several causes on one instance. Through the official
// SDK against `eci-events serve --world FILE --clock virtual`, with the control routes (GET/POST
// /v1/world, POST/DELETE /v1/faults, POST /v1/spot/reclaim) for what the world file cannot say;
// see world-scenarios-account.test.ts for what each scenario checks.
//
// The caller's answer: CreateContainerGroup succeeds (200 with a ContainerGroupId) for every cause
// here; they all act later. FailedScheduling ("Unknown error occurred.") and both UnknownError
// rows end the group ScheduleFailed at its scheduling step; StartingFailed and SYSTEM_FAILURE end it
// Failed; SystemFailureReboot restarts it (Restarting, then Running, on another host after a
// failure); SystemReboot warns of a forced restart 48 hours on; SpotDegraded runs it pay-as-you-go;
// SpotToBeReleased comes before the release (Expired, with StopCharge).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorldSpec } from '../src/emulator/world/spec.js';
import {
  DEFAULT,
  MINUTE,
  TO_SCHEDULING,
  agentCounts,
  agentReasons,
  autoType,
  changeWorld,
  clearFault,
  createGroup,
  defaultType,
  describeGroup,
  expectPlatformEvents,
  expectStatus,
  expected,
  injectFault,
  placementOf,
  reclaimSpot,
  scenario,
  startWorld,
  systemOm,
  worldState,
  type WorldServer,
} from './support/world-scenarios.js';

const HZ = 'cn-hangzhou';

const WORLD: WorldSpec = {
  spot: { protectionMinutes: 60, noticeMinutes: 5 },
  regions: [
    {
      regionId: HZ,
      idPrefix: 'bp1',
      defaultZoneId: 'cn-hangzhou-k',
      zones: [
        {
          zoneId: 'cn-hangzhou-k',
          hosts: [
            { id: 'h-k1', vcpu: 8 },
            { id: 'h-k2', vcpu: 8 },
          ],
        },
        { zoneId: 'cn-hangzhou-i', hosts: [{ id: 'h-i1', vcpu: 8 }] },
        { zoneId: 'cn-hangzhou-h', hosts: [{ id: 'h-h1', vcpu: 8 }] },
        {
          zoneId: 'cn-hangzhou-g',
          hosts: [
            { id: 'h-g1', vcpu: 8 },
            { id: 'h-g2', vcpu: 8 },
          ],
        },
        // No spot stock: spot requests are served pay-as-you-go.
        { zoneId: 'cn-hangzhou-j', spotStock: 0, hosts: [{ id: 'h-j1' }] },
        { zoneId: 'cn-hangzhou-a', hosts: [{ id: 'h-a1' }] },
        // Two spot units of ecs.g6.large; fewer than two left is "about to run out".
        { zoneId: 'cn-hangzhou-b', spotStock: { 'ecs.g6.large': 2 }, lowWaterMark: 2, hosts: [{ id: 'h-b1' }] },
      ],
    },
    { regionId: 'cn-shanghai', idPrefix: 'uf6', zones: [{ zoneId: 'cn-shanghai-e' }] },
    { regionId: 'cn-beijing', idPrefix: '2ze', zones: [{ zoneId: 'cn-beijing-g' }] },
    { regionId: 'cn-qingdao', idPrefix: 'm5e', zones: [{ zoneId: 'cn-qingdao-b' }] },
  ],
};

describe('world scenarios: hosts, faults of the service, spot', () => {
  let ws: WorldServer;

  beforeAll(async () => {
    ws = await startWorld('hosts', WORLD);
  });
  afterAll(async () => ws?.stop());

  const run = async (name: string, opts: Parameters<typeof createGroup>[3] = {}) => {
    const g = await createGroup(ws, DEFAULT, name, opts);
    await ws.advance('2s');
    return g;
  };

  // ---- Faults of the service: the creation is refused at its scheduling step ----------------

  scenario('FailedScheduling#1', 'a scheduler-error fault in the zone (once)', async () => {
    await injectFault(ws, { kind: 'scheduler-error', target: 'cn-shanghai-e', count: 1 });
    const g = await run('sched-error', { regionId: 'cn-shanghai' });
    await expectStatus(ws, DEFAULT, 'cn-shanghai', g.id, 'ScheduleFailed');
    await expectPlatformEvents(ws, DEFAULT, 'cn-shanghai', g.id, [defaultType(g.at), expected('FailedScheduling#1', [], g.at + TO_SCHEDULING)]);
    // The fault hit once and is over.
    expect((await worldState(ws)).faults).toEqual([]);
    const next = await run('sched-ok', { regionId: 'cn-shanghai' });
    await expectStatus(ws, DEFAULT, 'cn-shanghai', next.id, 'Running');
  });

  scenario('UnknownError#1', 'the ECI service of the region is overloaded (a service-overload fault for 10 minutes)', async () => {
    await injectFault(ws, { kind: 'service-overload', target: 'cn-beijing', duration: '10m' });
    const g = await run('overloaded', { regionId: 'cn-beijing' });
    await expectStatus(ws, DEFAULT, 'cn-beijing', g.id, 'ScheduleFailed');
    await expectPlatformEvents(ws, DEFAULT, 'cn-beijing', g.id, [defaultType(g.at), expected('UnknownError#1', [], g.at + TO_SCHEDULING)]);
    await ws.advance('10m');
    const later = await run('after-load', { regionId: 'cn-beijing' });
    await expectStatus(ws, DEFAULT, 'cn-beijing', later.id, 'Running');
  });

  scenario('UnknownError#2', 'an internal error while creating the instance (an internal-error fault, once)', async () => {
    await injectFault(ws, { kind: 'internal-error', target: 'cn-qingdao', count: 1 });
    const g = await run('internal', { regionId: 'cn-qingdao' });
    await expectStatus(ws, DEFAULT, 'cn-qingdao', g.id, 'ScheduleFailed');
    await expectPlatformEvents(ws, DEFAULT, 'cn-qingdao', g.id, [defaultType(g.at), expected('UnknownError#2', [g.id], g.at + TO_SCHEDULING)]);
  });

  // ---- Hosts ------------------------------------------------------------------------------

  scenario('SystemFailureReboot', 'the host fails (the instance moves to a healthy host), then that host reboots', async () => {
    const g = await run('on-host', { zoneId: 'cn-hangzhou-k' });
    await expectStatus(ws, DEFAULT, HZ, g.id, 'Running');
    expect((await placementOf(ws, g.id))?.hostId).toBe('h-k1');
    const failedAt = ws.now();
    const failure = await injectFault(ws, { kind: 'host-failure', target: 'h-k1' });
    await expectStatus(ws, DEFAULT, HZ, g.id, 'Restarting');
    await ws.advance('2s');
    await expectStatus(ws, DEFAULT, HZ, g.id, 'Running');
    expect((await placementOf(ws, g.id))?.hostId).toBe('h-k2');
    await ws.advance('1m');
    const rebootAt = ws.now();
    await injectFault(ws, { kind: 'host-reboot', target: 'h-k2' });
    await expectStatus(ws, DEFAULT, HZ, g.id, 'Restarting');
    await ws.advance('2s');
    await expectStatus(ws, DEFAULT, HZ, g.id, 'Running');
    expect((await placementOf(ws, g.id))?.hostId).toBe('h-k2');
    // The host went away unexpectedly (failure), then its VM crashed (reboot); each restart succeeded.
    await expectPlatformEvents(ws, DEFAULT, HZ, g.id, [
      defaultType(g.at),
      systemOm('SandboxNotReadyUnExpected', failedAt),
      systemOm('RuntimeCrashed', rebootAt),
      expected('SystemFailureReboot', [], failedAt, { count: 2, last: rebootAt }),
      systemOm('SandboxRebootSucceeded', failedAt + 1.6e6, { count: 2, last: rebootAt + 0.8e6 }),
    ]);
    // Stopped (Killing) and started again each time: the image pulled anew on the new host, and
    // found still present on the host that rebooted.
    expect(await agentCounts(ws, DEFAULT, HZ, g.id)).toEqual([
      'Scheduled ×1',
      'Pulling ×2',
      'Pulled ×2',
      'Killing ×2',
      'Pulled ×1',
      'Created ×3',
      'Started ×3',
    ]);
    await clearFault(ws, failure);
  });

  scenario('SYSTEM_FAILURE', 'the only host of the zone fails under a running instance, and under one still starting', async () => {
    const running = await run('no-refuge', { zoneId: 'cn-hangzhou-i' });
    await expectStatus(ws, DEFAULT, HZ, running.id, 'Running');
    const failedAt = ws.now();
    const failure = await injectFault(ws, { kind: 'host-failure', target: 'h-i1' });
    await expectStatus(ws, DEFAULT, HZ, running.id, 'Failed');
    await expectPlatformEvents(ws, DEFAULT, HZ, running.id, [defaultType(running.at), expected('SYSTEM_FAILURE', [], failedAt)]);
    expect(await placementOf(ws, running.id)).toBeUndefined();
    await clearFault(ws, failure);

    const starting = await createGroup(ws, DEFAULT, 'starting', { zoneId: 'cn-hangzhou-i' });
    await ws.advance('1s'); // placed at +0.6 s, pulling its image until +1.4 s
    await expectStatus(ws, DEFAULT, HZ, starting.id, 'Pending');
    const failedAgain = ws.now();
    const again = await injectFault(ws, { kind: 'host-failure', target: 'h-i1' });
    await expectStatus(ws, DEFAULT, HZ, starting.id, 'Failed');
    await expectPlatformEvents(ws, DEFAULT, HZ, starting.id, [defaultType(starting.at), expected('SYSTEM_FAILURE', [], failedAgain)]);
    await clearFault(ws, again);
  });

  scenario('StartingFailed', 'the container runtime of the host is broken (a runtime-error fault, once)', async () => {
    await injectFault(ws, { kind: 'runtime-error', target: 'h-h1', count: 1 });
    const g = await run('bad-runtime', { zoneId: 'cn-hangzhou-h' });
    await expectStatus(ws, DEFAULT, HZ, g.id, 'Failed');
    await expectPlatformEvents(ws, DEFAULT, HZ, g.id, [
      defaultType(g.at),
      expected('StartingFailed', ['the container runtime on host h-h1 is not responding'], g.at + TO_SCHEDULING),
    ]);
    expect(await agentReasons(ws, DEFAULT, HZ, g.id)).toEqual(['Scheduled']);
    const next = await run('good-runtime', { zoneId: 'cn-hangzhou-h' });
    await expectStatus(ws, DEFAULT, HZ, next.id, 'Running');
  });

  // ---- Spot ----------------------------------------------------------------------------------

  scenario('SpotDegraded', 'a spot request in a zone without spot stock is served pay-as-you-go', async () => {
    const g = await run('degraded', { zoneId: 'cn-hangzhou-j', spotStrategy: 'SpotAsPriceGo' });
    await expectStatus(ws, DEFAULT, HZ, g.id, 'Running');
    await expectPlatformEvents(ws, DEFAULT, HZ, g.id, [defaultType(g.at), expected('SpotDegraded', ['ecs.c6.large'], g.at + TO_SCHEDULING)]);
    expect(await describeGroup(ws, DEFAULT, HZ, g.id)).toMatchObject({ spotStrategy: 'NoSpot', zoneId: 'cn-hangzhou-j' });
    expect(await placementOf(ws, g.id)).toMatchObject({ spot: false });
  });

  scenario('SpotToBeReleased', 'the market reclaims a spot instance, and the price rises over a price limit; both inside the protection period', async () => {
    const asPriceGo = await createGroup(ws, DEFAULT, 'spot-go', { zoneId: 'cn-hangzhou-a', spotStrategy: 'SpotAsPriceGo' });
    const limited = await createGroup(ws, DEFAULT, 'spot-limit', { zoneId: 'cn-hangzhou-a', spotStrategy: 'SpotWithPriceLimit', spotPriceLimit: 0.1 });
    // Neither reclaimed nor priced out: it pays the market price, and stays.
    const stays = await createGroup(ws, DEFAULT, 'spot-stays', { zoneId: 'cn-hangzhou-a', spotStrategy: 'SpotAsPriceGo' });
    const placedAt = asPriceGo.at + TO_SCHEDULING;
    await ws.advance('2s');
    for (const g of [asPriceGo, limited, stays]) {
      await expectStatus(ws, DEFAULT, HZ, g.id, 'Running');
      expect(await placementOf(ws, g.id)).toMatchObject({ spot: true, zoneId: 'cn-hangzhou-a' });
    }
    await ws.advance('10m');
    expect(await reclaimSpot(ws, { zoneId: 'cn-hangzhou-a', count: 1 })).toEqual([asPriceGo.id]);
    // The market price goes over the limit of the other one (0.1 CNY/h).
    await changeWorld(ws, { regions: [{ regionId: HZ, zones: [{ zoneId: 'cn-hangzhou-a', spotPrice: 0.3 }] }] });
    // The notice comes when the hour of protection is over: not a second before.
    await ws.advance('49m58s');
    for (const g of [asPriceGo, limited]) {
      await expectStatus(ws, DEFAULT, HZ, g.id, 'Running');
      await expectPlatformEvents(ws, DEFAULT, HZ, g.id, [defaultType(g.at)]);
    }
    await ws.advance('1s');
    const noticeAt = placedAt + 60 * MINUTE;
    for (const g of [asPriceGo, limited]) {
      await expectStatus(ws, DEFAULT, HZ, g.id, 'Running');
      await expectPlatformEvents(ws, DEFAULT, HZ, g.id, [defaultType(g.at), expected('SpotToBeReleased', ['5'], noticeAt)]);
    }
    await ws.advance('5m');
    for (const g of [asPriceGo, limited]) {
      await expectStatus(ws, DEFAULT, HZ, g.id, 'Expired');
      await expectPlatformEvents(ws, DEFAULT, HZ, g.id, [
        defaultType(g.at),
        expected('SpotToBeReleased', ['5'], noticeAt),
        expected('StopCharge', [], noticeAt + 5 * MINUTE),
      ]);
      expect(await placementOf(ws, g.id)).toBeUndefined();
    }
    await expectStatus(ws, DEFAULT, HZ, stays.id, 'Running');
    await expectPlatformEvents(ws, DEFAULT, HZ, stays.id, [defaultType(stays.at)]);
    expect(await placementOf(ws, stays.id)).toMatchObject({ spot: true });
  });

  // ---- Maintenance: 48 hours of virtual time --------------------------------------------------

  scenario('SystemReboot', 'maintenance is planned on the host: a 48-hour notice, then the instance is restarted elsewhere', async () => {
    const g = await run('maintained', { zoneId: 'cn-hangzhou-g' });
    expect((await placementOf(ws, g.id))?.hostId).toBe('h-g1');
    const noticeAt = ws.now();
    await injectFault(ws, { kind: 'host-maintenance', target: 'h-g1' });
    const plan = {
      originReason: 'Redeploy',
      originMessage: 'Redeploy',
      planExecTime: new Date(Math.floor(noticeAt / 1000) + 48 * 3_600_000 + 8 * 3_600_000).toISOString().replace('Z', '+08:00'),
    };
    const notice = [
      defaultType(g.at),
      systemOm('ScheduledMaintenance', noticeAt, { message: JSON.stringify(plan) }),
      expected('SystemReboot', ['a maintenance plan of host h-g1'], noticeAt),
    ];
    await expectStatus(ws, DEFAULT, HZ, g.id, 'Running');
    await expectPlatformEvents(ws, DEFAULT, HZ, g.id, notice);
    await ws.advance('47h59m59s');
    await expectStatus(ws, DEFAULT, HZ, g.id, 'Running');
    expect((await placementOf(ws, g.id))?.hostId).toBe('h-g1');
    await ws.advance('1s');
    await expectStatus(ws, DEFAULT, HZ, g.id, 'Restarting');
    await ws.advance('2s');
    await expectStatus(ws, DEFAULT, HZ, g.id, 'Running');
    expect((await placementOf(ws, g.id))?.hostId).toBe('h-g2');
    // Restarted for active O&M at the deadline, and running again on the other host.
    const deadline = noticeAt + 48 * 3600e6;
    await expectPlatformEvents(ws, DEFAULT, HZ, g.id, [...notice, systemOm('SandboxNotReady', deadline), systemOm('SandboxRebootSucceeded', deadline + 1.6e6)]);
    // The maintenance is over with the restart.
    expect((await worldState(ws)).faults.filter((f) => f.target === 'h-g1')).toEqual([]);
  });

  // ---- Several causes on one instance ---------------------------------------------------------

  it('composes causes on one instance: AutoInstanceTypeMatch at the call, StockExhaust at placement, SpotToBeReleased after the protection period, then Expired with StopCharge, and the stock comes back', async () => {
    const g = await createGroup(ws, DEFAULT, 'composed', { zoneId: 'cn-hangzhou-b', cpu: 2, memory: 6, spotStrategy: 'SpotAsPriceGo' });
    const placedAt = g.at + TO_SCHEDULING;
    await ws.advance('2s');
    await expectStatus(ws, DEFAULT, HZ, g.id, 'Running');
    expect(await placementOf(ws, g.id)).toMatchObject({ spot: true, instanceType: 'ecs.g6.large', zoneId: 'cn-hangzhou-b', hostId: 'h-b1' });
    const zoneB = async () => (await worldState(ws)).world.regions!.find((r) => r.regionId === HZ)!.zones.find((z) => z.zoneId === 'cn-hangzhou-b')!;
    expect((await zoneB()).spotStock).toEqual({ 'ecs.g6.large': 1 });
    // Five minutes in, the market wants the instance back; it keeps it for its hour of protection.
    await ws.advance('5m');
    expect(await reclaimSpot(ws, { zoneId: 'cn-hangzhou-b', instanceType: 'ecs.g6.large' })).toEqual([g.id]);
    await ws.advance('1h');
    await expectStatus(ws, DEFAULT, HZ, g.id, 'Expired');
    await expectPlatformEvents(ws, DEFAULT, HZ, g.id, [
      autoType(g.at, 'ecs.g6.large'),
      expected('StockExhaust', ['zone: cn-hangzhou-b, instanceType: ecs.g6.large, left: 1'], placedAt),
      expected('SpotToBeReleased', ['5'], placedAt + 60 * MINUTE),
      expected('StopCharge', [], placedAt + 65 * MINUTE),
    ]);
    expect(await describeGroup(ws, DEFAULT, HZ, g.id)).toMatchObject({ status: 'Expired', instanceType: 'ecs.g6.large', spotStrategy: 'SpotAsPriceGo' });
    expect((await zoneB()).spotStock).toEqual({ 'ecs.g6.large': 2 });
  });
});
