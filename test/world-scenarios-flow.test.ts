// World scenarios, one per catalog row, for the platform's flow control: Throttling (the
// platform's rate per region, and an account's own rate, flowControlType:User) and CreateBackoff
// (a throttled creation is tried again after a doubling wait). Through the official SDK against
// `eci-events serve --world FILE --clock virtual`; see world-scenarios-account.test.ts for what
// each scenario checks.
//
// The caller's answer: CreateContainerGroup succeeds (200 with a ContainerGroupId); flow control
// acts at the group's scheduling step, later: the group waits (Scheduling: still being created) and is tried again, and
// ends Running once it is admitted, or ScheduleFailed once its retries are spent.
//
// Flow control is one setting for the whole world, so these scenarios have a server of their own;
// each uses its own region and accounts.
import { afterAll, beforeAll, describe, expect } from 'vitest';
import type { WorldSpec } from '../src/emulator/world/spec.js';
import {
  S,
  TO_SCHEDULING,
  createGroup,
  defaultType,
  expectPlatformEvents,
  expectStatus,
  expected,
  platformEvents,
  scenario,
  startWorld,
  type WorldServer,
} from './support/world-scenarios.js';

const WORLD: WorldSpec = {
  // The default regions; two creations per minute per region, one per account; three retries
  // after 10 s, 20 s and 40 s.
  flowControl: { platformCreatesPerMinute: 2, accountCreatesPerMinute: 1, retries: 3, backoffSeconds: 10 },
};
const ACCOUNTS = ['p1', 'p2', 'p3', 'u1'] as const;

/** The scheduling attempts of a throttled group created at `at`: each waits 10 s, 20 s, 40 s more, then the schedule step. */
const attempt = (at: number, n: number) => at + TO_SCHEDULING + [0, 10, 30, 70][n]! * S + n * 0.5 * S;

const backoff = (id: string, wait: number, retry: number, at: number) =>
  expected(
    'CreateBackoff',
    [`Back-off ${wait}s before creating container group ${id} again (retry ${retry} of 3): the creation was denied by flow control`],
    at,
  );

describe('world scenarios: flow control', () => {
  let ws: WorldServer;

  beforeAll(async () => {
    ws = await startWorld('flow', WORLD, ACCOUNTS);
  });
  afterAll(async () => ws?.stop());

  scenario('Throttling#1', 'a third creation in a region within a minute, while the region stays busy past every retry', async () => {
    const region = 'cn-shanghai';
    const first = await createGroup(ws, 'p1', 'busy-1', { regionId: region });
    const second = await createGroup(ws, 'p2', 'busy-2', { regionId: region });
    const third = await createGroup(ws, 'p3', 'busy-3', { regionId: region });
    const c = third.at;
    await ws.advance('61s');
    await expectStatus(ws, 'p1', region, first.id, 'Running');
    await expectStatus(ws, 'p2', region, second.id, 'Running');
    // Denied at its scheduling step and at two retries; the third retry is due at +72.1 s.
    await expectStatus(ws, 'p3', region, third.id, 'Scheduling');
    await expectPlatformEvents(ws, 'p3', region, third.id, [
      defaultType(c),
      backoff(third.id, 10, 1, attempt(c, 0)),
      backoff(third.id, 20, 2, attempt(c, 1)),
      expected('Throttling#1', [], attempt(c, 0), { count: 3, last: attempt(c, 2) }),
      backoff(third.id, 40, 3, attempt(c, 2)),
    ]);
    // A minute later two more creations fill the region again before that last retry.
    const fourth = await createGroup(ws, 'p1', 'busy-4', { regionId: region });
    const fifth = await createGroup(ws, 'p2', 'busy-5', { regionId: region });
    await ws.advance('15s');
    await expectStatus(ws, 'p1', region, fourth.id, 'Running');
    await expectStatus(ws, 'p2', region, fifth.id, 'Running');
    await expectStatus(ws, 'p3', region, third.id, 'ScheduleFailed');
    await expectPlatformEvents(ws, 'p3', region, third.id, [
      defaultType(c),
      backoff(third.id, 10, 1, attempt(c, 0)),
      backoff(third.id, 20, 2, attempt(c, 1)),
      backoff(third.id, 40, 3, attempt(c, 2)),
      expected('Throttling#1', [], attempt(c, 0), { count: 4, last: attempt(c, 3) }),
    ]);
  });

  scenario('Throttling#2', "an account's second creation within a minute (flowControlType:User), admitted once the minute has passed", async () => {
    const region = 'cn-beijing';
    const first = await createGroup(ws, 'u1', 'user-1', { regionId: region });
    const second = await createGroup(ws, 'u1', 'user-2', { regionId: region });
    const c = second.at;
    await ws.advance('2s');
    await expectStatus(ws, 'u1', region, first.id, 'Running');
    await expectStatus(ws, 'u1', region, second.id, 'Scheduling');
    await expectPlatformEvents(ws, 'u1', region, second.id, [
      defaultType(c),
      expected('Throttling#2', ['User'], attempt(c, 0)),
      backoff(second.id, 10, 1, attempt(c, 0)),
    ]);
    await ws.advance('75s');
    // Denied again at +11.1 s and +31.6 s; at +72.1 s the first creation is more than a minute old.
    await expectStatus(ws, 'u1', region, second.id, 'Running');
    await expectPlatformEvents(ws, 'u1', region, second.id, [
      defaultType(c),
      backoff(second.id, 10, 1, attempt(c, 0)),
      backoff(second.id, 20, 2, attempt(c, 1)),
      expected('Throttling#2', ['User'], attempt(c, 0), { count: 3, last: attempt(c, 2) }),
      backoff(second.id, 40, 3, attempt(c, 2)),
    ]);
  });

  scenario('CreateBackoff', 'a throttled creation waits 10 s, 20 s, 40 s between tries, Scheduling, and is created when the region has room', async () => {
    const region = 'cn-hangzhou';
    // p1, p2 and p3 last created more than a minute ago (Throttling#1).
    await createGroup(ws, 'p1', 'wait-1', { regionId: region });
    await createGroup(ws, 'p2', 'wait-2', { regionId: region });
    const g = await createGroup(ws, 'p3', 'wait-3', { regionId: region });
    const c = g.at;
    const reasons = async () => (await platformEvents(ws, 'p3', region, g.id)).map((e) => `${e.reason} ×${e.count}`);
    const once = ['DefaultInstanceTypeMatch ×1', 'Throttling ×1', 'CreateBackoff ×1'];
    const twice = ['DefaultInstanceTypeMatch ×1', 'CreateBackoff ×1', 'Throttling ×2', 'CreateBackoff ×1'];
    const thrice = ['DefaultInstanceTypeMatch ×1', 'CreateBackoff ×1', 'CreateBackoff ×1', 'Throttling ×3', 'CreateBackoff ×1'];
    // The tries are at +0.6 s, +11.1 s and +31.6 s: look just before and just after each retry.
    const steps: Array<[string, string[]]> = [
      ['10.5s', once],
      ['1s', twice],
      ['19.9s', twice],
      ['0.5s', thrice],
    ];
    for (const [step, want] of steps) {
      await ws.advance(step);
      await expectStatus(ws, 'p3', region, g.id, 'Scheduling');
      expect(await reasons()).toEqual(want);
    }
    await ws.advance('45s');
    await expectStatus(ws, 'p3', region, g.id, 'Running');
    await expectPlatformEvents(ws, 'p3', region, g.id, [
      defaultType(c),
      backoff(g.id, 10, 1, attempt(c, 0)),
      backoff(g.id, 20, 2, attempt(c, 1)),
      expected('Throttling#1', [], attempt(c, 0), { count: 3, last: attempt(c, 2) }),
      backoff(g.id, 40, 3, attempt(c, 2)),
    ]);
  });
});
