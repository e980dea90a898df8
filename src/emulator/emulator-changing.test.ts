// emulator.changing(): a change and the writes of its own turn, which the control API awaits
// instead of the recorder's global drain(), so that it answers with its own events stored.
import { afterEach, describe, expect, it } from 'vitest';
import { TWO_HOSTS, web, world } from '../../test/support/emulator-world.js';
import { Recorder } from '../recorder/index.js';
import { SqliteEventStore } from '../store/sqlite/store.js';

describe('emulator.changing()', () => {
  let w: ReturnType<typeof world>;
  afterEach(async () => w.close());

  /** What the store holds for the group now: no drain() first. */
  const stored = async (id: string) => (await w.store.list({ containerGroupId: id })).map((e) => e.reason).sort();

  it('answers the change, and `written` settles once the events of its turn are in the store', async () => {
    w = world({ spec: TWO_HOSTS });
    const g = w.emu.create(web);
    w.advance(5);
    await w.recorder.drain();
    const host = w.emu.get('default', g.id)!.hostId!;
    const before = await stored(g.id);

    const { value: fault, written } = w.emu.changing(() => w.emu.injectFault({ kind: 'host-failure', target: host }));
    expect(fault).toMatchObject({ kind: 'host-failure', target: host });
    await written;
    const after = await stored(g.id);
    expect(after.filter((r) => !before.includes(r))).toEqual(['Killing', 'SandboxNotReadyUnExpected', 'SystemFailureReboot']);
  });

  it('covers the turn of a group made in it, events and all', async () => {
    w = world();
    const { value: g, written } = w.emu.changing(() => w.emu.create(web));
    await written;
    expect(await stored(g.id)).toEqual(['DefaultInstanceTypeMatch']);
  });

  it('throws what the change throws, and runs no turn of its own inside another', () => {
    w = world({ spec: TWO_HOSTS });
    expect(() => w.emu.changing(() => w.emu.injectFault({ kind: 'host-failure', target: 'h9' }))).toThrow(/needs a host id/);
    expect(() => w.emu.changing(() => w.emu.changing(() => 1))).toThrow(/cannot be called inside one/);
  });

  it('rejects `written` when its events could not be stored, and tells onError too', async () => {
    // A store already closed: every write fails, as it would on a lost database.
    const closed = new SqliteEventStore(':memory:');
    await closed.close();
    const errors: unknown[] = [];
    w = world({ spec: TWO_HOSTS, recorder: new Recorder(closed), onError: (e) => errors.push(e) });
    const { written } = w.emu.changing(() => w.emu.create(web));
    await expect(written).rejects.toThrow(/not open|closed/i);
    expect(errors).toEqual([expect.objectContaining({ message: expect.stringMatching(/not open|closed/i) })]);
  });
});
