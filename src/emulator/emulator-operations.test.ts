import { afterEach, describe, expect, it } from 'vitest';
import { refusal, S, T0, web, world } from '../../test/support/emulator-world.js';

// Delete, restart, update and fail, on default timings: a one-container group is Running at 1.7 s.

describe('delete', () => {
  let w: ReturnType<typeof world>;
  afterEach(async () => w.close());

  it('Terminating with Killing and StopCharge, then gone; its events stay; its address is free again', async () => {
    w = world();
    const g = w.emu.create(web);
    w.at(2);
    await w.recorder.drain();
    expect(w.emu.delete('default', g.id).status).toBe('Terminating');
    expect(w.emu.get('default', g.id)?.containers[0]?.ready).toBe(false);
    // A second delete while Terminating is accepted and changes nothing.
    expect(w.emu.delete('default', g.id).status).toBe('Terminating');
    w.at(2.999);
    expect(w.status(g.id)).toBe('Terminating');
    expect(w.emu.list('default', 'cn-hangzhou', {}, { limit: 20 }).groups.map((x) => x.status)).toEqual(['Terminating']);
    w.at(3);
    expect(w.emu.get('default', g.id)).toBeUndefined();
    expect(w.emu.list('default', 'cn-hangzhou', {}, { limit: 20 })).toEqual({ groups: [], totalCount: 0 });
    expect(await w.events(g.id, 2)).toEqual([
      '2 kubelet Killing Stopping container web',
      '2 EciService StopCharge The charge of current ECI instance has been stopped, but the related resources are still being cleaned',
    ]);
    expect(await w.events(g.id)).toHaveLength(8);
    expect(w.scheduler.pending).toBe(0);
    expect(refusal(() => w.emu.delete('default', g.id))).toMatchObject({
      code: 'InvalidContainerGroupId.NotFound',
      kind: 'notFound',
      parameter: 'ContainerGroupId',
    });
    expect(w.emu.create(web).intranetIp).toBe(g.intranetIp);
  });

  it('stops a group that is still being scheduled: no Killing, no StopCharge (it was never charged), nothing of its start afterwards', async () => {
    w = world();
    const g = w.emu.create(web);
    w.at(0.3);
    w.emu.delete('default', g.id);
    w.at(10);
    expect(w.emu.get('default', g.id)).toBeUndefined();
    expect(await w.events(g.id)).toEqual(['0 EciService DefaultInstanceTypeMatch The default instanceType used for current eci instance is ecs.c6.large']);
  });

  it('deletes ended groups too, and never another account’s or an unknown one', () => {
    w = world();
    const g = w.emu.create({ ...web, restartPolicy: 'Never', containers: [{ name: 'job', image: 'busybox', commands: ['true'] }] });
    w.at(5);
    expect(w.status(g.id)).toBe('Succeeded');
    expect(refusal(() => w.emu.delete('someone-else', g.id)).code).toBe('InvalidContainerGroupId.NotFound');
    expect(refusal(() => w.emu.delete('default', g.id, 'cn-shanghai')).code).toBe('InvalidContainerGroupId.NotFound');
    expect(refusal(() => w.emu.delete('default', 'eci-doesnotexist000000')).message).toBe(
      'The specified ContainerGroupId "eci-doesnotexist000000" does not exist.',
    );
    expect(w.emu.delete('default', g.id, 'cn-hangzhou').status).toBe('Terminating');
    w.at(6);
    expect(w.emu.get('default', g.id)).toBeUndefined();
  });
});

describe('restart', () => {
  let w: ReturnType<typeof world>;
  afterEach(async () => w.close());

  it('Restarting: Killing, the image reused, Created, Started, restartCount + 1, then Running', async () => {
    w = world();
    const g = w.emu.create(web);
    w.at(2);
    await w.recorder.drain();
    expect(w.emu.restart('default', g.id).status).toBe('Restarting');
    w.at(2.799);
    expect(w.status(g.id)).toBe('Restarting');
    w.at(2.8);
    expect(w.emu.get('default', g.id)).toMatchObject({
      status: 'Running',
      containers: [
        {
          restartCount: 1,
          ready: true,
          currentState: { state: 'Running', startTime: T0 + 2.8 * S },
          previousState: { state: 'Terminated', exitCode: 0, reason: 'Completed', startTime: T0 + 1.7 * S, finishTime: T0 + 2.5 * S },
        },
      ],
    });
    expect(await w.events(g.id, 2)).toEqual([
      '2 kubelet Killing Stopping container web',
      '2.5 kubelet Pulled Container image "nginx" already present on machine',
      '2.5 kubelet Created Created container web ×2',
      '2.8 kubelet Started Started container web ×2',
    ]);
  });

  it('restarts a Pending group by starting it, without counting a restart', async () => {
    w = world();
    const g = w.emu.create(web);
    w.at(0.8); // placed at 0.6, pulling
    expect(w.status(g.id)).toBe('Pending');
    w.emu.restart('default', g.id);
    w.at(1.899);
    expect(w.status(g.id)).toBe('Restarting');
    w.at(1.9);
    expect(w.emu.get('default', g.id)).toMatchObject({ status: 'Running', containers: [{ restartCount: 0 }] });
    expect(await w.events(g.id, 0.01)).toEqual([
      '0.6 kubelet Scheduled Successfully assigned default/web to virtual-kubelet-cn-hangzhou-k',
      // The pull the restart interrupted starts again.
      '0.8 kubelet Pulling Pulling image "nginx" ×2',
      '1.6 kubelet Pulled Successfully pulled image "nginx" in 800ms',
      '1.6 kubelet Created Created container web',
      '1.9 kubelet Started Started container web',
    ]);
  });

  it('is refused outside Pending and Running, naming the status', () => {
    w = world();
    const g = w.emu.create(web);
    w.at(0.05);
    expect(refusal(() => w.emu.restart('default', g.id))).toMatchObject({
      code: 'IncorrectStatus',
      kind: 'conflict',
      message: `The container group ${g.id} is Scheduling; a restart needs Pending or Running.`,
    });
    w.at(2);
    w.emu.restart('default', g.id);
    expect(refusal(() => w.emu.restart('default', g.id)).message).toMatch(/is Restarting; a restart needs Pending or Running/);
    const done = w.emu.create({ ...web, restartPolicy: 'Never', containers: [{ name: 'job', image: 'busybox', commands: ['false'] }] });
    w.at(10);
    expect(refusal(() => w.emu.restart('default', done.id)).message).toMatch(/is Failed; a restart needs Pending or Running/);
    w.emu.delete('default', g.id);
    expect(refusal(() => w.emu.restart('default', g.id)).message).toMatch(/is Terminating;/);
    expect(refusal(() => w.emu.restart('other', done.id)).code).toBe('InvalidContainerGroupId.NotFound');
  });
});

describe('update', () => {
  let w: ReturnType<typeof world>;
  afterEach(async () => w.close());

  it('replaces tags at once, without a status change or an event', async () => {
    w = world();
    const g = w.emu.create({ ...web, tags: [{ key: 'a', value: '1' }] });
    w.at(2);
    await w.recorder.drain();
    expect(
      w.emu.update('default', g.id, {
        tags: [
          { key: 'b', value: '2' },
          { key: 'c', value: '' },
        ],
      }),
    ).toMatchObject({
      status: 'Running',
      tags: [
        { key: 'b', value: '2' },
        { key: 'c', value: '' },
      ],
    });
    expect(await w.events(g.id, 2)).toEqual([]);
  });

  it('a new image: Updating, Killing, the new image pulled, the container started again, Running', async () => {
    w = world();
    const g = w.emu.create({
      ...web,
      containers: [
        { name: 'web', image: 'nginx' },
        { name: 'side', image: 'busybox', commands: ['sleep', 'infinity'] },
      ],
    });
    w.at(3);
    await w.recorder.drain();
    expect(w.emu.update('default', g.id, { containers: [{ name: 'web', image: 'nginx:1.27' }] }).status).toBe('Updating');
    w.at(4.599);
    expect(w.status(g.id)).toBe('Updating');
    w.at(4.6);
    const after = w.emu.get('default', g.id)!;
    expect(after.status).toBe('Running');
    expect(after.containers.map((c) => [c.name, c.image, c.restartCount, c.currentState.state, c.currentState.startTime! - T0])).toEqual([
      ['web', 'nginx:1.27', 1, 'Running', 4.6 * S],
      ['side', 'busybox', 0, 'Running', 2.8 * S],
    ]);
    expect(await w.events(g.id, 3)).toEqual([
      '3 kubelet Killing Stopping container web',
      '3.5 kubelet Pulling Pulling image "nginx:1.27"',
      '4.3 kubelet Pulled Successfully pulled image "nginx:1.27" in 800ms',
      '4.3 kubelet Created Created container web ×2',
      '4.6 kubelet Started Started container web ×2',
    ]);
  });

  it('an update while scheduling restarts the start with the new image', async () => {
    w = world();
    const g = w.emu.create(web);
    w.at(0.3);
    w.emu.update('default', g.id, { containers: [{ name: 'web', image: 'nginx:1.27' }] });
    w.at(1.899);
    expect(w.status(g.id)).toBe('Updating');
    w.at(1.9);
    expect(w.emu.get('default', g.id)).toMatchObject({ status: 'Running', containers: [{ image: 'nginx:1.27', restartCount: 0 }] });
    expect((await w.events(g.id)).slice(1)).toEqual([
      '0.8 kubelet Scheduled Successfully assigned default/web to virtual-kubelet-cn-hangzhou-k',
      '0.8 kubelet Pulling Pulling image "nginx:1.27"',
      '1.6 kubelet Pulled Successfully pulled image "nginx:1.27" in 800ms',
      '1.6 kubelet Created Created container web',
      '1.9 kubelet Started Started container web',
    ]);
  });

  it('an update in the middle of a restart finishes stopping what the restart stopped and starts it all', async () => {
    w = world();
    const g = w.emu.create({
      ...web,
      containers: [
        { name: 'web', image: 'nginx' },
        { name: 'side', image: 'busybox', commands: ['sleep', 'infinity'] },
      ],
    });
    w.at(3);
    w.emu.restart('default', g.id); // Killing both; they would be gone at 3.5
    w.at(3.2);
    expect(w.emu.update('default', g.id, { containers: [{ name: 'web', image: 'nginx:2' }] }).status).toBe('Updating');
    // web: pulled 3.2-4.0, started 4.3; side: image present, started 4.6
    w.at(4.599);
    expect(w.status(g.id)).toBe('Updating');
    w.at(4.6);
    expect(
      w.emu
        .get('default', g.id)!
        .containers.map((c) => [c.name, c.image, c.restartCount, c.currentState.state, (c.currentState.startTime! - T0) / S, c.previousState?.finishTime]),
    ).toEqual([
      ['web', 'nginx:2', 1, 'Running', 4.3, T0 + 3.2 * S],
      ['side', 'busybox', 1, 'Running', 4.6, T0 + 3.2 * S],
    ]);
    expect(w.status(g.id)).toBe('Running');
    expect((await w.events(g.id, 3)).filter((e) => / Killing /.test(e))).toEqual([
      '3 kubelet Killing Stopping container web',
      '3 kubelet Killing Stopping container side',
    ]);
  });

  it('a new restart policy takes effect at the next exit', () => {
    w = world();
    const g = w.emu.create({ ...web, containers: [{ name: 'job', image: 'busybox', commands: ['sleep', '5'] }] });
    w.at(2);
    w.emu.update('default', g.id, { restartPolicy: 'Never' });
    w.at(7);
    expect(w.emu.get('default', g.id)).toMatchObject({ status: 'Succeeded', restartPolicy: 'Never', succeededTime: T0 + 6.7 * S });
  });

  it('changes nothing when refused: unknown container, ended or terminating group', () => {
    w = world();
    const g = w.emu.create({ ...web, tags: [{ key: 'keep', value: '1' }] });
    w.at(2);
    expect(refusal(() => w.emu.update('default', g.id, { tags: [], containers: [{ name: 'nope', image: 'x' }] }))).toMatchObject({
      code: 'InvalidParameter',
      parameter: 'Container.1.Name',
    });
    expect(
      refusal(() =>
        w.emu.update('default', g.id, {
          tags: [
            { key: 'k', value: '' },
            { key: 'k', value: '' },
          ],
        }),
      ).parameter,
    ).toBe('Tag.2.Key');
    expect(w.emu.get('default', g.id)).toMatchObject({
      status: 'Running',
      tags: [{ key: 'keep', value: '1' }],
      containers: [{ image: 'nginx', restartCount: 0 }],
    });
    // The same image is no change: no restart.
    expect(w.emu.update('default', g.id, { containers: [{ name: 'web', image: 'nginx' }] }).status).toBe('Running');

    const done = w.emu.create({ ...web, restartPolicy: 'Never', containers: [{ name: 'job', image: 'busybox', commands: ['true'] }] });
    w.at(10);
    expect(refusal(() => w.emu.update('default', done.id, { tags: [] })).message).toBe(
      `The container group ${done.id} is Succeeded; an update needs a group that is neither ended nor being deleted.`,
    );
    w.emu.delete('default', g.id);
    expect(refusal(() => w.emu.update('default', g.id, { tags: [] })).code).toBe('IncorrectStatus');
    expect(refusal(() => w.emu.update('default', 'eci-unknown', { tags: [] })).code).toBe('InvalidContainerGroupId.NotFound');
  });
});

describe('fail (the hook for modelled faults)', () => {
  let w: ReturnType<typeof world>;
  afterEach(async () => w.close());

  it('ends a running group with the cause’s events; its containers are killed', async () => {
    w = world();
    const g = w.emu.create(web);
    w.at(5);
    await w.recorder.drain();
    w.emu.fail('default', g.id, { events: [{ reason: 'SYSTEM_FAILURE', args: [] }] });
    expect(w.emu.get('default', g.id)).toMatchObject({
      status: 'Failed',
      failedTime: T0 + 5 * S,
      containers: [{ ready: false, currentState: { state: 'Terminated', exitCode: 137, reason: 'Error', finishTime: T0 + 5 * S } }],
    });
    expect(await w.events(g.id, 5)).toEqual(['5 EciService SYSTEM_FAILURE The ContainerGroup has failed due to a temporary failure of the host']);
    expect(w.scheduler.pending).toBe(0);
    expect(refusal(() => w.emu.fail('default', g.id, { events: [] })).code).toBe('IncorrectStatus');
  });
});
