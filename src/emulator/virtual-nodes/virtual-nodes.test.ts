import { afterEach, describe, expect, it } from 'vitest';
import { refusal, S, T0, web, world, type World } from '../../../test/support/emulator-world.js';
import type { PullImage } from '../image-caches/image-source.js';
import type { CreateVirtualNodeRequest } from './requests.js';
import { VNODE_TIMINGS } from './timings.js';

const KUBECONFIG = 'clusters:\n- name: c\n  cluster: { server: "https://10.0.0.1:6443" }\n';
const VSW = 'vsw-bp1emudefaultk000000';
const SG = 'sg-bp1emudefault0000000';
const req = (over: Partial<CreateVirtualNodeRequest> = {}): CreateVirtualNodeRequest => ({
  account: 'default',
  regionId: 'cn-hangzhou',
  vSwitchId: VSW,
  securityGroupId: SG,
  kubeConfig: KUBECONFIG,
  ...over,
});

// A test double of the image model: every pull takes 2 s; one image fails.
const pullImage: PullImage = ({ image }) =>
  image.includes('broken')
    ? { ok: false, reason: 'dial tcp: i/o timeout', duration: 30 * S }
    : { ok: true, digest: 'sha256:vk', architectures: ['AMD64'], layers: [], duration: 2 * S };

async function nodeEvents(w: World, uid: string) {
  await w.recorder.drain();
  const stored = (await w.store.list({})).filter((e) => e.involvedObject.kind === 'Node' && e.involvedObject.uid === uid).reverse();
  return stored.map((e) => `${(e.lastTimestamp - T0) / S} ${e.reason} ${e.message}`);
}

describe('virtual nodes on the clock', () => {
  let w: World;
  afterEach(async () => w.close());
  const ready = VNODE_TIMINGS.instanceStart / S + 2 + VNODE_TIMINGS.register / S;

  it('Pending → Ready: the instance, the pull, the registration, each at its time', async () => {
    w = world({ pullImage });
    const n = w.emu.virtualNodes.create(req({ name: 'vk' }));
    expect(n).toMatchObject({
      status: 'Pending',
      name: 'vk',
      zoneId: 'cn-hangzhou-k',
      vpcId: 'vpc-bp1emudefault0000000',
      intranetIp: expect.stringMatching(/^172\.16\.80\.\d+$/),
    });
    w.at(ready - 0.001);
    expect(w.emu.virtualNodes.get('default', n.id)!.status).toBe('Pending');
    w.at(ready);
    expect(w.emu.virtualNodes.get('default', n.id)).toMatchObject({ status: 'Ready', apiServer: 'https://10.0.0.1:6443' });
    expect(await nodeEvents(w, n.id)).toEqual([
      `0 CreateEciForVnode Create Eci ${n.eciInstanceId} for Vnode`,
      `${ready} CreateVnodeSuccess Create vnode success`,
    ]);
    // A group placed now is assigned to the node.
    const g = w.emu.create(web);
    w.advance(2);
    expect(w.emu.get('default', g.id)!.nodeName).toBe('vk');
    expect(await w.events(g.id)).toContain(`${ready + 0.6} kubelet Scheduled Successfully assigned default/web to vk`);
  });

  it('a pull that fails: VnodePullImageFailed then CreateVnodeFailed, the address released', async () => {
    // The kubelet's image is the region's; this double refuses every pull.
    w = world({ pullImage: (r) => pullImage({ ...r, image: 'broken' }) });
    const b = w.emu.virtualNodes.create(req());
    const failedAt = VNODE_TIMINGS.instanceStart / S + 30;
    w.at(failedAt - 0.001);
    expect(w.emu.virtualNodes.get('default', b.id)!.status).toBe('Pending');
    w.at(failedAt);
    expect(w.emu.virtualNodes.get('default', b.id)!.status).toBe('Failed');
    expect(await nodeEvents(w, b.id)).toEqual([
      `0 CreateEciForVnode Create Eci ${b.eciInstanceId} for Vnode`,
      `${failedAt} VnodePullImageFailed Vnode pull image failed`,
      `${failedAt} CreateVnodeFailed Create vnode failed`,
    ]);
    // Its address is free again: the next node takes it.
    expect(w.emu.virtualNodes.create(req()).intranetIp).toBe(b.intranetIp);
  });

  it('a bad kubeconfig fails the registration, not the call', async () => {
    w = world({ pullImage });
    const n = w.emu.virtualNodes.create(req({ kubeConfig: 'clusters: []' }));
    w.at(ready);
    expect(w.emu.virtualNodes.get('default', n.id)!.status).toBe('Failed');
    expect((await nodeEvents(w, n.id)).map((e) => e.split(' ')[1])).toEqual(['CreateEciForVnode', 'CreateVnodeFailed']);
  });

  it('refusals change nothing: unknown vSwitch, security group, zone, a taken name', () => {
    w = world({ pullImage });
    w.emu.virtualNodes.create(req({ name: 'taken' }));
    const cases: Array<[Partial<CreateVirtualNodeRequest>, string, string]> = [
      [{ vSwitchId: 'vsw-x' }, 'InvalidVSwitchId.NotFound', 'VSwitchId'],
      [{ securityGroupId: 'sg-x' }, 'InvalidSecurityGroupId.NotFound', 'SecurityGroupId'],
      [{ zoneId: 'cn-hangzhou-b' }, 'InvalidVSwitchId.ZoneMismatch', 'VSwitchId'],
      [{ zoneId: 'mars-1' }, 'InvalidZoneId.NotFound', 'ZoneId'],
      [{ name: 'taken' }, 'InvalidParameter', 'VirtualNodeName'],
      [{ regionId: 'mars' }, 'InvalidRegionId.NotFound', 'RegionId'],
    ];
    for (const [over, code, parameter] of cases) expect(refusal(() => w.emu.virtualNodes.create(req(over)))).toMatchObject({ code, parameter });
    expect(w.emu.virtualNodes.all('default')).toHaveLength(1);
  });

  it("capacity: the account's vCPU quota, four GiB and four pods per vCPU, with the custom resources", () => {
    w = world({ pullImage, spec: { accounts: [{ id: 'default', quotas: { vcpu: 10 } }] } });
    const n = w.emu.virtualNodes.create(req({ customResources: { 'example.com/gpu': 3 } }));
    expect(w.emu.virtualNodes.capacity(n)).toEqual({ cpu: 10, memoryGiB: 40, pods: 40, custom: { 'example.com/gpu': 3 } });
  });
});
