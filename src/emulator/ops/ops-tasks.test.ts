// O&M records on a manual clock: which exits make a core file, the validity window, and records
// going with their instance.
import { afterEach, describe, expect, it } from 'vitest';
import { refusal, S, world, type World } from '../../../test/support/emulator-world.js';
import type { CreateRequest } from '../requests.js';
import { OPS_VALIDITY } from './ops-tasks.js';
import { statusAt } from './ops-record.js';

const HZ = 'cn-hangzhou';
const exiting = (code: number, after: number): CreateRequest => ({
  regionId: HZ,
  containerGroupName: 'job',
  restartPolicy: 'Never',
  containers: [{ name: 'job', image: 'nginx', commands: ['sh', '-c', `sleep ${after}; exit ${code}`] }],
});

describe('O&M tasks', () => {
  let w: World;
  afterEach(async () => w.close());

  const statuses = (id: string) => w.emu.opsTasks.list('default', HZ, id).map((r) => statusAt(r, w.clock.now()));
  const coredump = (id: string) => w.emu.opsTasks.create({ account: 'default', regionId: HZ, containerGroupId: id, type: 'coredump', value: 'enable' });

  it('an exit that is not a core-dumping signal (1, 137: SIGKILL) leaves coredump Ready; 134 (SIGABRT) makes the core', () => {
    w = world();
    const ids = [1, 137, 134].map((code) => w.emu.create(exiting(code, 30)).id);
    w.advance(5);
    for (const id of ids) coredump(id);
    w.advance(60);
    expect(ids.map((id) => statuses(id))).toEqual([['Ready'], ['Ready'], ['Success']]);
  });

  it('a crash after the record expired does not make it a Success', () => {
    w = world();
    const id = w.emu.create(exiting(139, OPS_VALIDITY / S + 60)).id;
    w.advance(5);
    coredump(id);
    w.advance(OPS_VALIDITY / S + 120);
    expect(w.status(id)).toBe('Failed');
    expect(statuses(id)).toEqual(['Expired']);
  });

  it('an ended instance takes no task; its records go with it when it is deleted', () => {
    w = world();
    const id = w.emu.create(exiting(0, 10)).id;
    w.advance(5);
    coredump(id);
    w.advance(30);
    expect(w.status(id)).toBe('Succeeded');
    expect(refusal(() => coredump(id)).code).toBe('IncorrectStatus');
    expect(statuses(id)).toEqual(['Ready']);
    w.emu.delete('default', id);
    w.advance(10);
    expect(refusal(() => w.emu.opsTasks.list('default', HZ, id)).code).toBe('InvalidContainerGroupId.NotFound');
  });
});
