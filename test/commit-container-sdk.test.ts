// CommitContainer and DescribeCommitContainerTask through the official SDK against
// `eci-events serve --world FILE --clock virtual`: a running container committed to a closed ACR
// registry, the task's phases on the clock, the image then pulled by a new group (it could not be
// before); pushes that fail as a pull fails (unreachable, unauthorized); refusals with ECI's code
// and HTTP status, naming the parameter, that change nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIAL_TIMEOUT, DNS_LOOKUP, registryAddress } from '../src/emulator/images/index.js';
import { COMMITTED_LAYER_MB, SNAPSHOT_TIME } from '../src/emulator/commits/index.js';
import type { WorldSpec } from '../src/emulator/world/spec.js';
import { $Eci, sdkError } from './support/eci-sdk.js';
import { DEFAULT, S, createGroup, describeGroup, expectStatus, sec, startWorld, worldState, type WorldServer } from './support/world-scenarios.js';
import { REQUEST_ID } from './support/eci-views.js';

const HZ = 'cn-hangzhou';
const ACR = 'registry.cn-hangzhou.aliyuncs.com';
const FAR = 'registry-vpc.cn-shanghai.aliyuncs.com';
const LOCKED = 'registry.cn-beijing.aliyuncs.com';
const MS = 1000;

const WORLD: WorldSpec = {
  registries: [
    // Closed: only team/api:1.4 exists until something is pushed.
    {
      host: ACR,
      private: true,
      closed: true,
      credentials: [{ username: 'deployer', password: 's3cret' }],
      speedMBps: 100,
      latencyMs: 5,
      images: [{ repository: 'team/api', tags: ['1.4'], sizeMB: 40, layers: 4 }],
    },
    { host: FAR, reachable: false },
    { host: LOCKED, private: true, credentials: [{ username: 'someone', password: 'else' }] },
  ],
};
const CRED = new $Eci.CreateContainerGroupRequestImageRegistryCredential({ server: ACR, userName: 'deployer', password: 's3cret' });
const BASE = `${ACR}/team/api:1.4`;

describe('CommitContainer and DescribeCommitContainerTask (SDK, virtual clock)', () => {
  let ws: WorldServer;
  let running: string;

  beforeAll(async () => {
    ws = await startWorld('commits', WORLD);
    running = (await createGroup(ws, DEFAULT, 'committer', { containers: [{ name: 'app', image: BASE }], imageRegistryCredential: [CRED] })).id;
    await ws.advance('1m');
    await expectStatus(ws, DEFAULT, HZ, running, 'Running');
  });
  afterAll(async () => ws?.stop());

  const commit = (over: Record<string, unknown> = {}, image: Record<string, unknown> = { repository: `${ACR}/team/snap`, tag: 'v1' }) =>
    ws.client().commitContainer(
      new $Eci.CommitContainerRequest({
        regionId: HZ,
        containerGroupId: running,
        containerName: 'app',
        image: new $Eci.CommitContainerRequestImage(image),
        ...over,
      }),
    );
  const tasks = async (req: Record<string, unknown>) => {
    const r = await ws.client().describeCommitContainerTask(new $Eci.DescribeCommitContainerTaskRequest({ regionId: HZ, ...req }));
    expect(r.statusCode).toBe(200);
    expect(r.body!.requestId).toMatch(REQUEST_ID);
    return r.body!;
  };
  const taskOf = async (id: string) => (await tasks({ taskId: [id] })).commitTasks![0]!;
  const registry = async (host: string) => (await worldState(ws)).world.registries!.find((g) => g.host === host)!;

  it('commits a running container to a closed registry; a group created with the image afterwards pulls it and runs', async () => {
    // Before: the image does not exist, so a group asking for it cannot pull it.
    const before = await createGroup(ws, DEFAULT, 'before', { containers: [{ name: 'app', image: `${ACR}/team/snap:v1` }], imageRegistryCredential: [CRED] });
    await ws.advance('5s');
    const waiting = (await describeGroup(ws, DEFAULT, HZ, before.id))!.containers![0]!.currentState!;
    expect(waiting.state).toBe('Waiting');
    expect(['ErrImagePull', 'ImagePullBackOff']).toContain(waiting.reason);

    const at = ws.now();
    const r = await commit({}, { repository: `${ACR}/team/snap`, tag: 'v1', author: 'alice', message: 'snapshot' });
    expect(r.statusCode).toBe(200);
    expect(r.body!.requestId).toMatch(REQUEST_ID);
    const id = r.body!.taskId!;
    expect(id).toMatch(/^t-[a-z0-9]{20}$/);
    expect(await taskOf(id)).toMatchObject({
      taskId: id,
      taskStatus: 'Running',
      taskProgress: '0%',
      containerName: 'app',
      taskCreationTime: sec(at),
      commitPhaseInfos: [],
    });

    // The base image is resolved again (3 round trips at 5 ms): its layers are on the instance.
    await ws.advance('1s');
    const first = await taskOf(id);
    expect(first).toMatchObject({ taskStatus: 'Running', taskProgress: '33%' });
    expect(first.commitPhaseInfos!.map((p) => [p.phase, p.status, p.message])).toEqual([
      ['PullBaseImage', 'Success', 'Pull base image for container app successfully'],
    ]);
    expect(first.taskFinishedTime).toBeUndefined();

    // Snapshot (2 s), then the push: 5 layers and 41 MB at 100 MB/s, (5 + 2) round trips of 5 ms.
    const pushed = 15 * MS + SNAPSHOT_TIME + 7 * 5 * MS + ((40 + COMMITTED_LAYER_MB) / 100) * S;
    await ws.advance('5s');
    const done = await taskOf(id);
    expect(done).toMatchObject({
      taskStatus: 'Succeeded',
      taskProgress: '100%',
      statusMessage: `Commit container app of ${running} to ${ACR}/team/snap:v1 successfully`,
      taskFinishedTime: sec(at + pushed),
    });
    expect(done.commitPhaseInfos!.map((p) => [p.phase, p.status])).toEqual([
      ['PullBaseImage', 'Success'],
      ['CommitContainer', 'Success'],
      ['PushImage', 'Success'],
    ]);
    expect((await registry(ACR)).images).toContainEqual({ repository: 'team/snap', tags: ['v1'], sizeMB: 41, layers: 5, arches: ['amd64'] });

    const after = await createGroup(ws, DEFAULT, 'after', { containers: [{ name: 'app', image: `${ACR}/team/snap:v1` }], imageRegistryCredential: [CRED] });
    await ws.advance('1m');
    await expectStatus(ws, DEFAULT, HZ, after.id, 'Running');
    // Without the registry's credentials the pushed image is as private as the rest of the registry.
    const stranger = await createGroup(ws, DEFAULT, 'stranger', { containers: [{ name: 'app', image: `${ACR}/team/snap:v1` }] });
    await ws.advance('1m');
    await expectStatus(ws, DEFAULT, HZ, stranger.id, 'Pending');
  });

  it("a registry that does not answer fails the push after the dial timeout, with the pull's reason; nothing is pushed", async () => {
    const at = ws.now();
    const id = (await commit({}, { repository: `${FAR}/team/snap`, tag: 'v2' })).body!.taskId!;
    await ws.advance('1m');
    const t = await taskOf(id);
    const ref = `${FAR}/team/snap:v2`;
    const reason = `rpc error: code = Unknown desc = failed to pull and unpack image "${ref}": failed to resolve reference "${ref}": failed to do request: Head "https://${FAR}/v2/team/snap/manifests/v2": dial tcp ${registryAddress(FAR)}:443: i/o timeout`;
    expect(t).toMatchObject({ taskStatus: 'Failed', statusMessage: reason, taskFinishedTime: sec(at + 15 * MS + SNAPSHOT_TIME + DNS_LOOKUP + DIAL_TIMEOUT) });
    expect(t.commitPhaseInfos!.map((p) => [p.phase, p.status, p.message])).toEqual([
      ['PullBaseImage', 'Success', 'Pull base image for container app successfully'],
      ['CommitContainer', 'Success', 'Commit container app successfully'],
      ['PushImage', 'Failed', reason],
    ]);
    expect((await registry(FAR)).images ?? []).toEqual([]);
  });

  it("a private registry the instance has no credentials for refuses the push (insufficient_scope); no Image.Tag keeps the base image's tag", async () => {
    const id = (await commit({}, { repository: `${LOCKED}/team/snap` })).body!.taskId!;
    await ws.advance('1m');
    const t = await taskOf(id);
    const ref = `${LOCKED}/team/snap:1.4`;
    expect(t).toMatchObject({
      taskStatus: 'Failed',
      statusMessage: `rpc error: code = Unknown desc = failed to pull and unpack image "${ref}": failed to resolve reference "${ref}": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed`,
    });
    expect((await registry(LOCKED)).images ?? []).toEqual([]);
  });

  it('lists by instance, status and ids, newest first, in MaxResults pages', async () => {
    const all = await tasks({ containerGroupId: running });
    expect(all.totalCount).toBe(3);
    expect(all.maxResults).toBe('10');
    expect(all.commitTasks!.map((t) => t.taskStatus)).toEqual(['Failed', 'Failed', 'Succeeded']);
    expect((await tasks({ containerGroupId: running, taskStatus: 'Succeeded' })).commitTasks!.map((t) => t.taskStatus)).toEqual(['Succeeded']);
    const p1 = await tasks({ containerGroupId: running, maxResults: 2 });
    expect(p1.commitTasks).toHaveLength(2);
    const p2 = await tasks({ containerGroupId: running, maxResults: 2, nextToken: p1.nextToken });
    expect(p2.nextToken).toBeUndefined();
    expect([...p1.commitTasks!, ...p2.commitTasks!].map((t) => t.taskId)).toEqual(all.commitTasks!.map((t) => t.taskId));
  });

  it("refuses bad calls with ECI's code and HTTP status, naming the parameter, and starts no task", async () => {
    const count = async () => (await tasks({ containerGroupId: running })).totalCount;
    const before = await count();
    const refusals: Array<[() => Promise<unknown>, number, string, string]> = [
      [() => commit({ containerGroupId: 'eci-nosuchgroup000000000' }), 404, 'InvalidContainerGroupId.NotFound', 'ContainerGroupId'],
      [() => commit({ containerName: 'nope' }), 400, 'InvalidParameter', 'ContainerName'],
      [() => commit({}, { tag: 'v1' }), 400, 'MissingParameter', 'Image.Repository'],
      [() => commit({}, { repository: 'docker.io/team/snap' }), 400, 'InvalidParameter', 'Image.Repository'],
      [() => commit({}, { repository: `${ACR}/Team/Snap` }), 400, 'InvalidParameter', 'Image.Repository'],
      [() => commit({}, { repository: `${ACR}/team/snap`, tag: 'bad tag' }), 400, 'InvalidParameter', 'Image.Tag'],
      [() => commit({}, { repository: 'acme-registry.cn-hangzhou.cr.aliyuncs.com/team/snap' }), 400, 'MissingParameter', 'AcrRegistryInfo.InstanceId'],
      [() => commit({ regionId: 'xx-nowhere-1' }), 400, 'InvalidRegionId.NotFound', 'region'],
    ];
    for (const [call, status, code, names] of refusals) {
      const f = await sdkError(call());
      expect({ status: f.statusCode, code: f.data.Code }, String(f.data.Message)).toEqual({ status, code });
      expect(String(f.data.Message)).toContain(names);
    }
    const missing = await sdkError(ws.client().describeCommitContainerTask(new $Eci.DescribeCommitContainerTaskRequest({ regionId: HZ })));
    expect({ status: missing.statusCode, code: missing.data.Code }).toEqual({ status: 400, code: 'MissingParameter' });
    expect(String(missing.data.Message)).toContain('ContainerGroupId');
    const badStatus = await sdkError(
      ws.client().describeCommitContainerTask(new $Eci.DescribeCommitContainerTaskRequest({ regionId: HZ, containerGroupId: running, taskStatus: 'Done' })),
    );
    expect({ status: badStatus.statusCode, code: badStatus.data.Code }).toEqual({ status: 400, code: 'InvalidParameter' });
    expect(await count()).toBe(before);
  });

  it('refuses a container that is not running (IncorrectStatus) and a second commit of a container being committed', async () => {
    const pending = (await createGroup(ws, DEFAULT, 'pending', { containers: [{ name: 'app', image: `${ACR}/team/none:1` }], imageRegistryCredential: [CRED] }))
      .id;
    await ws.advance('5s');
    const f = await sdkError(commit({ containerGroupId: pending }));
    expect({ status: f.statusCode, code: f.data.Code }).toEqual({ status: 400, code: 'IncorrectStatus' });
    expect(String(f.data.Message)).toContain('not running');
    expect((await tasks({ containerGroupId: pending })).totalCount).toBe(0);

    const first = (await commit({}, { repository: `${ACR}/team/snap`, tag: 'v3' })).body!.taskId!;
    const again = await sdkError(commit({}, { repository: `${ACR}/team/snap`, tag: 'v4' }));
    expect({ status: again.statusCode, code: again.data.Code }).toEqual({ status: 400, code: 'IncorrectStatus' });
    expect(String(again.data.Message)).toContain(first);
    await ws.advance('1m');
    expect((await taskOf(first)).taskStatus).toBe('Succeeded');
  });
});
