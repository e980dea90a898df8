// The agent: lines per second through its matcher with every shipped rule, and the memory of the
// agent process while it reads a large kernel log. The workload is the kernel fixtures (each of
// their events) among realistic noise, 1,000,000 lines. Prints figures; asserts only that every
// event in the workload was found.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { catalog } from '../src/catalog/index.js';
import { StreamMatcher } from '../src/detectors/match/stream-matcher.js';
import { loadRuleDir } from '../src/detectors/rules/load.js';
import { parseKmsgRecord } from '../src/detectors/sources/kmsg-record.js';
import { LineSplitter } from '../src/detectors/sources/lines.js';

/** The project's goal for the matcher with all shipped rules. */
export const AGENT_GOAL_LINES_PER_SECOND = 200_000;
export const AGENT_BENCH_LINES = 1_000_000;

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = fileURLToPath(new URL('../src/cli/bin.js', import.meta.url));
const FIXTURES = join(ROOT, 'test/fixtures/kernel');

const NOISE = [
  'IPv6: ADDRCONF(NETDEV_CHANGE): eth0: link becomes ready',
  'EXT4-fs (vda1): mounted filesystem with ordered data mode. Opts: (null). Quota mode: none.',
  'audit: type=1400 audit(1732085466.123:456): apparmor="STATUS" operation="profile_load" profile="unconfined" name="cri-containerd.apparmor.d" pid=2231 comm="apparmor_parser"',
  'cni0: port 3(veth1234abcd) entered forwarding state',
  'TCP: request_sock_TCP: Possible SYN flooding on port 8080. Sending cookies.  Check SNMP counters.',
  'device veth9a8b7c6d entered promiscuous mode',
  'IPVS: Creating netns size=2048 id=12',
  'overlayfs: upper fs does not support RENAME_WHITEOUT.',
  'eth0: renamed from tmpa1b2c3',
  'nf_conntrack: nf_conntrack: table full, dropping packet',
  'systemd-journald[312]: Data hash table of /run/log/journal/system.journal has a fill level at 75.0 (3846 of 5127 items, 2949120 file size, 766 bytes per hash table item), suggesting rotation.',
  '[  41234]     0 41234   264250   261900  2138112        0          1000 stress',
  'Memory cgroup stats for /eci.slice/eci-2zefk0f0dbbh5kpl6nvk.slice: anon 1069543424 file 0 kernel_stack 16384',
  'NVRM: Xid (PCI:0000:00:07): 13, pid=41555, name=python3, Graphics SM Warp Exception on (GPC 0, TPC 1, SM 0): Out Of Range Address',
  'nfs: server 172.16.0.1 OK',
  'BUG: Bad rss-counter state mm:00000000d1c1f2e3 type:MM_ANONPAGES val:1',
];

function fixtureTexts(): string[] {
  const texts: string[] = [];
  for (const name of ['centos7-3.10.kmsg', 'alinux2-4.19.log', 'ubuntu-5.15.kmsg', 'alinux3-6.6.dmesg']) {
    const splitter = new LineSplitter();
    const data = readFileSync(join(FIXTURES, name));
    const lines = [...splitter.push(data, 0), ...splitter.flush()].map((l) => l.text);
    texts.push(...(name.endsWith('.kmsg') ? lines.map((l) => parseKmsgRecord(l)?.text).filter((t): t is string => t !== undefined) : lines));
  }
  return texts;
}

/** `total` lines: the fixtures' lines once per block, then noise, with counters so lines differ. */
function workload(total: number): { lines: string[]; blocks: number } {
  const fixtures = fixtureTexts();
  const lines: string[] = [];
  let blocks = 0;
  for (let n = 0; lines.length < total; n++) {
    if (n % 2000 === 0 && lines.length + fixtures.length <= total) {
      lines.push(...fixtures);
      blocks++;
    }
    lines.push(`${NOISE[n % NOISE.length]} ${n}`);
  }
  return { lines, blocks };
}

const rate = (n: number, s: number) => Math.round(n / s).toLocaleString('en-US');
const mib = (kb: number) => `${(kb / 1024).toFixed(1)} MiB`;

function matcherRun(rules: ReturnType<typeof logRules>, lines: readonly string[]): { seconds: number; events: number } {
  const m = new StreamMatcher(rules);
  let events = 0;
  const t0 = performance.now();
  for (const line of lines) events += m.feed(line)?.length ?? 0;
  return { seconds: (performance.now() - t0) / 1000, events };
}

function logRules() {
  return loadRuleDir(join(ROOT, 'rules'), catalog).flatMap((f) => (f.kind === 'log' ? f.rules : []));
}

/** The kmsg records of the workload, as /dev/kmsg would give them. */
function kmsgBytes(lines: readonly string[]): Buffer {
  return Buffer.from(lines.map((l, i) => `6,${i},${i * 1000},-;${l}\n`).join(''));
}

function readPathRun(rules: ReturnType<typeof logRules>, data: Buffer): { seconds: number; events: number } {
  const m = new StreamMatcher(rules);
  const splitter = new LineSplitter();
  let events = 0;
  const t0 = performance.now();
  for (let at = 0; at < data.length; at += 64 * 1024) {
    for (const l of splitter.push(data.subarray(at, at + 64 * 1024), at)) {
      const r = parseKmsgRecord(l.text);
      if (r) events += m.feed(r.text)?.length ?? 0;
    }
  }
  return { seconds: (performance.now() - t0) / 1000, events };
}

function status(pid: number): { rss: number; hwm: number } | undefined {
  try {
    const s = readFileSync(`/proc/${pid}/status`, 'utf8');
    return { rss: Number(/VmRSS:\s+(\d+)/.exec(s)?.[1]), hwm: Number(/VmHWM:\s+(\d+)/.exec(s)?.[1]) };
  } catch {
    return undefined;
  }
}

/** The agent process reading the workload from a kmsg file and sending to a stub service. */
async function processRun(data: Buffer, expected: number): Promise<{ seconds: number; reports: number; idleRssKb: number; peakKb: number; endRssKb: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'eci-agent-bench-'));
  let reports = 0;
  const stub = http.createServer((req, res) => {
    const body: Buffer[] = [];
    req.on('data', (c: Buffer) => body.push(c));
    req.on('end', () => {
      const n = (JSON.parse(Buffer.concat(body).toString()) as { reports: unknown[] }).reports.length;
      reports += n;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ accepted: n, rejected: 0, results: Array.from({ length: n }, (_, index) => ({ index, ok: true })) }));
    });
  });
  await new Promise<void>((resolve) => stub.listen(0, '127.0.0.1', resolve));
  const kmsg = join(dir, 'kmsg');
  writeFileSync(kmsg, '');
  const child = spawn(
    process.execPath,
    [
      BIN,
      'agent',
      '--endpoint',
      `http://127.0.0.1:${(stub.address() as AddressInfo).port}`,
      '--access-key-id',
      'bench',
      '--access-key-secret',
      'bench',
      '--rules',
      join(ROOT, 'rules'),
      '--spool',
      join(dir, 'spool'),
      '--kmsg',
      kmsg,
      '--group',
      'eci-2zebenchdefault0',
      '--host',
      'bench',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  try {
    const deadline = Date.now() + 30_000;
    while (!stderr.includes('agent: started')) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the agent did not start: ${stderr}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    await new Promise((r) => setTimeout(r, 500));
    const idle = status(child.pid!)!;
    const t0 = performance.now();
    writeFileSync(kmsg, data);
    const state = join(dir, 'spool', 'state.json');
    let peak = idle.hwm;
    for (;;) {
      const s = status(child.pid!);
      if (s) peak = Math.max(peak, s.hwm);
      const processed = existsSync(state)
        ? Object.values((JSON.parse(readFileSync(state, 'utf8')) as { sources: Record<string, { processed: number }> }).sources)[0]?.processed
        : 0;
      if (processed === data.length && reports >= expected) break;
      if (child.exitCode !== null) throw new Error(`the agent exited: ${stderr}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const seconds = (performance.now() - t0) / 1000;
    const end = status(child.pid!)!;
    return { seconds, reports, idleRssKb: idle.rss, peakKb: Math.max(peak, end.hwm), endRssKb: end.rss };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    stub.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs the agent benchmark; returns false when an event of the workload was missed. */
export async function agentBench(total = AGENT_BENCH_LINES): Promise<boolean> {
  const rules = logRules();
  const { lines, blocks } = workload(total);
  const perBlock = matcherRun(rules, fixtureTexts()).events;
  const expected = perBlock * blocks;
  console.log(
    `\n===== the agent: ${lines.length.toLocaleString('en-US')} kernel lines, ${rules.length} shipped log rules, ${expected.toLocaleString('en-US')} events in them =====`,
  );
  // Warm up the JIT on a tenth, then time the whole.
  matcherRun(rules, lines.slice(0, lines.length / 10));
  const rounds = [matcherRun(rules, lines), matcherRun(rules, lines), matcherRun(rules, lines)];
  const best = rounds.reduce((a, b) => (b.seconds < a.seconds ? b : a));
  const met = lines.length / best.seconds >= AGENT_GOAL_LINES_PER_SECOND;
  console.log(
    `  matcher        ${rounds.map((r) => `${rate(lines.length, r.seconds)} lines/s`).join(', ')} (three rounds; goal: at least ${AGENT_GOAL_LINES_PER_SECOND.toLocaleString('en-US')}: ${met ? 'met' : 'NOT met'})`,
  );
  const data = kmsgBytes(lines);
  readPathRun(rules, data.subarray(0, data.length / 10));
  const read = readPathRun(rules, data);
  console.log(
    `  read path      ${rate(lines.length, read.seconds)} lines/s (bytes split into lines, kmsg records parsed, then the matcher; ${(data.length / 2 ** 20).toFixed(1)} MiB)`,
  );
  const proc = await processRun(data, expected);
  console.log(
    `  agent process  ${rate(lines.length, proc.seconds)} lines/s end to end (read, match, attribute, spool with fsync, send to a stub service: ${proc.reports.toLocaleString('en-US')} reports); ` +
      `RSS ${mib(proc.idleRssKb)} idle, ${mib(proc.endRssKb)} after, peak ${mib(proc.peakKb)}`,
  );
  const ok = [...rounds, read].every((r) => r.events === expected) && proc.reports === expected;
  if (!ok)
    console.error(
      `!!!!!!!! EVENTS MISSED: expected ${expected} in every run, got ${[...rounds, read].map((r) => r.events).join(', ')} and ${proc.reports} reports !!!!!!!!`,
    );
  return ok;
}
