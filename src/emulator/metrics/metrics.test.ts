import { describe, expect, it } from 'vitest';
import type { Container, ContainerGroup } from '../container-group.js';
import { cpuShareSeconds, STARTUP_SECONDS } from './load-model.js';
import { sampleGroup } from './sample.js';
import { metricInstants } from './window.js';

const S = 1_000_000;
const GIB = 1024 ** 3;
const T0 = 1_700_000_000 * S;

function container(
  name: string,
  current: Container['currentState'],
  previous?: Container['previousState'],
  size: { cpu?: number; memory?: number } = {},
): Container {
  return {
    name,
    image: 'nginx',
    cpu: size.cpu ?? 0,
    memory: size.memory ?? 0,
    gpu: 0,
    commands: [],
    args: [],
    imagePullPolicy: 'IfNotPresent',
    restartCount: previous ? 1 : 0,
    ready: current.state === 'Running',
    currentState: current,
    ...(previous ? { previousState: previous } : {}),
  };
}

const group = (...containers: Container[]) => ({ id: 'eci-test', cpu: 2, memory: 4, containers }) as unknown as ContainerGroup;

describe('sampleGroup', () => {
  it('is zero while a container waits, and everything but the limits stays zero', () => {
    const s = sampleGroup(group(container('app', { state: 'Waiting', reason: 'ContainerCreating' })), T0);
    expect(s.cpu).toEqual({ limit: 2000, load: 0, usageCoreNanoSeconds: 0, usageNanoCores: 0 });
    expect(s.memory).toEqual({ availableBytes: 4 * GIB, cache: 0, rss: 0, usageBytes: 0, workingSet: 0 });
    expect(s.network).toMatchObject({ rxBytes: 0, txBytes: 0 });
    expect(s.disk).toMatchObject({ readBytes: 0, writeBytes: 0 });
  });

  it('starts busy, settles, and counts CPU seconds, traffic and IO over the run', () => {
    const g = group(container('app', { state: 'Running', startTime: T0 }, undefined, { cpu: 1, memory: 2 }));
    const early = sampleGroup(g, T0 + 10 * S);
    expect(early.containers[0]!.cpu).toEqual({ limit: 1000, load: 500, usageCoreNanoSeconds: 5 * 1e9, usageNanoCores: 0.5e9 });
    const late = sampleGroup(g, T0 + 100 * S);
    // 30 s at half a core, 70 s at a tenth.
    expect(late.containers[0]!.cpu).toEqual({ limit: 1000, load: 100, usageCoreNanoSeconds: (15 + 7) * 1e9, usageNanoCores: 0.1e9 });
    expect(late.containers[0]!.memory.workingSet).toBe(Math.round(2 * GIB * 0.3));
    expect(late.memory.availableBytes).toBe(4 * GIB - Math.round(2 * GIB * 0.3));
    expect(late.network).toMatchObject({ rxBytes: 100 * 2048, txBytes: 100 * 1024, rxPackets: 400, txPackets: 200 });
    expect(late.disk).toMatchObject({ readBytes: 4 * 1024 * 1024, writeBytes: 100 * 512, readIO: 1024, writeIO: 13 });
  });

  it('adds up the previous run and is zero after a container ends', () => {
    const g = group(
      container(
        'job',
        { state: 'Terminated', startTime: T0 + 200 * S, finishTime: T0 + 260 * S, exitCode: 0 },
        { state: 'Terminated', startTime: T0, finishTime: T0 + 100 * S, exitCode: 1 },
        { cpu: 2 },
      ),
    );
    const between = sampleGroup(g, T0 + 150 * S).containers[0]!.cpu;
    expect(between.usageNanoCores).toBe(0);
    expect(between.usageCoreNanoSeconds).toBe(Math.round(cpuShareSeconds(100) * 2 * 1e9));
    const after = sampleGroup(g, T0 + 400 * S);
    expect(after.cpu.usageNanoCores).toBe(0);
    expect(after.cpu.usageCoreNanoSeconds).toBe(Math.round((cpuShareSeconds(100) + cpuShareSeconds(60)) * 2 * 1e9));
    expect(after.memory.workingSet).toBe(0);
    expect(after.disk.readBytes).toBe(2 * 4 * 1024 * 1024);
  });

  it('gives a container without its own limits the whole instance', () => {
    const s = sampleGroup(
      group(container('a', { state: 'Running', startTime: T0 }), container('b', { state: 'Running', startTime: T0 + STARTUP_SECONDS * S })),
      T0 + STARTUP_SECONDS * S,
    );
    expect(s.containers.map((c) => c.cpu.usageNanoCores)).toEqual([0.2e9, 1e9]);
    expect(s.cpu.usageNanoCores).toBe(1.2e9);
  });
});

describe('metricInstants', () => {
  const now = T0 + 7 * S;
  it('without times: the last 5 minutes every 15 s, Period ignored', () => {
    const t = metricInstants({ now, period: 7 });
    expect(t).toHaveLength(20);
    expect(t.every((x) => x % (15 * S) === 0 && x <= now && x > now - 300 * S)).toBe(true);
  });
  it('with a start: up to now, every Period (default 60)', () => {
    expect(metricInstants({ now, start: now - 600 * S })).toHaveLength(10);
    expect(metricInstants({ now, start: now - 600 * S, period: 600 })).toHaveLength(1);
  });
  it('with an end only: the 5 minutes before it', () => {
    expect(metricInstants({ now, end: now - 3600 * S, period: 30 })).toHaveLength(10);
  });
  it('stops at now: the future has no data', () => {
    expect(metricInstants({ now, start: now - 60 * S, end: now + 3600 * S, period: 60 })).toHaveLength(1);
  });
  it.each([
    ['a period ECI does not offer', { period: 45, start: now - 600 * S }, /Period 45/],
    ['more than 50 records', { period: 15, start: now - 3600 * S }, /240 records/],
    ['a start 31 days ago', { start: now - 31 * 86_400 * S, end: now - 31 * 86_400 * S + 60 * S }, /StartTime.*30 days/],
    ['a start after the end', { start: now - 60 * S, end: now - 120 * S }, /StartTime.*before EndTime/],
  ])('refuses %s', (_name, req, message) => {
    expect(() => metricInstants({ now, ...req })).toThrow(message);
  });
});

describe('sampleGroup with workload verbs', () => {
  it('shows the cores `cpu` sets and the memory `mem` holds, in place of the load model', () => {
    const c: Container = {
      ...container('app', { state: 'Running', startTime: T0 }, undefined, { cpu: 2, memory: 4 }),
      commands: ['sh', '-c'],
      args: ['cpu 0.5; mem 1Gi; sleep 10; cpu 1.5; mem +100Mi/s; sleep infinity'],
    };
    const at = (s: number) => sampleGroup(group(c), T0 + s * S).containers[0]!;
    expect(at(5).cpu).toMatchObject({ usageNanoCores: 0.5e9, usageCoreNanoSeconds: 2.5e9 });
    expect(at(20).cpu).toMatchObject({ usageNanoCores: 1.5e9, usageCoreNanoSeconds: (5 + 15) * 1e9 });
    // The load: the last 10 s at 1.5 cores.
    expect(at(20).cpu.load).toBe(1500);
    expect(at(5).memory.workingSet).toBe(GIB);
    expect(at(20).memory.workingSet).toBe(GIB + 10 * 100 * 2 ** 20);
  });
});
