// Two `serve` replicas on one PostgreSQL database share one emulator: the leader runs it and the
// follower forwards its requests there, so a group created through either is seen, described and
// deleted through either, by the official SDK and by kubectl, and the answers name the replica
// that gave them.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { runCli } from './support/cli.js';
import { sdkClient, sdkError, startServer, until, type EciClient, type Server } from './support/eci-sdk.js';
import { create, createRequest, describeGroups, describeOne, waitStatus } from './support/eci-views.js';
import { freshDatabase, postgresAvailable } from './support/postgres.js';
import { signedJson, TEST_KEY } from './support/signed-fetch.js';
import { $Eci } from './support/eci-sdk.js';

const KUBECTL = '/usr/bin/kubectl';
const REPLICA = 'x-eci-events-replica';
const FORWARDED_BY = 'x-eci-events-forwarded-by';
const FLAGS = ['--kube-port', '0', '--throttle-rate', '0', '--election-interval', '200ms', '--time-scale', '0.01'];

interface Health {
  replica: string;
  emulator: { role: string; leader?: string; epoch?: number };
}

async function health(s: Server): Promise<Health> {
  return (await (await fetch(`${s.url}/healthz`)).json()) as Health;
}

describe.skipIf(!postgresAvailable)('two replicas on one PostgreSQL database', () => {
  let db: { url: string; drop: () => Promise<void> };
  let leader: Server;
  let follower: Server;
  let viaLeader: EciClient;
  let viaFollower: EciClient;
  let dir: string;

  beforeAll(async () => {
    db = await freshDatabase();
    dir = mkdtempSync(join(tmpdir(), 'eci-replicas-'));
    // The first to start leads (it takes the lease before it prints its banner); the second follows.
    leader = await startServer(db.url, FLAGS);
    follower = await startServer(db.url, FLAGS);
    viaLeader = sdkClient(leader.host, 'v3');
    viaFollower = sdkClient(follower.host, 'v3');
  });

  afterAll(async () => {
    await follower?.stop();
    await leader?.stop();
    await db?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('says who leads, in /healthz and the banner', async () => {
    expect(await health(leader)).toMatchObject({ replica: leader.url, emulator: { role: 'leader', leader: leader.url } });
    const h = await health(follower);
    expect(h).toMatchObject({ replica: follower.url, emulator: { role: 'follower', leader: leader.url } });
    expect(h.emulator.epoch).toBe((await health(leader)).emulator.epoch);
    expect(leader.stderr()).toContain(`emulator: this replica (${leader.url}) leads it`);
    expect(follower.stderr()).toContain(`emulator: this replica (${follower.url}) follows ${leader.url}, which runs it`);
  });

  it('creates a group through the follower with the SDK; either lists, describes and deletes it; the answer names the leader', async () => {
    const created = await viaFollower.createContainerGroup(createRequest('rep-sdk', { clientToken: 'rep-sdk-token' }));
    expect(created.statusCode).toBe(200);
    const id = created.body!.containerGroupId!;
    // Answered by the leader, through the follower.
    expect(created.headers![REPLICA]).toBe(leader.url);
    expect(created.headers![FORWARDED_BY]).toBe(follower.url);
    // The ClientToken is the leader's too: the same create through the other replica is a replay.
    expect((await viaLeader.createContainerGroup(createRequest('rep-sdk', { clientToken: 'rep-sdk-token' }))).body!.containerGroupId).toBe(id);

    for (const c of [viaLeader, viaFollower]) {
      expect((await describeGroups(c, { containerGroupName: 'rep-sdk' })).containerGroups!.map((g) => g.containerGroupId)).toEqual([id]);
      expect((await describeOne(c, id))?.containerGroupName).toBe('rep-sdk');
    }
    await waitStatus(viaFollower, id, 'Running');
    // Its events are the store's: the follower reads them itself.
    const events = await signedJson(follower.url, 'GET', `/v1/events?containerGroupId=${id}`);
    expect(events.status).toBe(200);

    await viaLeader.deleteContainerGroup(new $Eci.DeleteContainerGroupRequest({ regionId: 'cn-hangzhou', containerGroupId: id }));
    expect((await describeOne(viaFollower, id))?.status).toBe('Terminating');
    await until('the group to be gone', async () =>
      (await describeGroups(viaFollower, { containerGroupIds: JSON.stringify([id]) })).totalCount === 0 ? true : undefined,
    );
    expect((await describeGroups(viaLeader, { containerGroupIds: JSON.stringify([id]) })).containerGroups ?? []).toEqual([]);
    // Gone for both: deleting it again through the follower is the leader's NotFound.
    const again = await sdkError(viaFollower.deleteContainerGroup(new $Eci.DeleteContainerGroupRequest({ regionId: 'cn-hangzhou', containerGroupId: id })));
    expect(again).toMatchObject({ code: 'InvalidContainerGroupId.NotFound', statusCode: 404 });
  });

  it("runs an exec session's WebSocket through the follower, which carries it to the leader", async () => {
    const id = await create(viaFollower, 'rep-exec');
    await waitStatus(viaFollower, id, 'Running');
    const r = await viaFollower.execContainerCommand(
      new $Eci.ExecContainerCommandRequest({ regionId: 'cn-hangzhou', containerGroupId: id, containerName: 'c1', command: JSON.stringify(['hostname']) }),
    );
    const uri = r.body!.webSocketUri!;
    // The leader builds the URI on the Host the client asked: it leads back to the follower.
    expect(uri.startsWith(`ws://${follower.host}/exec/?s=`)).toBe(true);
    const socket = new WebSocket(uri);
    const frames: string[] = [];
    socket.on('message', (data: Buffer) => frames.push(`${data[0]} ${data.subarray(1).toString()}`));
    expect(await new Promise((resolve) => socket.once('close', resolve))).toBe(1000);
    expect(frames).toEqual(['1 rep-exec\n', '3 {"metadata":{},"status":"Success"}']);
    // A session opens once, wherever it is asked for again.
    const again = await new Promise<number>((resolve) =>
      new WebSocket(uri).once('unexpected-response', (_req, res) => resolve(res.statusCode!)).once('open', () => resolve(101)),
    );
    expect(again).toBe(404);
  });

  it("changes the emulator's world through the follower, as the leader then shows it", async () => {
    const patch = { regions: [{ regionId: 'cn-hangzhou', zones: [{ zoneId: 'cn-hangzhou-k', stock: 42 }] }] };
    const changed = await signedJson(follower.url, 'POST', '/v1/world', patch);
    expect(changed.status, changed.text).toBe(200);
    for (const s of [leader, follower]) {
      const world = await signedJson(s.url, 'GET', '/v1/world');
      const zone = (world.body.world.regions as Array<{ regionId: string; zones: Array<{ zoneId: string; stock: number }> }>)
        .find((r) => r.regionId === 'cn-hangzhou')!
        .zones.find((z) => z.zoneId === 'cn-hangzhou-k')!;
      expect(zone.stock).toBe(42);
    }
  });

  it('answers what the store holds on the follower itself', async () => {
    const res = await fetch(`${follower.url}/healthz`);
    expect(res.headers.get(REPLICA)).toBe(follower.url);
    expect(res.headers.get(FORWARDED_BY)).toBeNull();
    const groups = await fetch(`${follower.url}/v1/groups`);
    // The console's groups are the emulator's: the leader answers (here, that a session is needed).
    expect(groups.headers.get(REPLICA)).toBe(leader.url);
    expect(groups.status).toBe(401);
  });

  it("lists the group as a pod with kubectl through either replica's Kubernetes listener", async () => {
    const id = await create(viaLeader, 'rep-kube');
    await waitStatus(viaLeader, id, 'Running');
    for (const s of [leader, follower]) {
      const config = runCli(['kubeconfig', '--endpoint', s.url, '--access-key-id', TEST_KEY.id, '--access-key-secret', TEST_KEY.secret]);
      expect(config.status, config.stderr).toBe(0);
      const file = join(dir, `kubeconfig-${new URL(s.url).port}`);
      writeFileSync(file, config.stdout);
      const pods = spawnSync(KUBECTL, ['--kubeconfig', file, 'get', 'pods', '-o', 'name'], { encoding: 'utf8', timeout: 60_000 });
      expect(pods.status, pods.stderr).toBe(0);
      expect(pods.stdout.split('\n')).toContain('pod/rep-kube');
      const one = spawnSync(KUBECTL, ['--kubeconfig', file, 'get', 'pod', 'rep-kube', '-o', 'jsonpath={.status.phase}'], { encoding: 'utf8', timeout: 60_000 });
      expect(one.stdout, one.stderr).toBe('Running');
      const ns = spawnSync(KUBECTL, ['--kubeconfig', file, 'get', 'namespaces', '-o', 'name'], { encoding: 'utf8', timeout: 60_000 });
      expect(ns.status, ns.stderr).toBe(0);
      expect(ns.stdout.split('\n')).toContain('namespace/default');
    }
  });
});

describe('one serve per SQLite database', () => {
  it('refuses a second serve on the same file with a clear error, before it listens', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eci-replicas-sqlite-'));
    const db = join(dir, 'events.db');
    const first = await startServer(db, ['--throttle-rate', '0']);
    try {
      const second = runCli(['serve', '--db', db, '--port', '0', '--log-level', 'silent']);
      expect(second.status).toBe(1);
      expect(second.stderr).toContain(`another eci-events serve is serving ${db}`);
      expect(second.stderr).not.toContain('listening on');
      // The first goes on serving, and leads its emulator.
      expect(await health(first)).toMatchObject({ emulator: { role: 'leader', leader: first.url } });
    } finally {
      await first.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
