import { afterEach, describe, expect, it } from 'vitest';
import { world, type World } from '../../../test/support/emulator-world.js';
import { renderContainerGroup } from './render-container-group.js';

describe("DescribeContainerGroups' rendering of what a create did not set", () => {
  let w: World;
  afterEach(async () => w.close());

  it("empty lists, no DnsConfig or EciSecurityContext, EphemeralStorage 0, the instance's size for unsized containers", () => {
    w = world();
    const g = w.emu.create({
      regionId: 'cn-hangzhou',
      containerGroupName: 'bare',
      containers: [{ name: 'a', image: 'nginx' }],
      initContainers: [{ name: 'i', image: 'busybox' }],
    });
    const shown = renderContainerGroup(g);
    expect(shown).toMatchObject({ Volumes: [], HostAliases: [], EphemeralStorage: 0 });
    expect(shown).not.toHaveProperty('DnsConfig');
    expect(shown).not.toHaveProperty('EciSecurityContext');
    expect(shown).not.toHaveProperty('RamRoleName');
    expect((shown.Containers as object[])[0]).toMatchObject({ Cpu: 2, Memory: 4, EnvironmentVars: [], Ports: [], VolumeMounts: [] });
    expect((shown.Containers as object[])[0]).not.toHaveProperty('LivenessProbe');
    // The init container waits until the group is placed; its image's entrypoint then completes at once.
    expect((shown.InitContainers as object[])[0]).toMatchObject({
      Name: 'i',
      Command: [],
      ImagePullPolicy: 'IfNotPresent',
      CurrentState: { State: 'Waiting', Reason: 'PodInitializing' },
    });
    w.advance(600);
    const placed = renderContainerGroup(w.emu.get('default', g.id)!);
    expect((placed.InitContainers as object[])[0]).toMatchObject({ Ready: true, CurrentState: { State: 'Terminated', ExitCode: 0, Reason: 'Completed' } });
  });

  it('EnvironmentVarHide shows no variable; a FieldRef variable shows ValueFrom', () => {
    w = world();
    const g = w.emu.create({
      regionId: 'cn-hangzhou',
      containerGroupName: 'env',
      containers: [
        { name: 'hidden', image: 'nginx', environmentVarHide: true, env: [{ key: 'TOKEN', value: 'x' }] },
        {
          name: 'shown',
          image: 'nginx',
          env: [
            { key: 'A', value: '1' },
            { key: 'IP', fieldPath: 'status.podIP' },
          ],
        },
      ],
    });
    const [hidden, shown] = renderContainerGroup(g).Containers as Array<{ EnvironmentVars: unknown }>;
    expect(hidden!.EnvironmentVars).toEqual([]);
    expect(shown!.EnvironmentVars).toEqual([
      { Key: 'A', Value: '1' },
      { Key: 'IP', ValueFrom: { FieldRef: { FieldPath: 'status.podIP' } } },
    ]);
  });
});
