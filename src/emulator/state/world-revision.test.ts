// The world's dirty-tracking (World.revision): a turn that leaves the world alone neither writes
// nor even serializes its document, one that changes it writes it, and a change made behind the
// revision's back is caught by the emulator tests' checking sink (test/support/world-check-sink.ts,
// the sink of every emulator made by test/support/emulator-world.ts).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { S, T0 } from '../../../test/support/emulator-world.js';
import { WorldCheckSink } from '../../../test/support/world-check-sink.js';
import { ManualClock } from '../../model/clock.js';
import { Recorder } from '../../recorder/index.js';
import type { StateChange } from '../../store/index.js';
import { SqliteEventStore } from '../../store/sqlite/store.js';
import { Emulator } from '../emulator.js';
import { ManualScheduler } from '../scheduler.js';
import { World } from '../world/world.js';
import type { StateSink } from './sink.js';

/** Keeps each turn's change, and checks the world as the emulator tests' sink does. */
class KeepingSink implements StateSink {
  readonly changes: Array<StateChange | undefined> = [];
  constructor(readonly check: WorldCheckSink) {}
  openTurn(): void {}
  closeTurn(change?: StateChange): Promise<void> {
    this.changes.push(change);
    return this.check.closeTurn(change);
  }
}

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

/** `checked`: with the checking sink on (it serializes the world itself after every turn). */
function setUp(checked: boolean) {
  const clock = new ManualClock(T0);
  const scheduler = new ManualScheduler(clock);
  const store = new SqliteEventStore(':memory:');
  const recorder = new Recorder(store, { clock });
  const world = new World(undefined, clock);
  const sink = new KeepingSink(new WorldCheckSink(() => (checked ? world : undefined)));
  const emu = new Emulator({ recorder, clock, scheduler, state: sink, world });
  closers.push(async () => {
    emu.close();
    await recorder.drain();
    await store.close();
  });
  const worldWritten = (from: number) => sink.changes.slice(from).filter((c) => c?.puts.some((d) => d.kind === 'world')).length;
  return { scheduler, world, sink, emu, worldWritten };
}

describe('the world document', () => {
  it('is written by the turns that change the world, and not serialized by the others', () => {
    const { scheduler, world, sink, emu, worldWritten } = setUp(false);
    const g = emu.create({ regionId: 'cn-hangzhou', containerGroupName: 'web', containers: [{ name: 'c', image: 'nginx' }] });
    scheduler.advance(60 * S);
    expect(emu.get('default', g.id)?.status).toBe('Running');
    expect(worldWritten(0)).toBeGreaterThan(0);

    // Running: restarts of the group's containers and reads touch the group, not the world.
    const toDoc = vi.spyOn(world, 'toDoc');
    const from = sink.changes.length;
    emu.restart('default', g.id);
    scheduler.advance(60 * S);
    expect(sink.changes.length - from).toBeGreaterThan(2);
    expect(worldWritten(from)).toBe(0);
    expect(toDoc).not.toHaveBeenCalled();

    // A fault is the world's: that turn writes it.
    const before = world.revision;
    emu.injectFault({ kind: 'service-overload', target: 'cn-hangzhou', count: 1 });
    expect(world.revision).toBeGreaterThan(before);
    expect(worldWritten(sink.changes.length - 1)).toBe(1);
    expect(toDoc).toHaveBeenCalledTimes(1);
  });

  it('changed behind the revision is a miss the checking sink reports', async () => {
    const { world, sink, emu } = setUp(true);
    emu.create({ regionId: 'cn-hangzhou', containerGroupName: 'web', containers: [{ name: 'c', image: 'nginx' }] });
    await emu.committed();
    expect(sink.check.missed).toEqual([]);
    // What no method of the world did: its revision stays, so the turn skips the document.
    world.spec.regions![0]!.zones[0]!.lowWaterMark = 7;
    await emu.committed();
    expect(sink.check.missed).toEqual([expect.stringContaining("the world's spec changed, its revision did not")]);
  });
});
