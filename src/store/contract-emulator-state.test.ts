// The emulator's documents and timers, on every backend: written in the transaction of a batch's
// events (all or nothing, a poisoned event takes the state down with it), behind an optional
// fence, and loaded back exactly, timers in due order; one document alone too.
import { describe, expect, it } from 'vitest';
import { freshStorePerTest, STORE_BACKENDS as BACKENDS } from '../../test/support/backends.js';
import { eventWrite } from '../../test/support/event-write.js';
import type { Micros } from '../model/event.js';
import { emptyStateChange, isEmptyStateChange, mergeStateChanges, StateFencedError, type StateChange } from './emulator-state.js';
import { isRolledBack } from './record-apart.js';

const T0: Micros = Date.UTC(2026, 0, 1) * 1000;

const change = (over: Partial<StateChange>): StateChange => ({ ...emptyStateChange(), ...over });

const GROUP = {
  id: 'eci-1',
  status: 'Running',
  creationTime: T0,
  containers: [{ name: 'c1', restartCount: 3, currentState: { state: 'Waiting', reason: 'CrashLoopBackOff', message: 'back-off 40s … "quoted"' } }],
  extra: { HostName: 'h', 'Container.1.EnvironmentVar.1.Key': 'ü' },
  quickExits: [['c1', 2]],
  nothing: null,
};

for (const backend of BACKENDS) {
  describe.skipIf(!backend.available)(`emulator state: ${backend.name}`, () => {
    const fresh = freshStorePerTest(backend);

    const fence = (holder: string) =>
      backend.name === 'postgres'
        ? { sql: `UPDATE emulator_state SET body = body WHERE kind = 'lease' AND body->>'holder' = $1`, params: [holder] }
        : { sql: `UPDATE emulator_state SET body = body WHERE kind = 'lease' AND json_extract(body, '$.holder') = ?`, params: [holder] };

    it('is empty in a new store', async () => {
      expect(await fresh.store.loadEmulatorState()).toEqual({ docs: [], timers: [] });
    });

    it('loads one document by kind and id, and nothing for one not stored', async () => {
      await fresh.store.record([], {
        state: change({
          puts: [
            { kind: 'meta', id: 'emulator', body: { v: 1, clock: T0 + 7 } },
            { kind: 'group', id: 'emulator', body: GROUP },
          ],
        }),
      });
      expect(await fresh.store.loadEmulatorDoc('meta', 'emulator')).toEqual({ v: 1, clock: T0 + 7 });
      expect(await fresh.store.loadEmulatorDoc('group', 'emulator')).toEqual(GROUP);
      expect(await fresh.store.loadEmulatorDoc('meta', 'other')).toBeUndefined();
      expect(await fresh.store.loadEmulatorDoc('world', 'emulator')).toBeUndefined();
    });

    it('writes documents and timers with the events of a batch, and loads them back exactly', async () => {
      const stored = await fresh.store.record([eventWrite('a', T0)], {
        state: change({
          puts: [
            { kind: 'group', id: 'eci-1', body: GROUP },
            { kind: 'clock', id: 'clock', body: { now: T0 + 1 } },
          ],
          timerPuts: [
            { id: 't10', due: T0 + 5_000_000, kind: 'group.step', payload: { groupId: 'eci-1', step: 2 } },
            { id: 't9', due: T0 + 5_000_000, kind: 'container.exit', payload: { groupId: 'eci-1', name: 'c1' } },
            { id: 't2', due: T0 + 1_000_000, kind: 'fault.end', payload: { faultId: 'f-1' } },
          ],
        }),
      });
      expect(stored).toHaveLength(1);
      const loaded = await fresh.store.loadEmulatorState();
      expect(loaded.docs).toEqual([
        { kind: 'clock', id: 'clock', body: { now: T0 + 1 } },
        { kind: 'group', id: 'eci-1', body: GROUP },
      ]);
      // Due order; equal times by id in issue order (t9 before t10).
      expect(loaded.timers.map((t) => t.id)).toEqual(['t2', 't9', 't10']);
      expect(loaded.timers[1]).toEqual({ id: 't9', due: T0 + 5_000_000, kind: 'container.exit', payload: { groupId: 'eci-1', name: 'c1' } });
    });

    it('writes a batch of state alone, replaces documents and deletes them', async () => {
      await fresh.store.record([], {
        state: change({
          puts: [
            { kind: 'group', id: 'g1', body: { v: 1 } },
            { kind: 'group', id: 'g2', body: { v: 1 } },
          ],
          timerPuts: [{ id: 't1', due: T0, kind: 'k', payload: {} }],
        }),
      });
      await fresh.store.record([], {
        state: change({ puts: [{ kind: 'group', id: 'g1', body: { v: 2 } }], deletes: [{ kind: 'group', id: 'g2' }], timerDeletes: ['t1'] }),
      });
      expect(await fresh.store.loadEmulatorState()).toEqual({ docs: [{ kind: 'group', id: 'g1', body: { v: 2 } }], timers: [] });
      expect(await fresh.store.latestVersion()).toBe(0);
    });

    it('rolls the state back with a batch whose event the database refuses', async () => {
      const err = await fresh.store
        .record([eventWrite('a', T0), eventWrite('p', T0, { firstTimestamp: Number.NaN })], {
          state: change({ puts: [{ kind: 'group', id: 'g1', body: {} }] }),
        })
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(isRolledBack(err)).toBe(true);
      expect(await fresh.store.loadEmulatorState()).toEqual({ docs: [], timers: [] });
      expect(await fresh.store.list({})).toEqual([]);
    });

    it('writes behind a fence that holds, and refuses the whole batch behind one that does not', async () => {
      await fresh.store.record([], { state: change({ puts: [{ kind: 'lease', id: 'emulator', body: { holder: 'r1' } }] }) });
      await fresh.store.record([eventWrite('a', T0)], { state: change({ puts: [{ kind: 'group', id: 'g1', body: { by: 'r1' } }] }), fence: fence('r1') });
      const err = await fresh.store
        .record([eventWrite('b', T0)], { state: change({ puts: [{ kind: 'group', id: 'g1', body: { by: 'r2' } }] }), fence: fence('r2') })
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(err).toBeInstanceOf(StateFencedError);
      // Not marked: retrying apart would be fenced again.
      expect(isRolledBack(err)).toBe(false);
      expect((await fresh.store.loadEmulatorState()).docs).toContainEqual({ kind: 'group', id: 'g1', body: { by: 'r1' } });
      expect((await fresh.store.list({})).map((e) => e.name)).toEqual(['ev-a']);
    });
  });
}

describe('merging state changes', () => {
  it('keeps the last change of each document and timer', () => {
    const merged = mergeStateChanges([
      change({
        puts: [
          { kind: 'g', id: '1', body: 1 },
          { kind: 'g', id: '2', body: 1 },
        ],
        timerPuts: [{ id: 't1', due: 1, kind: 'k', payload: 1 }],
      }),
      undefined,
      change({
        puts: [{ kind: 'g', id: '1', body: 2 }],
        deletes: [{ kind: 'g', id: '2' }],
        timerDeletes: ['t1'],
        timerPuts: [{ id: 't2', due: 2, kind: 'k', payload: 2 }],
      }),
      change({ puts: [{ kind: 'g', id: '2', body: 3 }] }),
    ]);
    expect(merged).toEqual({
      puts: [
        { kind: 'g', id: '1', body: 2 },
        { kind: 'g', id: '2', body: 3 },
      ],
      deletes: [],
      timerPuts: [{ id: 't2', due: 2, kind: 'k', payload: 2 }],
      timerDeletes: ['t1'],
    });
    expect(isEmptyStateChange(mergeStateChanges([]))).toBe(true);
  });
});
