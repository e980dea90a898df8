// Diagnoses of the platform's flow control (issue 17), set up as world-scenarios-flow.test.ts:
// a region busy past every retry (Throttling, its CreateBackoff retries, then ScheduleFailed), an
// account over its own rate (flowControlType:User) admitted a minute later, and a creation still
// waiting between two retries. Checked through GET /v1/groups/:id/diagnosis and `eci-events
// explain` (text and --json): the rule, the chain (the back-offs follow from the denial), the
// remedy, and a denial shown as past once the group is created. Flow control is one setting for
// the whole world, so these have a server of their own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorldSpec } from '../src/emulator/world/spec.js';
import { explained } from './support/diagnosis.js';
import { createGroup, expectStatus, startWorld, type WorldServer } from './support/world-scenarios.js';

const WORLD: WorldSpec = {
  // Two creations per minute per region, one per account; three retries after 10 s, 20 s and 40 s.
  flowControl: { platformCreatesPerMinute: 2, accountCreatesPerMinute: 1, retries: 3, backoffSeconds: 10 },
};

describe('diagnosis scenarios: flow control', () => {
  let ws: WorldServer;

  beforeAll(async () => {
    ws = await startWorld('diagnosis-flow', WORLD, ['p1', 'p2', 'p3', 'u1']);
  });
  afterAll(async () => ws?.stop());

  const roles = (evidence: ReadonlyArray<{ role: string; reason: string; count: number }>) => evidence.map((e) => `${e.role} ${e.reason} ×${e.count}`);

  it('Throttling#1 and CreateBackoff: waiting between retries, then ScheduleFailed once they are spent', async () => {
    const region = 'cn-shanghai';
    await createGroup(ws, 'p1', 'busy-1', { regionId: region });
    await createGroup(ws, 'p2', 'busy-2', { regionId: region });
    const g = await createGroup(ws, 'p3', 'busy-3', { regionId: region });
    // Denied at its scheduling step (+0.6 s); the first retry is due at +11.1 s.
    await ws.advance('5s');
    await expectStatus(ws, 'p3', region, g.id, 'Scheduling');
    const waiting = await explained(ws, g.id, 'p3');
    expect(waiting).toMatchObject({ state: 'unhealthy', status: 'Scheduling', summary: "Unhealthy: Creation was denied by the platform's flow control." });
    expect(waiting.causes.map((c) => [c.rule, c.current])).toEqual([['throttling', true]]);
    expect(roles(waiting.causes[0]!.evidence)).toEqual(['cause Throttling ×1', 'consequence CreateBackoff ×1']);
    expect(waiting.causes[0]!.remedy).toBe('Wait and create fewer instances at a time in cn-shanghai; the platform retries by itself.');
    // Two more creations fill the region again before each retry: the last one is spent.
    await ws.advance('56s');
    await createGroup(ws, 'p1', 'busy-4', { regionId: region });
    await createGroup(ws, 'p2', 'busy-5', { regionId: region });
    await ws.advance('15s');
    await expectStatus(ws, 'p3', region, g.id, 'ScheduleFailed');
    const failed = await explained(ws, g.id, 'p3');
    expect(failed).toMatchObject({ state: 'unhealthy', status: 'ScheduleFailed' });
    expect(failed.causes.map((c) => [c.rule, c.current])).toEqual([['throttling', true]]);
    expect(failed.causes[0]!.evidence.map((e) => `${e.role} ${e.reason}`).sort()).toEqual(
      ['cause Throttling', 'consequence CreateBackoff', 'consequence CreateBackoff', 'consequence CreateBackoff'].sort(),
    );
    expect(failed.causes[0]!.evidence.find((e) => e.reason === 'Throttling')!.count).toBe(4);
  });

  it('Throttling#2: the account over its own rate, shown as past once the group is created', async () => {
    const region = 'cn-beijing';
    await createGroup(ws, 'u1', 'user-1', { regionId: region });
    const g = await createGroup(ws, 'u1', 'user-2', { regionId: region });
    await ws.advance('2s');
    const waiting = await explained(ws, g.id, 'u1');
    expect(waiting.causes.map((c) => [c.rule, c.title, c.current])).toEqual([['throttling-user', 'Creation was denied by flow control (User)', true]]);
    expect(waiting.causes[0]!.remedy).toBe('Wait and create fewer instances at a time from this account in cn-beijing; the platform retries by itself.');
    await ws.advance('75s');
    await expectStatus(ws, 'u1', region, g.id, 'Running');
    const after = await explained(ws, g.id, 'u1');
    expect(after.state).toBe('recovered');
    expect(after.causes.map((c) => [c.rule, c.current])).toEqual([['throttling-user', false]]);
    const chain = after.causes[0]!.evidence.map((e) => `${e.role} ${e.reason}`);
    expect(chain[0]).toBe('cause Throttling');
    expect(chain.filter((r) => r === 'consequence CreateBackoff')).toHaveLength(3);
    expect(chain.at(-1)).toMatch(/^resolution (Scheduled|Started)$/);
    expect(after.summary).toMatch(/^Recovered: Creation was denied by flow control \(User\), fixed at /);
  });
});
