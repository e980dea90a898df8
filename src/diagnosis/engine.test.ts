// The engine on lists of events, as tables of named cases: what is a cause, what follows from
// it, what fixed it, how several are ranked, and what the group and the world add.
import { describe, expect, it } from 'vitest';
import { catalog } from '../catalog/index.js';
import type { Micros } from '../model/event.js';
import { groupByRootCause } from './account.js';
import { diagnose } from './engine.js';
import type { DiagnosisEvent, GroupView, WorldFacts } from './facts.js';
import { loadDiagnosisRules } from './rules.js';

const rules = loadDiagnosisRules(catalog);
const S = 1_000_000;
const T0: Micros = Date.UTC(2026, 2, 1) * 1000;
const at = (s: number) => T0 + s * S;

function ev(reason: string, args: string[], s: number, more: { count?: number; last?: number; container?: string } = {}): DiagnosisEvent {
  const row = catalog.resolve(reason, args);
  return {
    reason,
    type: row.type,
    message: catalog.renderRow(row, args),
    count: more.count ?? 1,
    firstTimestamp: at(s),
    lastTimestamp: at(more.last ?? s),
    source: row.group === 'K8sAgent' ? { component: 'kubelet', host: 'virtual-kubelet-cn-hangzhou-k' } : { component: 'EciService' },
    involvedObject: { name: 'web', ...(more.container ? { fieldPath: `spec.containers{${more.container}}` } : {}) },
  };
}

const run = (events: DiagnosisEvent[], extra: { group?: GroupView; world?: WorldFacts; now?: number } = {}) =>
  diagnose(rules, {
    containerGroupId: 'eci-test',
    events,
    now: at(extra.now ?? 3600),
    ...(extra.group ? { group: extra.group } : {}),
    ...(extra.world ? { world: extra.world } : {}),
  });

const GROUP: GroupView = {
  id: 'eci-test',
  name: 'web',
  account: 'default',
  regionId: 'cn-hangzhou',
  zoneId: 'cn-hangzhou-k',
  status: 'ScheduleFailed',
  instanceType: 'ecs.g7.large',
  memory: 8,
  vSwitchId: 'vsw-k',
  securityGroupId: 'sg-1',
  spot: false,
  containers: [{ name: 'app', memory: 2, restartCount: 0, current: { state: 'Waiting' } }],
};

const WORLD: WorldFacts = {
  zonesWithStock: (_a, _r, t, except) => (t === 'ecs.g7.large' ? ['cn-hangzhou-j', 'cn-hangzhou-k'].filter((z) => !except.includes(z)) : []),
  vSwitchesWithAddresses: () => [{ vSwitchId: 'vsw-j', zoneId: 'cn-hangzhou-j' }],
  otherSecurityGroups: () => ['sg-2'],
  balance: () => 0.1,
  pricePerHour: () => 0.5,
  vcpuQuota: () => ({ quota: 2, used: 2 }),
  host: () => ({ health: 'healthy', maintenance: false }),
};

describe('diagnose: one cause', () => {
  it('a group whose events are all progress is healthy', () => {
    const d = run([
      ev('DefaultInstanceTypeMatch', ['ecs.c6.large'], 0),
      ev('Scheduled', ['default/web', 'n'], 1),
      ev('Pulled', ['nginx'], 2, { container: 'app' }),
      ev('Started', ['app'], 3, { container: 'app' }),
    ]);
    expect(d).toMatchObject({ state: 'healthy', causes: [], notes: [], events: 4, grounded: false });
    expect(d.summary).toBe('Healthy: nothing in its 4 events needs attention.');
  });

  it('NoStock names the zone and type; the world says which zone has stock now', () => {
    const d = run([ev('NoStock', ['zone: cn-hangzhou-k, instanceType: ecs.g7.large'], 1)], { group: GROUP, world: WORLD });
    expect(d.state).toBe('unhealthy');
    expect(d.causes).toHaveLength(1);
    expect(d.causes[0]).toMatchObject({
      rule: 'no-stock',
      reason: 'NoStock',
      impact: 'blocks',
      current: true,
      title: 'NoStock of ecs.g7.large in cn-hangzhou-k',
      facts: ['Zone cn-hangzhou-j of cn-hangzhou has stock of ecs.g7.large now.'],
      values: { zone: 'cn-hangzhou-k', instanceType: 'ecs.g7.large', zonesWithStock: 'cn-hangzhou-j' },
    });
    expect(d.causes[0]!.remedy).toContain('several zones');
    expect(d.causes[0]!.meaning).toBe(catalog.rowsFor('NoStock')[0]!.description);
    expect(d.summary).toBe('Unhealthy: NoStock of ecs.g7.large in cn-hangzhou-k.');
  });

  it('NoStock in two zones is one cause with both zones, and two events of evidence', () => {
    const d = run([
      ev('NoStock', ['zone: cn-hangzhou-k, instanceType: ecs.g7.large'], 1),
      ev('NoStock', ['zone: cn-hangzhou-j, instanceType: ecs.g7.large'], 1),
    ]);
    expect(d.causes.map((c) => c.title)).toEqual(['NoStock of ecs.g7.large in cn-hangzhou-k and -j']);
    expect(d.causes[0]!.evidence.map((e) => [e.role, e.reason])).toEqual([
      ['cause', 'NoStock'],
      ['cause', 'NoStock'],
    ]);
  });

  it('a later Scheduled makes NoStock past: recovered, with the resolution in the chain', () => {
    const d = run([ev('NoStock', ['zone: cn-hangzhou-k, instanceType: ecs.g7.large'], 1), ev('Scheduled', ['default/web', 'n'], 40)]);
    expect(d.state).toBe('recovered');
    expect(d.causes[0]).toMatchObject({ current: false, resolvedAt: '2026-03-01T00:00:40Z' });
    expect(d.causes[0]!.evidence.map((e) => e.role)).toEqual(['cause', 'resolution']);
    expect(d.summary).toBe('Recovered: NoStock of ecs.g7.large in cn-hangzhou-k, fixed at 2026-03-01T00:00:40Z.');
  });

  it('a failed status with no event that says why is still unhealthy', () => {
    const d = run([ev('DefaultInstanceTypeMatch', ['ecs.c6.large'], 0)], { group: { ...GROUP, status: 'Failed' } });
    expect(d).toMatchObject({ state: 'unhealthy', status: 'Failed', causes: [], summary: 'Unhealthy: the group is Failed, and no event says why.' });
  });

  it('warnings that ask nothing of the group are notes, and leave it healthy', () => {
    const d = run([ev('ImageCacheMissed', [], 0), ev('Started', ['app'], 3, { container: 'app' })]);
    expect(d.state).toBe('healthy');
    expect(d.notes.map((n) => n.rule)).toEqual(['image-cache-missed']);
  });

  it('ScheduledMaintenance says when the reboot is due, from its plan', () => {
    const plan = JSON.stringify({ originReason: 'Redeploy', originMessage: 'Redeploy', planExecTime: '2026-03-03T08:00:00.000+08:00' });
    const d = run([ev('ScheduledMaintenance', [plan], 0), ev('SystemReboot', ['a maintenance plan of host h-1'], 0)], { now: 0 });
    const m = d.causes.find((c) => c.rule === 'scheduled-maintenance')!;
    expect(m.values).toMatchObject({ rebootAt: '2026-03-03T00:00:00Z', rebootIn: '48h' });
    expect(m.facts).toEqual(['The maintenance reboot is due at 2026-03-03T00:00:00Z, in 48h.']);
    expect(m.remedy).toContain('before 2026-03-03T00:00:00Z (in 48h)');
  });
});

describe('diagnose: chains and ranking', () => {
  it("a system OOM among containers that share the instance's memory: the victim, the instance's size, how many share it", () => {
    const group: GroupView = {
      ...GROUP,
      status: 'Running',
      memory: 4,
      containers: [
        {
          name: 'big',
          memory: 4,
          sharesInstanceMemory: true,
          restartCount: 1,
          current: { state: 'Waiting', reason: 'CrashLoopBackOff' },
          previous: { state: 'Terminated', reason: 'OOMKilled', exitCode: 137 },
        },
        { name: 'small', memory: 4, sharesInstanceMemory: true, restartCount: 0, current: { state: 'Running' } },
      ],
    };
    const d = run([ev('PodOOMKilled', ['System OOM encountered, victim process: sh, pid: 4242'], 10, { count: 2, last: 80 })], { group, now: 90 });
    expect(d.causes.map((c) => c.rule)).toEqual(['pod-oom-killed']);
    expect(d.causes[0]!.facts).toEqual([
      "Container big was OOMKilled (exit code 137) at a memory limit of the instance's 4 GiB (it names no memory of its own, shared with 1 other container); it has restarted 1 time.",
    ]);
  });

  it('an OOM crash loop: OOMKilled is the root cause, BackOff its consequence, with the container and its limit', () => {
    const group: GroupView = {
      ...GROUP,
      status: 'Running',
      containers: [
        {
          name: 'app',
          memory: 2,
          restartCount: 3,
          current: { state: 'Waiting', reason: 'CrashLoopBackOff' },
          previous: { state: 'Terminated', reason: 'OOMKilled', exitCode: 137 },
        },
      ],
    };
    const d = run(
      [
        ev('Started', ['app'], 3, { container: 'app', count: 4, last: 70 }),
        ev('OOMKilled', ['Memory cgroup out of memory: Kill process 4242 (java) score 900 or sacrifice child'], 10, { count: 4, last: 80 }),
        ev('BackOff', ['app', 'web_default(eci-test)'], 11, { container: 'app', count: 3, last: 81 }),
      ],
      { group, now: 90 },
    );
    expect(d.state).toBe('unhealthy');
    expect(d.causes.map((c) => c.rule)).toEqual(['oom-killed']);
    expect(d.causes[0]).toMatchObject({
      container: 'app',
      title: 'OOMKilled: app ran out of memory at 2 GiB',
      values: { process: 'java', memoryLimit: '2 GiB' },
    });
    expect(d.causes[0]!.facts).toEqual(['Container app was OOMKilled (exit code 137) at a memory limit of 2 GiB; it has restarted 3 times.']);
    expect(d.causes[0]!.evidence.map((e) => [e.role, e.reason, e.count])).toEqual([
      ['cause', 'OOMKilled', 4],
      ['consequence', 'BackOff', 3],
    ]);
  });

  it("a consequence's message arguments do not fill the cause's slots (Throttling's flow control type, then CreateBackoff)", () => {
    const d = run([
      ev('Throttling', ['User'], 1, { count: 3, last: 31 }),
      ev('CreateBackoff', ['Back-off 10s before creating container group eci-test again (retry 1 of 3): the creation was denied by flow control'], 1),
    ]);
    expect(d.causes.map((c) => [c.rule, c.title])).toEqual([['throttling-user', 'Creation was denied by flow control (User)']]);
    expect(d.causes[0]!.evidence.map((e) => `${e.role} ${e.reason}`)).toEqual(['cause Throttling', 'consequence CreateBackoff']);
  });

  it('a crash loop that has run 10 minutes since its last OOM is past', () => {
    const d = run(
      [
        ev('OOMKilled', ['Memory cgroup out of memory: Kill process 1 (java) score 1 or sacrifice child'], 10),
        ev('BackOff', ['app', 'p'], 11, { container: 'app' }),
        ev('Started', ['app'], 30, { container: 'app' }),
      ],
      { now: 30 + 11 * 60 },
    );
    expect(d.state).toBe('recovered');
    const early = run(
      [
        ev('OOMKilled', ['Memory cgroup out of memory: Kill process 1 (java) score 1 or sacrifice child'], 10),
        ev('Started', ['app'], 30, { container: 'app' }),
      ],
      { now: 60 },
    );
    expect(early.state).toBe('unhealthy');
  });

  it('a BackOff with no event that says why stands as the cause (crash loop)', () => {
    const d = run([ev('BackOff', ['app', 'p'], 11, { container: 'app', count: 5 })]);
    expect(d.causes.map((c) => [c.rule, c.title])).toEqual([['crash-loop', 'Container app keeps exiting (crash loop)']]);
  });

  it('an image pull failure behind a BackOff: the pull is the cause, the Error and the BackOff follow from it', () => {
    const why =
      'rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:nope": failed to resolve reference "docker.io/library/nginx:nope": docker.io/library/nginx:nope: not found';
    const d = run([
      ev('Pulling', ['nginx:nope'], 1, { container: 'app', count: 3, last: 40 }),
      ev('Failed', ['nginx:nope', why], 2, { container: 'app', count: 3, last: 41 }),
      ev('Failed', ['ErrImagePull'], 2, { container: 'app', count: 3, last: 41 }),
      ev('BackOff', ['nginx:nope'], 3, { container: 'app', count: 2, last: 42 }),
      ev('Failed', ['ImagePullBackOff'], 3, { container: 'app', count: 2, last: 42 }),
    ]);
    expect(d.causes.map((c) => c.rule)).toEqual(['image-not-found']);
    expect(d.causes[0]!.title).toBe('Image nginx:nope does not exist in its registry');
    expect(d.causes[0]!.evidence.map((e) => `${e.role} ${e.reason}: ${e.message.slice(0, 20)}`)).toEqual([
      'cause Failed: Failed to pull image',
      'consequence Failed: Error: ErrImagePull',
      'consequence BackOff: Back-off pulling ima',
      'consequence Failed: Error: ImagePullBack',
    ]);
  });

  it('AutoInstanceTypeMatch, StockExhaust, then SpotToBeReleased: the release ranks first, the stock is a note', () => {
    const d = run(
      [
        ev('AutoInstanceTypeMatch', ['ecs.g6.large'], 0),
        ev('StockExhaust', ['zone: cn-hangzhou-k, instanceType: ecs.g6.large, left: 1'], 1),
        ev('SpotToBeReleased', ['3'], 600),
      ],
      { now: 660 },
    );
    expect(d.state).toBe('unhealthy');
    expect(d.causes.map((c) => c.rule)).toEqual(['spot-to-be-released']);
    expect(d.causes[0]!.facts).toEqual(['The spot instance is released at 2026-03-01T00:13:00Z, in 2m.']);
    expect(d.notes.map((c) => c.rule)).toEqual(['stock-exhaust']);
  });

  it('several current causes: blocking before threatening, then by rank; past causes last', () => {
    const d = run([
      ev('SystemReboot', ['maintenance'], 5),
      ev('QuotaExceeded', ['ecs.g7.large'], 6),
      ev('NoStock', ['zone: cn-hangzhou-k, instanceType: ecs.g7.large'], 7),
      ev('Throttling', [], 1),
      ev('CreateBackoff', ['Back-off 10s'], 1),
      ev('Scheduled', ['default/web', 'n'], 2),
    ]);
    expect(d.causes.map((c) => [c.rule, c.current])).toEqual([
      ['no-stock', true],
      ['quota-exceeded', true],
      ['system-reboot', true],
      ['throttling', false],
    ]);
    expect(d.causes[3]!.evidence.map((e) => e.role)).toEqual(['cause', 'consequence', 'resolution']);
    expect(d.summary).toBe('Unhealthy: NoStock of ecs.g7.large in cn-hangzhou-k (and 3 more causes).');
  });
});

describe('the account-wide view', () => {
  it('groups unhealthy groups by root cause, merging zones of the same instance type', () => {
    const stock = (id: string, zone: string) =>
      diagnose(rules, { containerGroupId: id, events: [ev('NoStock', [`zone: ${zone}, instanceType: ecs.g7.large`], 1)], now: at(60) });
    const other = diagnose(rules, { containerGroupId: 'eci-q', events: [ev('QuotaExceeded', ['ecs.g6.large'], 1)], now: at(60) });
    const fine = diagnose(rules, { containerGroupId: 'eci-f', events: [ev('Started', ['app'], 1)], now: at(60) });
    const all = groupByRootCause(
      rules,
      [stock('eci-1', 'cn-hangzhou-k'), stock('eci-2', 'cn-hangzhou-j'), stock('eci-3', 'cn-hangzhou-k'), other, fine],
      at(60),
    );
    expect(all).toMatchObject({ examined: 5, healthy: 1, unhealthy: 4, recovered: 0, truncated: false });
    expect(all.causes.map((c) => [c.summary, c.containerGroupIds])).toEqual([
      ['3 groups: NoStock of ecs.g7.large in cn-hangzhou-k and -j', ['eci-1', 'eci-2', 'eci-3']],
      ['1 group: The instance type ecs.g6.large or vCPU quota is exceeded', ['eci-q']],
    ]);
  });
});

describe('slot templates', () => {
  it('fill {slot}, {slot|fallback} and {slot?text with %}, and leave an unknown plain slot showing', async () => {
    const { fill } = await import('./values.js');
    const v = new Map([
      ['zone', ['cn-hangzhou-k', 'cn-hangzhou-j']],
      ['n', ['3']],
    ]);
    expect(fill('{zone} ({n}){missing? never %} {missing|none} {other}', v)).toBe('cn-hangzhou-k and -j (3) none {other}');
    expect(fill('x{zone? (in %)}', v)).toBe('x (in cn-hangzhou-k and -j)');
  });
});
