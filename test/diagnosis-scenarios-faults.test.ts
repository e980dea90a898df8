// Diagnoses of the platform's and the world's faults, one row of a table each (issue 17): each
// makes a catalog cause happen as the world scenarios do (control routes for faults, a zone's
// settings, a registry's), then checks through the route and `explain` that the first root cause
// is the right rule, current, with the right evidence and a title with the group's values.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorldSpec } from '../src/emulator/world/spec.js';
import { explained } from './support/diagnosis.js';
import { DEFAULT, clearFault, createGroup, injectFault, startWorld, type CreateOptions, type FaultBody, type WorldServer } from './support/world-scenarios.js';

const WORLD: WorldSpec = {
  registries: [{ host: 'private.example.com', private: true, credentials: [{ username: 'deployer', password: 's3cret' }] }],
  regions: [
    {
      regionId: 'cn-hangzhou',
      idPrefix: 'bp1',
      defaultZoneId: 'cn-hangzhou-k',
      zones: [
        { zoneId: 'cn-hangzhou-k', hosts: [{ id: 'h-k1' }] },
        { zoneId: 'cn-hangzhou-h', cpuOptions: false },
      ],
    },
    { regionId: 'cn-shanghai', idPrefix: 'uf6', zones: [{ zoneId: 'cn-shanghai-e' }] },
    { regionId: 'cn-beijing', idPrefix: '2ze', zones: [{ zoneId: 'cn-beijing-g' }] },
    { regionId: 'cn-qingdao', idPrefix: 'm5e', zones: [{ zoneId: 'cn-qingdao-b' }] },
  ],
};

interface Case {
  name: string;
  fault?: FaultBody;
  create: CreateOptions;
  wait: string;
  rule: string;
  title: RegExp;
  evidence: string[];
  status?: string;
}

const CASES: Case[] = [
  {
    name: 'a scheduler error in the zone',
    fault: { kind: 'scheduler-error', target: 'cn-shanghai-e', count: 1 },
    create: { regionId: 'cn-shanghai' },
    wait: '2s',
    rule: 'failed-scheduling-unknown',
    title: /^Scheduling failed with an unknown error$/,
    evidence: ['cause FailedScheduling'],
    status: 'ScheduleFailed',
  },
  {
    name: 'the ECI service overloaded',
    fault: { kind: 'service-overload', target: 'cn-beijing', duration: '10m' },
    create: { regionId: 'cn-beijing' },
    wait: '2s',
    rule: 'heavy-load',
    title: /^The ECI service is under heavy load$/,
    evidence: ['cause UnknownError'],
    status: 'ScheduleFailed',
  },
  {
    name: 'an internal error',
    fault: { kind: 'internal-error', target: 'cn-qingdao', count: 1 },
    create: { regionId: 'cn-qingdao' },
    wait: '2s',
    rule: 'unknown-error',
    title: /^An unknown error occurred for eci-/,
    evidence: ['cause UnknownError'],
    status: 'ScheduleFailed',
  },
  {
    name: 'a broken container runtime on the host',
    fault: { kind: 'runtime-error', target: 'h-k1', count: 1 },
    create: { zoneId: 'cn-hangzhou-k' },
    wait: '5s',
    rule: 'starting-failed',
    title: /^The instance failed to start: /,
    evidence: ['cause StartingFailed'],
    status: 'Failed',
  },
  {
    name: 'CPU options in a zone without them',
    create: { zoneId: 'cn-hangzhou-h', cpuOptionsCore: 1, cpuOptionsThreadsPerCore: 2 },
    wait: '2s',
    rule: 'cpu-options-not-supported',
    title: /^CPU options are not supported for ecs\.c6\.large in this zone$/,
    evidence: ['cause CpuOptionsNotSupported'],
    status: 'ScheduleFailed',
  },
  {
    name: 'an EIP that does not exist',
    create: { eipInstanceId: 'eip-bp1nosuch' },
    wait: '2s',
    rule: 'eip-not-found',
    title: /^EIP eip-bp1nosuch does not exist$/,
    evidence: ['cause EipNotFound'],
    status: 'ScheduleFailed',
  },
  {
    name: 'a system OOM: a container without a memory of its own outgrows the instance',
    create: { cpu: 2, memory: 4, containers: [{ name: 'app', image: 'busybox', command: ['sh', '-c', 'mem 3Gi; mem +512Mi/s; sleep infinity'] }] },
    wait: '30s',
    rule: 'pod-oom-killed',
    title: /^The instance ran out of memory \(4 GiB\); victim sh$/,
    evidence: ['cause PodOOMKilled', 'consequence BackOff'],
  },
  {
    name: 'a private registry without credentials',
    create: { containers: [{ name: 'app', image: 'private.example.com/team/app:1' }] },
    wait: '30s',
    rule: 'image-unauthorized',
    title: /^Pulling image private\.example\.com\/team\/app:1 is not authorized$/,
    evidence: ['cause Failed', 'consequence Failed', 'consequence BackOff'],
    status: 'Pending',
  },
  {
    name: 'a registry that does not resolve',
    create: { containers: [{ name: 'app', image: 'registry.example.invalid/team/app:1' }] },
    wait: '30s',
    rule: 'registry-unreachable',
    title: /^The registry of image registry\.example\.invalid\/team\/app:1 cannot be reached$/,
    evidence: ['cause Failed', 'consequence Failed', 'consequence BackOff'],
    status: 'Pending',
  },
];

describe('diagnosis scenarios: faults', () => {
  let ws: WorldServer;

  beforeAll(async () => {
    ws = await startWorld('diagnosis-faults', WORLD);
  });
  afterAll(async () => ws?.stop());

  for (const c of CASES) {
    it(`${c.rule} ← ${c.name}`, async () => {
      const fault = c.fault ? await injectFault(ws, c.fault) : undefined;
      const g = await createGroup(ws, DEFAULT, c.rule, c.create);
      await ws.advance(c.wait);
      const d = await explained(ws, g.id);
      expect(d.state).toBe('unhealthy');
      if (c.status) expect(d.status).toBe(c.status);
      const [top] = d.causes;
      expect(top, JSON.stringify(d.causes.map((x) => x.rule))).toMatchObject({ rule: c.rule, current: true });
      expect(top!.title).toMatch(c.title);
      expect([...new Set(top!.evidence.map((e) => `${e.role} ${e.reason}`))]).toEqual(c.evidence);
      if (fault && c.fault?.duration) await clearFault(ws, fault);
    });
  }
});
