// An emulator on a manual clock and an in-memory store, for the emulator's tests: time moves only
// when a test says so, and events read back as one line each.
import { expect } from 'vitest';
import { Emulator, type EmulatorOptions } from '../../src/emulator/emulator.js';
import { EmulatorError } from '../../src/emulator/errors.js';
import type { CreateRequest } from '../../src/emulator/requests.js';
import { ManualScheduler } from '../../src/emulator/scheduler.js';
import { ManualClock } from '../../src/model/clock.js';
import { Recorder } from '../../src/recorder/index.js';
import { SqliteEventStore } from '../../src/store/sqlite/store.js';
import type { WorldSpec } from '../../src/emulator/world/spec.js';
import { World as ModelledWorld } from '../../src/emulator/world/world.js';
import { WorldCheckSink } from './world-check-sink.js';

export const T0 = Date.UTC(2026, 5, 1, 8, 0, 0) * 1000;
export const S = 1_000_000;

/**
 * `spec`: a world file's content for the emulator's world (default: the default world). Without a
 * `state` sink of the test's own, every turn is checked for a world change its revision missed
 * (world-check-sink.ts): every emulator test is a test of the world's dirty-tracking too.
 */
export function world(options: Partial<EmulatorOptions> & { spec?: WorldSpec } = {}) {
  const { spec, ...rest } = options;
  const clock = new ManualClock(T0);
  const scheduler = new ManualScheduler(clock);
  const store = new SqliteEventStore(':memory:');
  const recorder = new Recorder(store, { clock });
  const errors: unknown[] = [];
  let emu: Emulator | undefined = undefined;
  const check = rest.state ? undefined : new WorldCheckSink(() => emu?.world);
  emu = new Emulator({
    recorder,
    clock,
    scheduler,
    onError: (e) => errors.push(e),
    world: new ModelledWorld(spec, clock),
    ...(check ? { state: check } : {}),
    ...rest,
  });
  /** The group's events last seen `since` seconds after T0 or later, oldest first: "<seconds> <source> <reason> <message>[ ×count]". */
  const events = async (id: string, since = 0) => {
    await recorder.drain();
    const stored = (await store.list({ containerGroupId: id })).reverse().filter((e) => e.lastTimestamp >= T0 + since * S);
    return stored.map((e) => `${(e.lastTimestamp - T0) / S} ${e.source.component} ${e.reason} ${e.message}${e.count > 1 ? ` ×${e.count}` : ''}`);
  };
  /** Moves the clock by `seconds`, running what falls due. */
  const advance = (seconds: number) => scheduler.advance(Math.round(seconds * S));
  /** Moves the clock to `seconds` after T0. */
  const at = (seconds: number) => scheduler.advanceTo(T0 + Math.round(seconds * S));
  const status = (id: string) => emu.get('default', id)?.status;
  const close = async () => {
    emu.close();
    await recorder.drain();
    await store.close();
    expect(errors).toEqual([]);
    expect(check?.missed ?? []).toEqual([]);
  };
  return { clock, scheduler, store, recorder, emu, events, advance, at, status, close };
}

export type World = ReturnType<typeof world>;

/** One zone of cn-hangzhou with two 8-vCPU hosts: room to move a group off a failed host. */
export const TWO_HOSTS: WorldSpec = {
  regions: [
    {
      regionId: 'cn-hangzhou',
      zones: [
        {
          zoneId: 'cn-hangzhou-k',
          hosts: [
            { id: 'h1', vcpu: 8 },
            { id: 'h2', vcpu: 8 },
          ],
        },
      ],
    },
  ],
};

export const web: CreateRequest = { regionId: 'cn-hangzhou', containerGroupName: 'web', containers: [{ name: 'web', image: 'nginx' }] };

/** The EmulatorError `fn` throws (anything else fails the test). */
export function refusal(fn: () => unknown): EmulatorError {
  try {
    fn();
  } catch (err) {
    if (err instanceof EmulatorError) return err;
    throw err;
  }
  throw new Error('expected an EmulatorError');
}
