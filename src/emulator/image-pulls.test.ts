import { afterEach, describe, expect, it } from 'vitest';
import { S, world, type World } from '../../test/support/emulator-world.js';
import type { ContainerRequest } from './requests.js';

// kubelet's image manager in the emulator, on a manual clock: the order of a failing pull's
// events to the microsecond, the other containers of the group, references docker refuses.
// Default timings: the scheduling step is at 0.6 s.

describe('image pulls', () => {
  let w: World;
  afterEach(async () => w.close());

  const create = (...containers: ContainerRequest[]) => w.emu.create({ regionId: 'cn-hangzhou', containerGroupName: 'app', containers });
  const waiting = (id: string, i = 0) => w.emu.get('default', id)!.containers[i]!.currentState;

  it('a failed pull: Pulling, Failed (reason), Failed ErrImagePull; a pull 10 s later; then BackOff and ImagePullBackOff, in that order', async () => {
    w = world();
    const image = 'registry.example.invalid/nope/app:9.9';
    const reason = `rpc error: code = Unknown desc = failed to pull and unpack image "${image}": failed to resolve reference "${image}": failed to do request: Head "https://registry.example.invalid/v2/nope/app/manifests/9.9": dial tcp: lookup registry.example.invalid on 100.100.2.136:53: no such host`;
    const { id } = create({ name: 'app', image });
    w.at(0.601);
    expect(await w.events(id)).toEqual([
      '0 EciService DefaultInstanceTypeMatch The default instanceType used for current eci instance is ecs.c6.large',
      '0.6 kubelet Scheduled Successfully assigned default/app to virtual-kubelet-cn-hangzhou-k',
      `0.6 kubelet Pulling Pulling image "${image}"`,
      `0.601 kubelet Failed Failed to pull image "${image}": ${reason}`,
      '0.601 kubelet Failed Error: ErrImagePull',
    ]);
    expect(waiting(id)).toEqual({ state: 'Waiting', reason: 'ErrImagePull', message: reason });
    expect(w.status(id)).toBe('Pending');
    w.at(10.6);
    // The sync 10 s after the failure is not within the 10 s back-off: it pulls again.
    expect(await w.events(id, 10)).toEqual([]);
    w.at(10.602);
    expect(await w.events(id, 10)).toEqual([
      `10.601 kubelet Pulling Pulling image "${image}" ×2`,
      `10.602 kubelet Failed Failed to pull image "${image}": ${reason} ×2`,
      '10.602 kubelet Failed Error: ErrImagePull ×2',
    ]);
    w.at(20.602);
    expect(await w.events(id, 20)).toEqual([`20.602 kubelet BackOff Back-off pulling image "${image}"`, '20.602 kubelet Failed Error: ImagePullBackOff']);
    expect(waiting(id)).toEqual({ state: 'Waiting', reason: 'ImagePullBackOff', message: `Back-off pulling image "${image}": ErrImagePull: ${reason}` });
    expect(w.status(id)).toBe('Pending');
  });

  it("the group's other containers start; the group stays Pending while one waits for its image", async () => {
    w = world();
    const { id } = create({ name: 'bad', image: 'x.test/a' }, { name: 'web', image: 'nginx' });
    w.at(5);
    expect(waiting(id, 0)).toMatchObject({ state: 'Waiting', reason: 'ErrImagePull' });
    expect(waiting(id, 1)).toMatchObject({ state: 'Running' });
    expect(w.status(id)).toBe('Pending');
    const started = (await w.events(id)).filter((e) => / (Pulled|Started) /.test(e));
    // Containers start one after another (kubelet pulls serially): web's pull begins once the
    // first container's failed, 1 ms (a DNS answer) after the scheduling step.
    expect(started).toEqual(['1.401 kubelet Pulled Successfully pulled image "nginx" in 800ms', '1.701 kubelet Started Started container web']);
  });

  it('a reference docker cannot parse: InvalidImageName, never pulled', async () => {
    w = world();
    const { id } = create({ name: 'app', image: 'Nginx:1' });
    w.at(1);
    expect((await w.events(id)).slice(2)).toEqual(['0.6 kubelet Failed Error: InvalidImageName']);
    expect(waiting(id)).toEqual({
      state: 'Waiting',
      reason: 'InvalidImageName',
      message:
        'Failed to apply default image tag "Nginx:1": couldn\'t parse image reference "Nginx:1": invalid reference format: repository name (library/Nginx) must be lowercase',
    });
    expect(w.status(id)).toBe('Pending');
    // Checked before the policy: under Never too.
    const never = create({ name: 'app', image: 'nginx:', imagePullPolicy: 'Never' });
    w.at(2);
    expect(waiting(never.id)).toMatchObject({
      reason: 'InvalidImageName',
      message: 'Failed to apply default image tag "nginx:": couldn\'t parse image reference "nginx:": invalid reference format',
    });
  });

  it('Always pulls an image the instance has again: only the manifest round trips (30 ms)', async () => {
    w = world({ timings: { backoffBase: 1 * S, backoffMax: 4 * S } });
    const { id } = create({ name: 'app', image: 'busybox', commands: ['false'], imagePullPolicy: 'Always' });
    w.at(4);
    const pulls = (await w.events(id)).filter((e) => / Pulled /.test(e));
    // The first exit restarts at once (pulled again at 1.73), the second after its 1 s back-off.
    expect(pulls[0]).toBe('1.4 kubelet Pulled Successfully pulled image "busybox" in 800ms');
    expect(pulls[1]).toMatch(/^3\.\d+ kubelet Pulled Successfully pulled image "busybox" in 30ms ×2$/);
    expect(pulls).toHaveLength(2);
  });

  it('registry faults take a registry host, listed or not, in lowercase; anything else is refused naming the target', () => {
    w = world();
    expect(() => w.emu.injectFault({ kind: 'registry-slow', target: 'https://quay.io', factor: 2 })).toThrow(
      /needs a registry host .* "https:\/\/quay.io" is not one/,
    );
    expect(w.emu.injectFault({ kind: 'registry-slow', target: 'Quay.io', factor: 2 })).toMatchObject({ target: 'quay.io', factor: 2 });
    expect(() => w.emu.injectFault({ kind: 'registry-outage', target: 'docker.io', factor: 2 })).toThrow(/Only registry-slow has a factor/);
    expect(w.emu.injectFault({ kind: 'registry-outage', target: 'DOCKER.IO' })).toMatchObject({ target: 'docker.io' });
  });
});
