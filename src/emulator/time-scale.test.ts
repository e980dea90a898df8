import { afterEach, describe, expect, it } from 'vitest';
import { S, T0, web, world, type World } from '../../test/support/emulator-world.js';
import { scaledTimings, timeScaleProblem } from './time-scale.js';
import { ECI_TIMINGS } from './timings.js';
import { World as ModelledWorld } from './world/world.js';
import { ManualClock } from '../model/clock.js';

describe('the time scale', () => {
  it('accepts a number greater than 0 within its bounds, and says why anything else is refused', () => {
    expect([0.01, 1, 1e-6, 100].map(timeScaleProblem)).toEqual([undefined, undefined, undefined, undefined]);
    expect(timeScaleProblem(0)).toMatch(/not greater than 0/);
    expect(timeScaleProblem(-1)).toMatch(/not greater than 0/);
    expect(timeScaleProblem('abc')).toMatch(/not a number/);
    expect(timeScaleProblem(Number.NaN)).toMatch(/not a number/);
    expect(timeScaleProblem(1e-9)).toMatch(/outside/);
    expect(timeScaleProblem(101)).toMatch(/outside/);
  });

  it('scales every duration of a timings view at the scale of the moment', () => {
    let scale = 0.5;
    const view = scaledTimings({ accept: 2 * S, schedule: 20 * S }, () => scale);
    expect({ ...view }).toEqual({ accept: 1 * S, schedule: 10 * S });
    scale = 0.01;
    expect(view.schedule).toBe(200_000);
  });

  it("the world's scale: a fixed one wins over the world file's platform.timeScale, which wins over 1", () => {
    const clock = new ManualClock(T0);
    expect(new ModelledWorld(undefined, clock).timeScale).toBe(1);
    expect(new ModelledWorld({ platform: { timeScale: 0.1 } }, clock).timeScale).toBe(0.1);
    expect(new ModelledWorld({ platform: { timeScale: 0.1 } }, clock, { timeScale: 0.02 }).timeScale).toBe(0.02);
    const w = new ModelledWorld(undefined, clock);
    w.apply({ platform: { timeScale: 0.25 } });
    expect([w.timeScale, w.scaled(4 * S)]).toEqual([0.25, 1 * S]);
  });
});

describe("ECI_TIMINGS: a group takes ECI's tens of seconds, or a scaled fraction of them", () => {
  let w: World;
  afterEach(async () => w.close());

  /** When the group is first seen in each status, sampling every 100 ms of the manual clock up to 60 s. */
  function timeline(w: World, id: string): Record<string, number> {
    const seen: Record<string, number> = {};
    for (let t = 0; t <= 60; t += 0.1) {
      w.at(Math.round(t * 10) / 10);
      const s = w.status(id)!;
      seen[s] ??= Math.round(t * 10) / 10;
    }
    return seen;
  }

  it('unscaled: Scheduling for 22 s (accepted, then placed with its ENI), Running at 24.8 s', async () => {
    w = world({ timings: ECI_TIMINGS });
    const g = w.emu.create(web);
    expect(timeline(w, g.id)).toEqual({ Scheduling: 0, Pending: 22, Running: 24.8 });
    const events = await w.events(g.id);
    // nginx's modelled pull (800 ms) between the placement and the start.
    expect(events.filter((e) => / (Scheduled|Pulled|Started) /.test(e))).toEqual([
      '22 kubelet Scheduled Successfully assigned default/web to virtual-kubelet-cn-hangzhou-k',
      '22.8 kubelet Pulled Successfully pulled image "nginx" in 800ms',
      '24.8 kubelet Started Started container web',
    ]);
  });

  it('at a time scale of 0.1, every step and the pull take a tenth', async () => {
    w = world({ timings: ECI_TIMINGS, spec: { platform: { timeScale: 0.1 } } });
    const g = w.emu.create(web);
    expect(timeline(w, g.id)).toEqual({ Scheduling: 0, Pending: 2.2, Running: 2.5 });
    expect((await w.events(g.id)).filter((e) => / Pulled /.test(e))).toEqual(['2.28 kubelet Pulled Successfully pulled image "nginx" in 80ms']);
  });
});
