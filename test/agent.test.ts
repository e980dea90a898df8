// The agent and the service as separate processes (the built CLI): kernel records arrive while
// the service answers, while it is stopped, and while the agent itself is killed and started
// again; some answers are lost on the way (a proxy drops them after the service committed).
// Every occurrence arrives exactly once in the counts.
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, ensureBuilt, ROOT, startServe } from './support/cli.js';
import { signedFetch, TEST_KEY, TEST_KEY_FLAGS } from './support/signed-fetch.js';

const OOM_GROUP = 'eci-2ze2e2e0oomgroup01';
const AGENT_GROUP = 'eci-2ze2e2e0agentgroup';
const children = new Set<ChildProcess>();
let dir: string;

const until = async (what: string, cond: () => Promise<boolean> | boolean, ms = 60_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
};

/**
 * Whether the agent has read the whole kmsg file and spooled its reports: its saved state
 * (spool/state.json, saved every second) puts every source at the file's end.
 */
function readToEnd(kmsg: string): boolean {
  let sources: Array<{ processed: number }>;
  try {
    sources = Object.values((JSON.parse(readFileSync(join(dir, 'spool', 'state.json'), 'utf8')) as { sources: Record<string, { processed: number }> }).sources);
  } catch {
    return false; // not saved yet
  }
  const size = statSync(kmsg).size;
  return sources.length > 0 && sources.every((x) => x.processed === size);
}

/** Kernel records as /dev/kmsg gives them, numbered on from `seq`. */
let seq = 100;
function records(...texts: string[]): string {
  return texts.map((t) => `${t.startsWith('Memory') || t.startsWith('NVRM') ? 3 : 6},${seq++},${seq * 1000},-;${t}\n`).join('');
}
const oom = () => [
  `oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=/eci/${OOM_GROUP},task_memcg=/eci/${OOM_GROUP}/app,task=stress,pid=4711,uid=0`,
  'Memory cgroup out of memory: Killed process 4711 (stress) total-vm:1048576kB, anon-rss:1040000kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:2088kB oom_score_adj:0',
];
const NFS = 'nfs: server 172.16.0.1 not responding, still trying';
const XID = 'NVRM: Xid (PCI:0000:00:07): 79, GPU has fallen off the bus.';

function startAgent(endpoint: string, kmsg: string): { child: ChildProcess; stderr: () => string; started: Promise<void> } {
  const child = spawn(
    process.execPath,
    [
      BIN,
      'agent',
      '--endpoint',
      endpoint,
      '--access-key-id',
      TEST_KEY.id,
      '--access-key-secret',
      TEST_KEY.secret,
      '--rules',
      join(dir, 'rules'),
      '--spool',
      join(dir, 'spool'),
      '--kmsg',
      kmsg,
      '--group',
      AGENT_GROUP,
      '--host',
      'node-1',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  children.add(child);
  let stderr = '';
  const started = new Promise<void>((resolve, reject) => {
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      if (stderr.includes('eci-events agent: started')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`agent exited with ${code}: ${stderr}`)));
  });
  return { child, stderr: () => stderr, started };
}

async function stop(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    children.delete(child);
    return;
  }
  const gone = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  await gone;
  children.delete(child);
}

/** A proxy in front of the service that loses the answers to the first `drop` ingest requests (after the service committed them). */
async function lossyProxy(target: () => string, drop: number): Promise<{ url: string; dropped: () => number; close: () => void }> {
  let dropped = 0;
  const server = http.createServer((req, res) => {
    const upstream = http.request(`${target()}${req.url}`, { method: req.method, headers: req.headers }, (answer) => {
      const body: Buffer[] = [];
      answer.on('data', (c: Buffer) => body.push(c));
      answer.on('end', () => {
        if (req.url === '/v1/ingest' && answer.statusCode === 200 && dropped < drop) {
          dropped++;
          req.socket.destroy();
          return;
        }
        res.writeHead(answer.statusCode!, answer.headers);
        res.end(Buffer.concat(body));
      });
    });
    upstream.on('error', () => req.socket.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, dropped: () => dropped, close: () => server.close() };
}

interface EventJson {
  reason: string;
  message: string;
  count: number;
  involvedObject: { kind: string; name: string; uid: string; fieldPath?: string };
  source: { component: string; host: string };
}

async function counts(url: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const group of [OOM_GROUP, AGENT_GROUP]) {
    const res = await signedFetch(`${url}/v1/events?containerGroupId=${group}`);
    if (res.status !== 200) throw new Error(`${res.status}`);
    for (const e of ((await res.json()) as { items: EventJson[] }).items) out[`${group} ${e.reason}`] = (out[`${group} ${e.reason}`] ?? 0) + e.count;
  }
  return out;
}

beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'eci-agent-e2e-'));
  mkdirSync(join(dir, 'rules'));
  for (const f of ['kernel-oom.json', 'kernel-nfs.json', 'kernel-gpu.json']) copyFileSync(join(ROOT, 'rules', f), join(dir, 'rules', f));
}, 120_000);

afterAll(async () => {
  for (const child of children) await stop(child, 'SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

describe('agent and service as separate processes', () => {
  it('counts every occurrence exactly once through a stopped service, a killed agent and lost answers', async () => {
    const db = join(dir, 'events.db');
    const kmsg = join(dir, 'kmsg');
    writeFileSync(kmsg, '');
    let service = await startServe(['--db', db, '--throttle-rate', '0', ...TEST_KEY_FLAGS]);
    children.add(service.child); // afterAll stops whatever a failed run left behind
    const port = new URL(service.url).port;
    const proxy = await lossyProxy(() => service.url, 2);
    let agent = startAgent(proxy.url, kmsg);
    await agent.started;

    // A: the service answers (the first two answers are lost on the way back).
    appendFileSync(kmsg, records(...oom(), 'eth0: link up', NFS, ...oom(), ...oom(), NFS));
    await until('the first occurrences', async () => (await counts(service.url))[`${OOM_GROUP} OOMKilled`] === 3 && proxy.dropped() === 2);
    await new Promise((r) => setTimeout(r, 500));
    expect(await counts(service.url)).toEqual({ [`${OOM_GROUP} OOMKilled`]: 3, [`${AGENT_GROUP} NfsError`]: 2 });

    // B: the service is stopped; lines arrive; the agent is killed outright and started again.
    await stop(service.child, 'SIGTERM');
    const before = agent.stderr().length;
    appendFileSync(kmsg, records(...oom(), NFS, ...oom(), 'noise', NFS, ...oom(), ...oom(), NFS));
    await until('the agent to find the service gone', () => agent.stderr().slice(before).includes('cannot deliver'));
    await until('every line read and spooled', () => readToEnd(kmsg));
    await stop(agent.child, 'SIGKILL');
    appendFileSync(kmsg, records(...oom(), XID));
    agent = startAgent(proxy.url, kmsg);
    await agent.started;
    expect(agent.stderr()).toContain('(7 reports waiting)');
    // The two lines of one match in two reads.
    appendFileSync(kmsg, records(...oom().slice(0, 1)));
    await until('the first line read', () => readToEnd(kmsg));
    appendFileSync(kmsg, records(...oom().slice(1), 'trailing noise'));

    // The service comes back on the same port and database.
    service = await startServe(['--db', db, '--port', port, '--throttle-rate', '0', ...TEST_KEY_FLAGS]);
    children.add(service.child);
    const expected = { [`${OOM_GROUP} OOMKilled`]: 9, [`${AGENT_GROUP} NfsError`]: 5, [`${AGENT_GROUP} GPULostCard`]: 1 };
    let seen = {};
    const same = (a: Record<string, number>) => JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(expected).sort());
    await until('every occurrence', async () => same((seen = await counts(service.url)))).catch((err: Error) => {
      throw new Error(`${err.message}: counts ${JSON.stringify(seen)}; agent said:\n${agent.stderr()}`);
    });
    await new Promise((r) => setTimeout(r, 1500));
    expect(await counts(service.url)).toEqual(expected);

    const res = await signedFetch(`${service.url}/v1/events?containerGroupId=${OOM_GROUP}`);
    const [event] = ((await res.json()) as { items: EventJson[] }).items;
    expect(event).toMatchObject({
      reason: 'OOMKilled',
      message: oom()[1],
      count: 9,
      involvedObject: { kind: 'Pod', name: OOM_GROUP, uid: OOM_GROUP, fieldPath: 'spec.containers{app}' },
      source: { component: 'EciService', host: 'node-1' },
    });
    proxy.close();
  }, 120_000);

  it('refuses to start with a bad rule file, naming file, rule and reason', async () => {
    const bad = join(dir, 'bad-rules');
    mkdirSync(bad);
    writeFileSync(join(bad, 'oom.json'), JSON.stringify({ source: 'kmsg', rules: [{ name: 'oom', reason: 'OOMKilled', patterns: ['Killed process (\\d+'] }] }));
    const { spawnSync } = await import('node:child_process');
    const r = spawnSync(
      process.execPath,
      [BIN, 'agent', '--endpoint', 'http://127.0.0.1:9', '--access-key-id', 'a', '--access-key-secret', 'b', '--rules', bad, '--spool', join(dir, 'bad-spool')],
      { encoding: 'utf8' },
    );
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      `eci-events: the rules in ${bad} cannot be used:\n  - oom.json: rule "oom": patterns[0]: Invalid regular expression: /Killed process (\\d+/: Unterminated group\n`,
    );
  });
});
