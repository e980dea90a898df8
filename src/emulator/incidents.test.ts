// Groups that run when the world changes under them: hosts fail, reboot or go into
// maintenance; the spot market takes instances back.
import { afterEach, describe, expect, it } from 'vitest';
import { refusal, TWO_HOSTS, web, world } from '../../test/support/emulator-world.js';

const HOUR = 3600;
describe('incidents', () => {
  let w: ReturnType<typeof world>;
  afterEach(async () => w.close());

  it('moves a running group off a failed host (SystemFailureReboot, Restarting, Running on the other host)', async () => {
    w = world({ spec: TWO_HOSTS });
    const g = w.emu.create(web);
    w.advance(5);
    const before = w.emu.get('default', g.id)!;
    const other = before.hostId === 'h1' ? 'h2' : 'h1';
    w.emu.injectFault({ kind: 'host-failure', target: before.hostId! });
    expect(w.status(g.id)).toBe('Restarting');
    w.advance(5);
    expect(w.emu.get('default', g.id)).toMatchObject({ status: 'Running', hostId: other });
    expect(await w.events(g.id, 5)).toContain('5 EciService SystemFailureReboot The Specified ContainerGroup is rebooting');
  });

  it('fails a group that was still starting on the failed host, and one with nowhere to go', async () => {
    w = world({ spec: { regions: [{ regionId: 'cn-hangzhou', zones: [{ zoneId: 'cn-hangzhou-k', hosts: [{ id: 'h1', vcpu: 8 }] }] }] } });
    const starting = w.emu.create(web);
    w.advance(0.7); // placed at 0.6, still pulling
    w.emu.injectFault({ kind: 'host-failure', target: 'h1' });
    expect(w.status(starting.id)).toBe('Failed');
    expect(await w.events(starting.id)).toContain('0.7 EciService SYSTEM_FAILURE The ContainerGroup has failed due to a temporary failure of the host');
    // While h1 is down nothing can be placed in the zone.
    const next = w.emu.create(web);
    w.advance(5);
    expect(w.status(next.id)).toBe('ScheduleFailed');
    expect(await w.events(next.id)).toContain('1.3 EciService FailedScheduling Schedule eci failed:no healthy host in zone cn-hangzhou-k has 2 vCPUs free');
  });

  it('restarts groups in place when their host reboots', async () => {
    w = world({ spec: TWO_HOSTS });
    const g = w.emu.create(web);
    w.advance(5);
    const host = w.emu.get('default', g.id)!.hostId;
    w.emu.injectFault({ kind: 'host-reboot', target: host! });
    w.advance(5);
    expect(w.emu.get('default', g.id)).toMatchObject({ status: 'Running', hostId: host, containers: [{ restartCount: 1 }] });
    expect(w.emu.worldState().faults).toEqual([]);
  });

  it('gives 48 hours of notice of a maintenance (SystemReboot), then moves what is left', async () => {
    w = world({ spec: TWO_HOSTS });
    const g = w.emu.create(web);
    w.advance(5);
    const host = w.emu.get('default', g.id)!.hostId!;
    w.emu.injectFault({ kind: 'host-maintenance', target: host, detail: 'a hardware upgrade' });
    expect(await w.events(g.id, 5)).toEqual([
      '5 EciService ScheduledMaintenance {"originReason":"Redeploy","originMessage":"a hardware upgrade","planExecTime":"2026-06-03T16:00:05.000+08:00"}',
      '5 EciService SystemReboot It is strongly recommended that you re-create this instance within 48 hours because of a hardware upgrade, otherwise, the pod will be forced to restart.',
    ]);
    w.advance(48 * HOUR - 1);
    expect(w.emu.get('default', g.id)).toMatchObject({ status: 'Running', hostId: host });
    w.advance(10);
    expect(w.emu.get('default', g.id)!.hostId).not.toBe(host);
    expect(w.status(g.id)).toBe('Running');
    // The restart for active O&M, and its success once the group runs again.
    expect((await w.events(g.id, 48 * HOUR)).filter((e) => e.includes('EciService'))).toEqual([
      `${48 * HOUR + 5} EciService SandboxNotReady Critical error detected on Host OS`,
      `${48 * HOUR + 6.6} EciService SandboxRebootSucceeded The current instance has been rebooted successfully.`,
    ]);
  });

  it('calls a maintenance off when it is cleared before its deadline (SandboxRebootCanceled), and nothing moves', async () => {
    w = world({ spec: TWO_HOSTS });
    const g = w.emu.create(web);
    w.advance(5);
    const host = w.emu.get('default', g.id)!.hostId!;
    const f = w.emu.injectFault({ kind: 'host-maintenance', target: host });
    w.advance(HOUR);
    w.emu.clearFault(f.id);
    w.advance(48 * HOUR);
    expect(w.emu.get('default', g.id)).toMatchObject({ status: 'Running', hostId: host });
    expect((await w.events(g.id, 5)).map((e) => e.split(' ').slice(0, 3).join(' '))).toEqual([
      '5 EciService ScheduledMaintenance',
      '5 EciService SystemReboot',
      `${HOUR + 5} EciService SandboxRebootCanceled`,
    ]);
  });

  it('says how a host went away: an unexpected breakdown (failure) or a crashed VM (reboot), then the reboot succeeded; a broken runtime is an anomaly', async () => {
    w = world({ spec: TWO_HOSTS });
    const g = w.emu.create(web);
    w.advance(5);
    w.emu.injectFault({ kind: 'host-failure', target: w.emu.get('default', g.id)!.hostId! });
    w.advance(5);
    w.emu.injectFault({ kind: 'host-reboot', target: w.emu.get('default', g.id)!.hostId! });
    w.advance(5);
    w.emu.injectFault({ kind: 'runtime-error', target: w.emu.get('default', g.id)!.hostId! });
    const platform = (await w.events(g.id, 5)).filter((e) => e.includes('EciService'));
    // Newest occurrence last; each reboot succeeded (the second one in place, images kept).
    expect(platform.map((e) => e.split(' ').slice(0, 3).join(' '))).toEqual([
      '5 EciService SandboxNotReadyUnExpected',
      '10 EciService SystemFailureReboot',
      '10 EciService RuntimeCrashed',
      '10.8 EciService SandboxRebootSucceeded',
      '15 EciService RuntimeIssueDetected',
    ]);
    expect(platform.filter((e) => /SystemFailureReboot|SandboxRebootSucceeded/.test(e)).every((e) => e.endsWith('×2'))).toBe(true);
  });

  it('reclaims a spot instance only after its protection period, with five minutes of notice, and it ends Expired', async () => {
    w = world();
    const g = w.emu.create({ ...web, spotStrategy: 'SpotAsPriceGo' });
    w.advance(5);
    expect(w.emu.reclaimSpot({ zoneId: 'cn-hangzhou-k' })).toEqual([g.id]);
    w.advance(HOUR - 10);
    expect(await w.events(g.id, 5)).toEqual([]);
    w.advance(10);
    expect(await w.events(g.id, 5)).toEqual([`${HOUR + 0.6} EciService SpotToBeReleased Spot ECI will be released in 5 minutes`]);
    w.advance(5 * 60);
    expect(w.emu.get('default', g.id)).toMatchObject({ status: 'Expired', containers: [{ currentState: { state: 'Terminated', reason: 'SpotReclaimed' } }] });
    expect((await w.events(g.id, 5)).at(-1)).toBe(
      `${HOUR + 0.6 + 300} EciService StopCharge The charge of current ECI instance has been stopped, but the related resources are still being cleaned`,
    );
  });

  it('reclaims a SpotWithPriceLimit instance when the market price passes its limit', async () => {
    w = world({ spec: { regions: [{ regionId: 'cn-hangzhou', zones: [{ zoneId: 'cn-hangzhou-k', spotPrice: 0.05 }] }] } });
    const g = w.emu.create({ ...web, spotStrategy: 'SpotWithPriceLimit', spotPriceLimit: 0.06 });
    w.advance(2 * HOUR);
    w.emu.changeWorld({ regions: [{ regionId: 'cn-hangzhou', zones: [{ zoneId: 'cn-hangzhou-k', spotPrice: 0.07 }] }] });
    w.advance(5 * 60);
    expect(w.status(g.id)).toBe('Expired');
  });

  it('refuses a fault on something the world does not have, and changes nothing', () => {
    w = world();
    expect(refusal(() => w.emu.injectFault({ kind: 'host-failure', target: 'h-nope' })).message).toMatch(/host-failure needs a host id; "h-nope" is not one/);
    expect(refusal(() => w.emu.clearFault('fault-9')).message).toMatch(/No fault "fault-9"/);
    expect(w.emu.worldState().faults).toEqual([]);
  });
});
