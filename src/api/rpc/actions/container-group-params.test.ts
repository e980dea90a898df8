import { describe, expect, it } from 'vitest';
import { ApiError } from '../../core/errors.js';
import { Params } from '../params.js';
import { createRequest, updateRequest } from './container-group-params.js';

const base = { RegionId: 'cn-hangzhou', ContainerGroupName: 'web', 'Container.1.Name': 'app', 'Container.1.Image': 'nginx' };
const parse = (params: Record<string, string>) => createRequest(Params.from(params), 'acct');

function refusal(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
  throw new Error('no refusal');
}

describe('CreateContainerGroup parameters: the one parser', () => {
  it('gives a typed request with the choices as sent and the defaults left to the emulator', () => {
    const req = parse({
      ...base,
      RestartPolicy: 'Never',
      SpotStrategy: 'SpotAsPriceGo',
      CpuArchitecture: 'ARM64',
      'Container.1.ImagePullPolicy': 'Always',
      'InitContainer.1.Name': 'init',
      'InitContainer.1.Image': 'busybox',
      'InitContainer.1.ImagePullPolicy': 'Never',
    });
    expect(req).toMatchObject({
      account: 'acct',
      regionId: 'cn-hangzhou',
      containerGroupName: 'web',
      restartPolicy: 'Never',
      spotStrategy: 'SpotAsPriceGo',
      cpuArchitecture: 'ARM64',
    });
    expect(req.containers.map((c) => [c.name, c.imagePullPolicy])).toEqual([['app', 'Always']]);
    expect(req.initContainers!.map((c) => [c.name, c.imagePullPolicy])).toEqual([['init', 'Never']]);
    const bare = parse(base);
    expect([bare.restartPolicy, bare.spotStrategy, bare.containers[0]!.imagePullPolicy]).toEqual([undefined, undefined, undefined]);
  });

  // Each of these was checked twice (here and again in the emulator's plan); here is now the only place.
  const refusals: Array<[string, Record<string, string>, string, string]> = [
    [
      'an ImagePullPolicy no container has',
      { 'Container.1.ImagePullPolicy': 'Sometimes' },
      'InvalidParameter',
      'The specified parameter "Container.1.ImagePullPolicy" is not valid: "Sometimes" is not one of Always, IfNotPresent, Never.',
    ],
    [
      'an ImagePullPolicy in the wrong case',
      { 'Container.1.ImagePullPolicy': 'always' },
      'InvalidParameter',
      'The specified parameter "Container.1.ImagePullPolicy" is not valid: "always" is not one of Always, IfNotPresent, Never.',
    ],
    [
      "an init container's unknown ImagePullPolicy",
      { 'InitContainer.1.Name': 'init', 'InitContainer.1.Image': 'busybox', 'InitContainer.1.ImagePullPolicy': 'Later' },
      'InvalidParameter',
      'The specified parameter "InitContainer.1.ImagePullPolicy" is not valid: "Later" is not one of Always, IfNotPresent, Never.',
    ],
    [
      'an unknown RestartPolicy',
      { RestartPolicy: 'Sometimes' },
      'InvalidParameter',
      'The specified parameter "RestartPolicy" is not valid: "Sometimes" is not one of Always, OnFailure, Never.',
    ],
    [
      'an unknown SpotStrategy',
      { SpotStrategy: 'Cheap' },
      'InvalidParameter',
      'The specified parameter "SpotStrategy" is not valid: "Cheap" is not one of NoSpot, SpotWithPriceLimit, SpotAsPriceGo.',
    ],
    [
      'no container',
      { 'Container.1.Name': '', 'Container.1.Image': '' },
      'MissingParameter',
      'The input parameter "Container.1.Name" that is mandatory for processing this request is not supplied.',
    ],
    [
      'a container without image',
      { 'Container.1.Image': '' },
      'MissingParameter',
      'The input parameter "Container.1.Image" that is mandatory for processing this request is not supplied.',
    ],
    [
      'two containers of one name',
      { 'Container.2.Name': 'app', 'Container.2.Image': 'redis' },
      'InvalidParameter',
      'The specified parameter "Container.2.Name" is not valid: another container is already named "app".',
    ],
    [
      'an init container named as a container',
      { 'InitContainer.1.Name': 'app', 'InitContainer.1.Image': 'busybox' },
      'InvalidParameter',
      'The specified parameter "InitContainer.1.Name" is not valid: a container is already named "app".',
    ],
    [
      "a group name that would also be a bad container name: the group's is named",
      { ContainerGroupName: 'Bad_Name', 'Container.1.Name': 'Bad_Name' },
      'InvalidParameter',
      'The specified parameter "ContainerGroupName" is not valid: "Bad_Name" may hold only lowercase letters, digits and hyphens, and must not start or end with a hyphen.',
    ],
    ['no RegionId', { RegionId: '' }, 'MissingParameter', 'The input parameter "RegionId" that is mandatory for processing this request is not supplied.'],
  ];
  for (const [what, change, code, message] of refusals) {
    it(`refuses ${what}, naming the parameter`, () => {
      const err = refusal(() => parse(Object.fromEntries(Object.entries({ ...base, ...change }).filter(([, v]) => v !== ''))));
      expect([err.code, err.status, err.message]).toEqual([code, 400, message]);
    });
  }

  it('keeps exactly the parameters it did not read, as sent', () => {
    const req = parse({
      ...base,
      HostName: 'box',
      NtpServer: 'ntp.example.com',
      'Container.1.GpuDriverVersion': 'tesla=470',
      ImageSnapshotId: 'imc-abc',
      AutoMatchImageCache: 'true',
      DataCacheBucket: 'default',
      'Container.1.Command.1': 'sh',
      'Tag.1.Key': 'env',
      'ImageRegistryCredential.1.Server': 'r.example.com',
      'ImageRegistryCredential.1.UserName': 'u',
      'ImageRegistryCredential.1.Password': 'secret',
    });
    expect(req.extra).toEqual({ HostName: 'box', NtpServer: 'ntp.example.com', 'Container.1.GpuDriverVersion': 'tesla=470' });
    expect(req).toMatchObject({ imageSnapshotId: 'imc-abc', autoMatchImageCache: true, dataCache: { bucket: 'default' } });
  });
});

describe('UpdateContainerGroup parameters', () => {
  it('gives only what was sent, the restart policy typed', () => {
    expect(updateRequest(Params.from({ RestartPolicy: 'OnFailure', 'Container.1.Name': 'app', 'Container.1.Image': 'nginx:2' }))).toEqual({
      restartPolicy: 'OnFailure',
      containers: [{ name: 'app', image: 'nginx:2' }],
    });
    expect(updateRequest(Params.from({}))).toEqual({});
  });

  it('refuses an unknown RestartPolicy, naming it (the emulator no longer checks it again)', () => {
    const err = refusal(() => updateRequest(Params.from({ RestartPolicy: 'never' })));
    expect([err.code, err.message]).toEqual([
      'InvalidParameter',
      'The specified parameter "RestartPolicy" is not valid: "never" is not one of Always, OnFailure, Never.',
    ]);
  });
});
