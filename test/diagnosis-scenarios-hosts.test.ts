// Diagnoses of the host rows the first diagnosis scenarios left out (issue 17): an anomaly of the
// host's runtime under a running instance (RuntimeIssueDetected), the host's virtual machines
// crashing and coming back in place (RuntimeCrashed, SystemFailureReboot, SandboxRebootSucceeded),
// and planned maintenance called off (ScheduledMaintenance and SystemReboot, then
// SandboxRebootCanceled). Made to happen with the control routes' faults as
// world-scenarios-hosts-spot.test.ts does; checked through GET /v1/groups/:id/diagnosis and
// `eci-events explain` (text and --json).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorldSpec } from '../src/emulator/world/spec.js';
import { explained } from './support/diagnosis.js';
import { DEFAULT, clearFault, createGroup, expectStatus, injectFault, placementOf, startWorld, type WorldServer } from './support/world-scenarios.js';

const HZ = 'cn-hangzhou';

const WORLD: WorldSpec = {
  regions: [
    {
      regionId: HZ,
      idPrefix: 'bp1',
      defaultZoneId: 'cn-hangzhou-k',
      zones: [
        { zoneId: 'cn-hangzhou-k', hosts: [{ id: 'h-k1', vcpu: 8 }] },
        { zoneId: 'cn-hangzhou-j', hosts: [{ id: 'h-j1', vcpu: 8 }] },
        { zoneId: 'cn-hangzhou-h', hosts: [{ id: 'h-h1', vcpu: 8 }] },
      ],
    },
  ],
};

describe('diagnosis scenarios: hosts', () => {
  let ws: WorldServer;

  beforeAll(async () => {
    ws = await startWorld('diagnosis-hosts', WORLD);
  });
  afterAll(async () => ws?.stop());

  const running = async (name: string, zoneId: string) => {
    const g = await createGroup(ws, DEFAULT, name, { zoneId });
    await ws.advance('2s');
    await expectStatus(ws, DEFAULT, HZ, g.id, 'Running');
    return { ...g, host: (await placementOf(ws, g.id))!.hostId };
  };
  const chain = (evidence: ReadonlyArray<{ role: string; reason: string }>) => evidence.map((e) => `${e.role} ${e.reason}`);

  it("RuntimeIssueDetected: the host's runtime breaks under a running instance; it threatens, with the host's health", async () => {
    const g = await running('runtime-issue', 'cn-hangzhou-k');
    const fault = await injectFault(ws, { kind: 'runtime-error', target: g.host, count: 1 });
    const d = await explained(ws, g.id);
    expect(d).toMatchObject({ state: 'unhealthy', status: 'Running', summary: 'Unhealthy: An anomaly on the underlying infrastructure.' });
    expect(d.causes.map((c) => [c.rule, c.impact, c.current])).toEqual([['runtime-issue', 'threatens', true]]);
    expect(d.causes[0]!.facts).toEqual([`The instance is on host ${g.host}, which is healthy now.`]);
    expect(chain(d.causes[0]!.evidence)).toEqual(['cause RuntimeIssueDetected']);
    await clearFault(ws, fault);
  });

  it('RuntimeCrashed: the host reboots; the crash is past, fixed by the reboot, the restart its consequence', async () => {
    const g = await running('crashed', 'cn-hangzhou-j');
    await injectFault(ws, { kind: 'host-reboot', target: g.host });
    await ws.advance('2s');
    await expectStatus(ws, DEFAULT, HZ, g.id, 'Running');
    const d = await explained(ws, g.id);
    expect(d.state).toBe('recovered');
    expect(d.causes.map((c) => [c.rule, c.current])).toEqual([['runtime-crashed', false]]);
    expect(chain(d.causes[0]!.evidence)).toEqual(['cause RuntimeCrashed', 'consequence SystemFailureReboot', 'resolution SandboxRebootSucceeded']);
    expect(d.summary).toMatch(/^Recovered: The virtual machine crashed, fixed at /);
  });

  it('maintenance called off (SandboxRebootCanceled): the reboot it announced is past, the group healthy again', async () => {
    const g = await running('spared', 'cn-hangzhou-h');
    const plan = await injectFault(ws, { kind: 'host-maintenance', target: g.host });
    await ws.advance('1s');
    const warned = await explained(ws, g.id);
    expect(warned.causes.map((c) => [c.rule, c.current])).toEqual([
      ['scheduled-maintenance', true],
      ['system-reboot', true],
    ]);
    await clearFault(ws, plan);
    await ws.advance('1s');
    const d = await explained(ws, g.id);
    expect(d.state).toBe('recovered');
    expect(d.causes.map((c) => [c.rule, c.current])).toEqual([
      ['scheduled-maintenance', false],
      ['system-reboot', false],
    ]);
    expect(chain(d.causes[0]!.evidence)).toEqual(['cause ScheduledMaintenance', 'resolution SandboxRebootCanceled']);
  });
});
