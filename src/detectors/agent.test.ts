// The agent in one process, with the service replaced by a function: lines of a followed file
// become reports exactly once across restarts (lines written while it was stopped included), a
// multi-line match spanning a restart still raises, standard input is read to its end, and a
// disk that is full is reported once.
import { appendFileSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { catalog } from '../catalog/index.js';
import { Agent, type AgentOptions } from './agent.js';
import type { IngestReport } from './delivery/record.js';
import type { PostAnswer } from './delivery/sender.js';
import { parseRuleFile } from './rules/load.js';
import { FIXTURES, RULES_DIR } from '../../test/support/kernel-fixtures.js';
import type { CompiledRuleFile } from './rules/compiled.js';

// 30 s: reached only on a real failure, even on a loaded machine.
const until = async (cond: () => boolean, ms = 30_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

/** The positions the agent's saved state (spool/state.json) says its sources have processed. */
function processed(spool: string): number[] {
  try {
    const state = JSON.parse(readFileSync(join(spool, 'state.json'), 'utf8')) as { sources: Record<string, { processed: number }> };
    return Object.values(state.sources).map((s) => s.processed);
  } catch {
    return []; // not saved yet
  }
}

function compile(spec: unknown): CompiledRuleFile {
  const problems: string[] = [];
  const f = parseRuleFile('test.json', JSON.stringify(spec), catalog, problems);
  if (!f) throw new Error(problems.join('\n'));
  return f;
}

describe('Agent', () => {
  let dir: string;
  let received: IngestReport[];
  let agents: Agent[];
  const post = async (reports: readonly IngestReport[]): Promise<PostAnswer> => {
    received.push(...reports);
    return { status: 200, body: { results: reports.map((_, index) => ({ index, ok: true })) } };
  };
  const start = async (rules: CompiledRuleFile[], over: Partial<AgentOptions> = {}) => {
    const a = await Agent.start({ rules, post, spoolDir: join(dir, 'spool'), host: 'h1', defaultGroup: 'eci-2zedefault', log: () => undefined, ...over });
    agents.push(a);
    return a;
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'eci-agent-'));
    received = [];
    agents = [];
  });
  afterEach(async () => {
    for (const a of agents) await a.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const fileRules = (path: string) =>
    compile({
      source: 'file',
      path,
      start: 'beginning',
      rules: [
        { name: 'nfs', reason: 'NfsError', patterns: ['nfs: server \\S+ not responding.*'] },
        {
          name: 'oom',
          reason: 'OOMKilled',
          patterns: ['oom-kill:.*task_memcg=(?<cg>[^,]*)', 'Killed process \\d+.*'],
          window: 3,
          attribution: { cgroup: 'cg' },
        },
      ],
    });

  it('reports every matching line once across a restart, lines written while stopped included', async () => {
    const log = join(dir, 'messages');
    writeFileSync(log, 'nfs: server a not responding, still trying\nnoise\n');
    let agent = await start([fileRules(log)]);
    await until(() => received.length === 1);
    await agent.stop();
    appendFileSync(log, 'nfs: server b not responding, still trying\noom-kill:constraint=CONSTRAINT_MEMCG,task_memcg=/eci/eci-2zeone/app,task=x,pid=1\n');
    agent = await start([fileRules(log)]);
    await until(() => received.length === 2);
    await agent.stop();
    // The oom-kill: line was read before the restart; its window is read again after it.
    appendFileSync(log, 'Killed process 1 (x)\n');
    await start([fileRules(log)]);
    await until(() => received.length === 3);
    await new Promise((r) => setTimeout(r, 100));
    expect(received.map((r) => [r.reason, r.containerGroupId, r.object.fieldPath, r.args[0]])).toEqual([
      ['NfsError', 'eci-2zedefault', undefined, 'nfs: server a not responding, still trying'],
      ['NfsError', 'eci-2zedefault', undefined, 'nfs: server b not responding, still trying'],
      ['OOMKilled', 'eci-2zeone', 'spec.containers{app}', 'Killed process 1 (x)'],
    ]);
    expect(new Set(received.map((r) => r.idempotencyKey)).size).toBe(3);
    expect(received[0]).toMatchObject({
      object: { kind: 'Pod', name: 'eci-2zedefault', namespace: 'default', uid: 'eci-2zedefault' },
      source: { component: 'EciService', host: 'h1' },
      reportingComponent: 'eci-events-agent',
      reportingInstance: 'h1',
    });
  });

  it('gives a line read again the same idempotency key (a lost state file: the service counts it once)', async () => {
    const log = join(dir, 'messages');
    writeFileSync(log, 'nfs: server a not responding, still trying\n');
    const agent = await start([fileRules(log)]);
    await until(() => received.length === 1);
    await agent.stop();
    rmSync(join(dir, 'spool'), { recursive: true });
    await start([fileRules(log)]);
    await until(() => received.length === 2);
    expect(received[1]!.idempotencyKey).toBe(received[0]!.idempotencyKey);
  });

  it('follows a kernel log fixture written in pieces and rotated mid-report as if it were read whole', async () => {
    const log = join(dir, 'messages');
    const shipped = ['kernel-oom.json', 'kernel-nfs.json', 'kernel-runtime.json'].map((f) =>
      compile({ ...JSON.parse(readFileSync(join(RULES_DIR, f), 'utf8')), source: 'file', path: log, start: 'beginning' }),
    );
    const data = readFileSync(join(FIXTURES, 'alinux2-4.19.log'));
    // Rotated right after the oom-kill: line, before the kill line it belongs to.
    const rotateAt = data.indexOf('\n', data.indexOf('oom-kill:constraint=CONSTRAINT_MEMCG')) + 1;
    const cut = rotateAt - 40; // the writer is in the middle of that line when the agent reads
    writeFileSync(log, data.subarray(0, cut));
    await start(shipped, { mapFile: join(FIXTURES, 'map.json'), procRoot: join(FIXTURES, 'proc') });
    // Until the agent has read every whole line before the cut (its saved position says so), and
    // holds the unfinished one: a rotation before it opened the file would hide the first part.
    const lastWhole = data.lastIndexOf('\n', cut - 1) + 1;
    await until(() => {
      const at = processed(join(dir, 'spool'));
      return at.length > 0 && at.every((p) => p === lastWhole);
    });
    appendFileSync(log, data.subarray(cut, rotateAt));
    renameSync(log, `${log}.1`);
    writeFileSync(log, data.subarray(rotateAt));
    await until(() => received.length === 5);
    await new Promise((r) => setTimeout(r, 300));
    expect(received.map((r) => [r.reason, r.containerGroupId, r.object.fieldPath ?? ''])).toEqual([
      ['OOMKilled', 'eci-2zeaqk1bq5uws1x0ln4p', 'spec.containers{nginx}'],
      ['PodOOMKilled', 'eci-2zedefault', ''],
      ['RuntimeIssueDetected', 'eci-2zedefault', ''],
      ['NfsError', 'eci-2zedefault', ''],
      ['RuntimeIssueDetected', 'eci-2zedefault', ''],
    ]);
    expect(received[0]!.object).toMatchObject({ name: 'web-7d9f', namespace: 'shop' });
    expect(received[3]!.args[0]).toBe('nfs: server nas\uFFFD01 not responding, timed out');
  });

  it('pauses reading while the spool is full, stops anyway, and loses nothing', async () => {
    const log = join(dir, 'messages');
    writeFileSync(log, Array.from({ length: 10 }, (_, i) => `nfs: server s${i} not responding, still trying\n`).join(''));
    const said: string[] = [];
    const stuck = await start([fileRules(log)], { spoolMaxBytes: 2000, post: () => new Promise(() => undefined), log: (m) => said.push(m) });
    await until(() => said.some((m) => m.startsWith('spool full: ')));
    // It returns (after its own short waits) rather than waiting for room for ever; how long it
    // takes is no assertion: a loaded machine can be slow.
    await stuck.stop();
    await start([fileRules(log)]);
    await until(() => received.length === 10);
    await new Promise((r) => setTimeout(r, 200));
    expect(received.map((r) => r.args[0]).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `nfs: server s${i} not responding, still trying`).sort());
  });

  it('reads standard input to its end and delivers what it found', async () => {
    const rules = compile({ source: 'stdin', rules: [{ name: 'bug', reason: 'RuntimeIssueDetected', patterns: ['kernel BUG at \\S+!'] }] });
    const agent = await start([rules], { stdin: Readable.from([Buffer.from('x\nkernel BUG at mm/sl'), Buffer.from('ub.c:1!\n\xff\n')]) });
    await agent.idle();
    expect(received.map((r) => r.args[0])).toEqual(['kernel BUG at mm/slub.c:1!']);
  });

  it("reports a full disk as the host's when no group is given", async () => {
    const rules = compile({ source: 'disk', interval: '10ms', rules: [{ name: 'root', reason: 'DiskFull', path: dir, freeBytes: Number.MAX_SAFE_INTEGER }] });
    await start([rules], { defaultGroup: undefined });
    await until(() => received.length === 1);
    await new Promise((r) => setTimeout(r, 100));
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ reason: 'DiskFull', object: { kind: 'Node', name: 'h1' } });
    expect(received[0]!.args[0]).toMatch(
      new RegExp(`^There is insufficient disk space for the current ECI instance: ${dir} is [\\d.]+% full, \\d+ bytes free$`),
    );
    expect(received[0]!.containerGroupId).toBeUndefined();
  });
});
