// DescribeContainerLog and ExecContainerCommand through the official SDK against
// `eci-events serve --clock virtual`: what each run of a container wrote (tail, since, start time,
// byte limit, timestamps, the previous run after a restart), a command run in a running
// container, and ECI's refusals, none of which changes anything.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { $Eci, sdkError } from './support/eci-sdk.js';
import { expectError, REQUEST_ID } from './support/eci-views.js';
import { createGroup, describeGroup, startWorld, type WorldServer } from './support/world-scenarios.js';
import { fromRfc3339 } from '../src/model/time.js';

const REGION = 'cn-hangzhou';
const JOB = 'echo start; sleep 5; echo "done: a; b"; exit 3';
let ws: WorldServer;
let id: string;

beforeAll(async () => {
  ws = await startWorld('logs', { regions: [{ regionId: REGION, idPrefix: 'bp1', zones: [{ zoneId: 'cn-hangzhou-k' }] }] });
  ({ id } = await createGroup(ws, 'default', 'web-1', {
    restartPolicy: 'Always',
    containers: [
      { name: 'web', image: 'nginx:1.25' },
      { name: 'job', image: 'busybox', command: ['sh', '-c'], arg: [JOB] },
    ],
  }));
});
afterAll(async () => ws?.stop());

const log = (extra: Record<string, unknown>) =>
  ws.client().describeContainerLog(new $Eci.DescribeContainerLogRequest({ regionId: REGION, containerGroupId: id, ...extra }));

async function content(extra: Record<string, unknown>): Promise<string> {
  const r = await log(extra);
  expect(r.statusCode).toBe(200);
  expect(r.body!.requestId).toMatch(REQUEST_ID);
  expect(r.body!.containerName).toBe(extra.containerName);
  return r.body!.content!;
}

const exec = (extra: Record<string, unknown>) =>
  ws.client().execContainerCommand(new $Eci.ExecContainerCommandRequest({ regionId: REGION, containerGroupId: id, ...extra }));

/** Moves the clock a second at a time until the job runs (it started within the last second). */
async function untilJobRuns(): Promise<void> {
  for (let i = 0; i < 120; i++) {
    if ((await jobState()).currentState!.state === 'Running') return;
    await ws.advance('1s');
  }
  throw new Error('the job never ran');
}

async function jobState() {
  const g = await describeGroup(ws, 'default', REGION, id);
  return g!.containers!.find((c) => c.name === 'job')!;
}

describe('container logs and exec through the SDK', () => {
  it('a container that has not started has no log yet: IncorrectStatus, as kubelet words it', async () => {
    const f = await sdkError(log({ containerName: 'job' }));
    expectError(f, 'IncorrectStatus', 400, 'container "job" in pod "web-1" is waiting to start: ContainerCreating');
    const previous = await sdkError(log({ containerName: 'job', lastTime: true }));
    expectError(previous, 'IncorrectStatus', 400, 'previous terminated container "job" in pod "web-1" not found');
  });

  it("the first run's lines, written on the clock: all of them, the tail, a byte limit, timestamps", async () => {
    await untilJobRuns();
    expect(await content({ containerName: 'job' })).toBe('start\n');
    // It exits 5 s after its start, which was within the last second; a first exit is restarted at
    // once (kubelet's back-off begins with the second), so 6 s later the run before is the previous one.
    await ws.advance('6s');
    const last = (extra: Record<string, unknown> = {}) => content({ containerName: 'job', lastTime: true, ...extra });
    expect(await last()).toBe('start\ndone: a; b\n');
    expect(await last({ tail: 1 })).toBe('done: a; b\n');
    expect(await last({ limitBytes: 8 })).toBe('start\ndo');
    const stamped = (await last({ timestamps: true })).split('\n');
    const [t1, t2] = stamped.slice(0, 2).map((l) => l.split(' ')[0]!);
    expect(t1).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{9}Z$/);
    expect(fromRfc3339(t2!) - fromRfc3339(t1!)).toBe(5_000_000);
    expect(stamped[1]).toBe(`${t2} done: a; b`);
    // The run began when the container started (its StartTime, to the second).
    const previous = (await jobState()).previousState!;
    expect(Math.floor(fromRfc3339(t1!) / 1e6)).toBe(fromRfc3339(previous.startTime!) / 1e6);
  });

  it('SinceSeconds and StartTime keep the lines written since', async () => {
    const last = (extra: Record<string, unknown> = {}) => content({ containerName: 'job', lastTime: true, ...extra });
    const stamped = (await last({ timestamps: true })).split('\n');
    const second = fromRfc3339(stamped[1]!.split(' ')[0]!);
    const sinceSeconds = Math.ceil((ws.now() - second) / 1e6);
    expect(await last({ sinceSeconds })).toBe('done: a; b\n');
    expect(await last({ sinceSeconds: sinceSeconds + 10 })).toBe('start\ndone: a; b\n');
    // A line written at StartTime is kept, one before it is not.
    expect(await last({ startTime: stamped[1]!.split(' ')[0] })).toBe('done: a; b\n');
    expect(await last({ startTime: stamped[0]!.split(' ')[0] })).toBe('start\ndone: a; b\n');
  });

  it('after the restart, the current run has its own lines and LastTime=true reads the run before', async () => {
    const job = await jobState();
    expect(job.restartCount).toBe(1);
    expect(await content({ containerName: 'job' })).toBe('start\n');
    expect(await content({ containerName: 'job', lastTime: true })).toBe('start\ndone: a; b\n');
  });

  it("nginx's own entrypoint writes its start-up lines", async () => {
    const text = await content({ containerName: 'web' });
    expect(text.split('\n')[0]).toBe('/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration');
    expect(text).toContain('/docker-entrypoint.sh: Configuration complete; ready for start up\n');
    expect(text).toMatch(/^\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2} \[notice\] 1#1: start worker process 29$/m);
  });

  it('refuses a bad parameter, an unknown group and an unknown container, naming each', async () => {
    expectError(await sdkError(log({ containerName: 'job', tail: 2001 })), 'InvalidParameter', 400, 'Tail');
    expectError(await sdkError(log({ containerName: 'job', limitBytes: 1048577 })), 'InvalidParameter', 400, 'LimitBytes');
    expectError(await sdkError(log({ containerName: 'job', startTime: 'yesterday' })), 'InvalidParameter', 400, 'StartTime');
    expectError(await sdkError(log({ containerName: 'job', startTime: '2026-03-01T00:00:00Z', sinceSeconds: 10 })), 'InvalidParameter', 400, 'StartTime');
    expectError(await sdkError(log({})), 'MissingParameter', 400, 'ContainerName');
    expectError(await sdkError(log({ containerName: 'nope' })), 'InvalidContainerName.NotFound', 404, 'nope');
    const gone = ws
      .client()
      .describeContainerLog(new $Eci.DescribeContainerLogRequest({ regionId: REGION, containerGroupId: 'eci-bp1doesnotexist0000', containerName: 'job' }));
    expectError(await sdkError(gone), 'InvalidContainerGroupId.NotFound', 404, 'eci-bp1doesnotexist0000');
  });

  it('ExecContainerCommand with Sync=true runs the command in the running container and returns its output', async () => {
    const r = await exec({ containerName: 'web', command: JSON.stringify(['sh', '-c', 'cat /etc/hostname; printf "%s-%s\\n" a b; echo "x; y"']), sync: true });
    expect(r.statusCode).toBe(200);
    expect(r.body!.requestId).toMatch(REQUEST_ID);
    expect(r.body!.syncResponse).toBe('web-1\na-b\nx; y\n');
    // The command's output is its own: the container's log does not change.
    expect(await content({ containerName: 'web' })).not.toContain('a-b');
  });

  it('ExecContainerCommand without Sync: a WebSocketUri that runs the command on the clock, once, within 30 s', async () => {
    const r = await exec({ containerName: 'web', command: JSON.stringify(['sh', '-c', 'echo one; sleep 2; echo two; exit 4']) });
    expect(r.statusCode).toBe(200);
    const uri = r.body!.webSocketUri!;
    expect(uri).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/exec\/\?s=[A-Za-z0-9_-]{24}$/);
    expect(r.body!.syncResponse).toBeUndefined();
    const frames: string[] = [];
    const socket = new WebSocket(uri);
    let got: () => void = () => {};
    socket.on('message', (data: Buffer) => {
      frames.push(`${data[0]} ${data.subarray(1).toString()}`);
      got();
    });
    const closed = new Promise<number>((resolve) => socket.once('close', resolve));
    await new Promise<void>((resolve) => (got = () => frames.length >= 1 && resolve()));
    // What comes after the sleep waits for the clock.
    expect(frames).toEqual(['1 one\n']);
    await ws.advance('2s');
    expect(await closed).toBe(1000);
    expect(frames.slice(1, 2)).toEqual(['1 two\n']);
    expect(JSON.parse(frames[2]!.slice(2))).toEqual({
      metadata: {},
      status: 'Failure',
      message: 'command terminated with non-zero exit code: error executing command [sh -c echo one; sleep 2; echo two; exit 4], exit code 4',
      reason: 'NonZeroExitCode',
      details: { causes: [{ reason: 'ExitCode', message: '4' }] },
    });
    // A session is opened once; another left 30 s of the clock is gone.
    const refused = (u: string) =>
      new Promise<number>((resolve) => new WebSocket(u).once('unexpected-response', (_req, res) => resolve(res.statusCode!)).once('open', () => resolve(101)));
    expect(await refused(uri)).toBe(404);
    const late = await exec({ containerName: 'web', command: JSON.stringify(['hostname']) });
    await ws.advance('31s');
    expect(await refused(late.body!.webSocketUri!)).toBe(404);
    const fresh = await exec({ containerName: 'web', command: JSON.stringify(['hostname']) });
    const ok = new WebSocket(fresh.body!.webSocketUri!);
    const all: string[] = [];
    ok.on('message', (data: Buffer) => all.push(`${data[0]} ${data.subarray(1).toString()}`));
    await new Promise((resolve) => ok.once('close', resolve));
    expect(all).toEqual(['1 web-1\n', '3 {"metadata":{},"status":"Success"}']);
  });

  it('ExecContainerCommand refuses: Sync with TTY, a bad Command, a container not running', async () => {
    const cmd = JSON.stringify(['echo', 'hi']);
    expectError(await sdkError(exec({ containerName: 'web', command: cmd, sync: true, TTY: true })), 'InvalidParameter', 400, 'TTY');
    expectError(await sdkError(exec({ containerName: 'web', command: 'echo hi', sync: true })), 'InvalidParameter', 400, 'Command');
    expectError(await sdkError(exec({ containerName: 'web', command: JSON.stringify(Array(21).fill('x')), sync: true })), 'InvalidParameter', 400, 'Command');
    expectError(await sdkError(exec({ containerName: 'web', command: JSON.stringify(['x'.repeat(257)]), sync: true })), 'InvalidParameter', 400, 'Command');
    expectError(await sdkError(exec({ containerName: 'web', sync: true })), 'MissingParameter', 400, 'Command');
    // The job exits after 5 s and waits out its back-off: not running then.
    await ws.advance('5s');
    expect((await jobState()).currentState!.state).not.toBe('Running');
    expectError(await sdkError(exec({ containerName: 'job', command: cmd, sync: true })), 'IncorrectStatus', 400, 'job');
  });
});
