// The time scale through `eci-events serve`: ECI's durations on the real clock by default (a
// group still Scheduling right after its creation, tens of seconds from Running), scaled by
// --time-scale / ECI_EVENTS_TIME_SCALE or the world's platform.timeScale (the flag wins), ignored
// on a virtual clock, refused with exit 2 when not a number greater than 0. No test here waits
// for a duration: each asserts a state or a modelled figure (kubelet's Pulled message).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { runCli } from './support/cli.js';
import { sdkClient, startServer, type Server } from './support/eci-sdk.js';
import { create, describeOne, eventsOf, waitStatus } from './support/eci-views.js';
import { signedFetch } from './support/signed-fetch.js';

const dir = mkdtempSync(join(tmpdir(), 'eci-time-scale-'));
const servers: Server[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  rmSync(dir, { recursive: true, force: true });
});

/** A serve as a user starts it: without the test suite's ECI_EVENTS_TIME_SCALE unless given. */
async function serve(args: string[], env: Record<string, string> = {}): Promise<Server> {
  const saved = process.env.ECI_EVENTS_TIME_SCALE;
  delete process.env.ECI_EVENTS_TIME_SCALE;
  Object.assign(process.env, env);
  try {
    const s = await startServer(join(dir, `${servers.length}.db`), args);
    servers.push(s);
    return s;
  } finally {
    for (const k of Object.keys(env)) delete process.env[k];
    if (saved !== undefined) process.env.ECI_EVENTS_TIME_SCALE = saved;
  }
}

async function clock(s: Server): Promise<{ mode: string; timeScale: number }> {
  return (await (await signedFetch(`${s.url}/v1/clock`)).json()) as { mode: string; timeScale: number };
}

function worldFile(name: string, world: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(world));
  return file;
}

describe('serve --time-scale', () => {
  test.each([
    ['0', /not greater than 0/],
    ['-1', /number greater than 0/],
    ['abc', /number greater than 0/],
    ['1e-9', /outside/],
  ])('refuses %s with exit 2, naming the flag, and starts nothing', (value, why) => {
    const r = runCli(['serve', '--db', ':memory:', '--port', '0', '--time-scale', value]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--time-scale must be a number greater than 0/);
    expect(r.stderr).toMatch(why);
    expect(r.stderr).not.toMatch(/listening on/);
  });

  test('refuses a bad ECI_EVENTS_TIME_SCALE the same way, and a world whose platform.timeScale is 0', () => {
    const env = runCli(['serve', '--db', ':memory:', '--port', '0'], { ECI_EVENTS_TIME_SCALE: 'fast' });
    expect([env.status, /--time-scale must be a number greater than 0 .*, got "fast"/.test(env.stderr)]).toEqual([2, true]);
    const world = runCli(['serve', '--db', ':memory:', '--port', '0', '--world', worldFile('zero.json', { platform: { timeScale: 0 } })], {
      ECI_EVENTS_TIME_SCALE: '1',
    });
    expect(world.status).toBe(2);
    expect(world.stderr).toMatch(/platform\.timeScale/);
  });

  test("by default ECI's durations: a new group is still Scheduling, with no Scheduled event, right after its creation", async () => {
    const s = await serve([]);
    expect(await clock(s)).toMatchObject({ mode: 'real', timeScale: 1 });
    const client = sdkClient(new URL(s.url).host, 'v3');
    const id = await create(client, 'unscaled');
    // Accepting (2 s) and scheduling with the ENI (20 s) come before anything is placed: the
    // group cannot be placed sooner, however slow this machine is.
    expect((await describeOne(client, id))!.status).toBe('Scheduling');
    expect(((await eventsOf(client, id))?.events ?? []).map((e) => e.reason)).not.toContain('Scheduled');
  });

  test("--time-scale scales every modelled duration, the pull too: kubelet says nginx's 800 ms pull took 40ms", async () => {
    const s = await serve(['--time-scale', '0.05']);
    expect(s.stderr()).toMatch(/Time scale: 0\.05/);
    expect(await clock(s)).toMatchObject({ mode: 'real', timeScale: 0.05 });
    const client = sdkClient(new URL(s.url).host, 'v3');
    const id = await create(client, 'scaled');
    await waitStatus(client, id, 'Running');
    const pulled = (await eventsOf(client, id))?.events?.find((e) => e.reason === 'Pulled');
    expect(pulled?.message).toBe('Successfully pulled image "nginx" in 40ms');
  });

  test("the world's platform.timeScale applies without the flag; the flag (or its variable) wins; a virtual clock ignores both", async () => {
    const file = worldFile('half.json', { platform: { timeScale: 0.5 } });
    expect(await clock(await serve(['--world', file]))).toMatchObject({ timeScale: 0.5 });
    expect(await clock(await serve(['--world', file], { ECI_EVENTS_TIME_SCALE: '0.02' }))).toMatchObject({ timeScale: 0.02 });
    const virtual = await serve(['--world', file, '--time-scale', '0.02', '--clock', 'virtual']);
    expect(await clock(virtual)).toMatchObject({ mode: 'virtual', timeScale: 1 });
    expect(virtual.stderr()).toMatch(/Time scale: ignored on a virtual clock/);
  });
});
