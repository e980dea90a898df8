// Commits on a manual clock: what the SDK tests cannot reach quickly (a group deleted under a
// task, an unlisted registry becoming listed, an ARM64 instance's image), and the registry
// bounds of a push.
import { afterEach, describe, expect, it } from 'vitest';
import { refusal, world, type World } from '../../../test/support/emulator-world.js';
import type { CreateRequest } from '../requests.js';
import { MAX_TAGS_PER_IMAGE } from '../world/bounds.js';
import { addImage } from './push.js';

const HZ = 'cn-hangzhou';
const INTL = 'registry-intl.cn-hangzhou.aliyuncs.com';
const app: CreateRequest = { regionId: HZ, containerGroupName: 'app', containers: [{ name: 'app', image: 'nginx' }] };

describe('commits', () => {
  let w: World;
  afterEach(async () => w.close());

  const running = (req: CreateRequest = app) => {
    const g = w.emu.create(req);
    w.advance(10);
    expect(w.status(g.id)).toBe('Running');
    return g.id;
  };
  const task = (id: string) => w.emu.commits.list('default', HZ, { taskIds: [id] })[0]!;

  it('pushes to a registry the world does not list: it is listed then, open, with the image', () => {
    w = world();
    const g = running();
    expect((w.emu.world.spec.registries ?? []).some((r) => r.host === INTL)).toBe(false);
    const t = w.emu.commits.commit({ account: 'default', regionId: HZ, containerGroupId: g, containerName: 'app', repository: `${INTL}/team/app`, tag: 'v1' });
    w.advance(60);
    expect(task(t.id).status).toBe('Succeeded');
    const listed = w.emu.world.spec.registries!.find((r) => r.host === INTL)!;
    expect(listed.closed).toBe(false);
    expect(listed.images).toEqual([{ repository: 'team/app', tags: ['v1'], sizeMB: 37, layers: 6, arches: ['amd64'] }]);
    // A second push of another tag adds the tag to the same image.
    w.emu.commits.commit({ account: 'default', regionId: HZ, containerGroupId: g, containerName: 'app', repository: `${INTL}/team/app`, tag: 'v2' });
    w.advance(60);
    expect(w.emu.world.spec.registries!.find((r) => r.host === INTL)!.images![0]!.tags).toEqual(['v1', 'v2']);
  });

  it('fails the task when its group is deleted before the push, and pushes nothing', () => {
    w = world();
    const g = running();
    const t = w.emu.commits.commit({ account: 'default', regionId: HZ, containerGroupId: g, containerName: 'app', repository: `${INTL}/team/gone` });
    w.advance(1);
    w.emu.delete('default', g);
    w.advance(60);
    const done = task(t.id);
    expect(done.status).toBe('Failed');
    expect(done.statusMessage).toBe(`the container app of ${g} stopped running before the commit ended`);
    expect(done.phases.map((p) => `${p.phase} ${p.status}`)).toEqual(['PullBaseImage Success', 'CommitContainer Failed']);
    expect((w.emu.world.spec.registries ?? []).some((r) => r.host === INTL)).toBe(false);
  });

  it("refuses another account's group as not found, and a digest or a tag in Image.Repository", () => {
    w = world();
    const g = running();
    expect(
      refusal(() => w.emu.commits.commit({ account: 'other', regionId: HZ, containerGroupId: g, containerName: 'app', repository: `${INTL}/x` })).code,
    ).toBe('InvalidContainerGroupId.NotFound');
    expect(
      refusal(() => w.emu.commits.commit({ account: 'default', regionId: HZ, containerGroupId: g, containerName: 'app', repository: `${INTL}/x:v1` }))
        .parameter,
    ).toBe('Image.Repository');
    expect(w.emu.commits.list('default', HZ, { containerGroupId: g })).toEqual([]);
  });

  it('a registry that stops answering during the upload fails the push at its end, and lists nothing', () => {
    w = world({ spec: { registries: [{ host: 'docker.io' }, { host: INTL, speedMBps: 1 }] } });
    const g = running();
    const t = w.emu.commits.commit({ account: 'default', regionId: HZ, containerGroupId: g, containerName: 'app', repository: `${INTL}/team/slow`, tag: 'v1' });
    w.advance(3);
    expect(task(t.id).phases.map((p) => p.phase)).toEqual(['PullBaseImage', 'CommitContainer']);
    w.emu.injectFault({ kind: 'registry-outage', target: INTL });
    w.advance(60);
    const done = task(t.id);
    expect(done.status).toBe('Failed');
    expect(done.statusMessage).toMatch(new RegExp(`^rpc error: code = Unknown desc = failed to pull and unpack image "${INTL}/team/slow:v1": .*i/o timeout$`));
    expect(w.emu.world.spec.registries!.find((r) => r.host === INTL)!.images ?? []).toEqual([]);
  });

  it('fails the push of a group deleted and gone during the upload, and lists nothing', () => {
    w = world({ spec: { registries: [{ host: 'docker.io' }, { host: INTL, speedMBps: 1 }] } });
    const g = running();
    const t = w.emu.commits.commit({ account: 'default', regionId: HZ, containerGroupId: g, containerName: 'app', repository: `${INTL}/team/gone`, tag: 'v1' });
    w.advance(3);
    expect(task(t.id).phases.map((p) => p.phase)).toEqual(['PullBaseImage', 'CommitContainer']);
    w.emu.delete('default', g);
    w.advance(60);
    expect(w.emu.get('default', g)).toBeUndefined();
    const done = task(t.id);
    expect([done.status, done.statusMessage]).toEqual(['Failed', `the container app of ${g} stopped running before the commit ended`]);
    expect(done.phases.map((p) => `${p.phase} ${p.status}`)).toEqual(['PullBaseImage Success', 'CommitContainer Success', 'PushImage Failed']);
    expect(w.emu.world.spec.registries!.find((r) => r.host === INTL)!.images ?? []).toEqual([]);
  });

  it('a registry at its bounds refuses the push', () => {
    w = world({
      spec: { registries: [{ host: INTL, images: [{ repository: 'full/app', tags: Array.from({ length: MAX_TAGS_PER_IMAGE }, (_, i) => `t${i}`) }] }] },
    });
    const image = { sizeMB: 10, layers: 2, arch: 'amd64' as const };
    expect(addImage(w.emu.world, INTL, 'full/app', 'one-more', image)).toBe(
      `the repository full/app has ${MAX_TAGS_PER_IMAGE} tags, the most the world allows`,
    );
    expect(addImage(w.emu.world, INTL, 'full/app', 't0', image)).toBeUndefined();
  });
});
