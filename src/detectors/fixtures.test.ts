// The shipped rules over real-looking kernel output of four kernels (test/fixtures/kernel): every
// event each must raise, attributed to its group and container, and nothing else; the same
// whatever sizes the reads come in (partial lines), with invalid UTF-8 read as U+FFFD.
import { describe, expect, it } from 'vitest';
import { DEFAULT_GROUP, fixture, linesOf, raise, shippedLogRules } from '../../test/support/kernel-fixtures.js';

type Row = [rule: string, group: string, container: string | undefined, message: string];

const CASES: Array<{ file: string; kmsg: boolean; events: Row[] }> = [
  {
    file: 'centos7-3.10.kmsg',
    kmsg: true,
    events: [
      [
        'cgroup-oom-classic',
        'eci-2ze0b5frsxhvrbz4qgh8',
        'xsim',
        'Memory cgroup out of memory: Kill process 15848 (xsim_traffic_fl) score 337 or sacrifice child',
      ],
      ['nfs-state-manager', DEFAULT_GROUP, undefined, 'NFS: state manager: bind conn to session failed on NFSv4 server 172.16.0.1 with error 121'],
      ['nfs-server-not-responding', DEFAULT_GROUP, undefined, 'nfs: server 172.16.0.1 not responding, still trying'],
      ['system-oom-classic', DEFAULT_GROUP, undefined, 'System OOM encountered, victim process: java, pid: 2211'],
      ['hung-task', 'eci-2ze9hungtaskgroup01', 'db', 'INFO: task java:4242 blocked for more than 120 seconds.'],
      ['hung-task', DEFAULT_GROUP, undefined, 'INFO: task \uFFFD(bad:4243 blocked for more than 120 seconds.'],
    ],
  },
  {
    file: 'alinux2-4.19.log',
    kmsg: false,
    events: [
      ['cgroup-oom-classic', 'eci-2zeaqk1bq5uws1x0ln4p', 'nginx', 'Memory cgroup out of memory: Kill process 30455 (stress) score 1937 or sacrifice child'],
      ['system-oom-classic', DEFAULT_GROUP, undefined, 'System OOM encountered, victim process: java, pid: 31002'],
      ['soft-lockup', DEFAULT_GROUP, undefined, 'BUG: soft lockup - CPU#2 stuck for 22s! [kworker/2:1:1234]'],
      ['nfs-server-not-responding', DEFAULT_GROUP, undefined, 'nfs: server nas\uFFFD01 not responding, timed out'],
      ['kernel-oops', DEFAULT_GROUP, undefined, 'BUG: unable to handle kernel NULL pointer dereference at 0000000000000008'],
    ],
  },
  {
    file: 'ubuntu-5.15.kmsg',
    kmsg: true,
    events: [
      [
        'cgroup-oom',
        'eci-2zefk0f0dbbh5kpl6nvk',
        'worker',
        'Memory cgroup out of memory: Killed process 41234 (stress) total-vm:1057000kB, anon-rss:1047600kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:2088kB oom_score_adj:1000',
      ],
      [
        'nvidia-xid-79',
        'eci-2zegpu0trainjob00001',
        undefined,
        'GPU card loss detected: NVRM: Xid (PCI:0000:00:07): 79, pid=41555, name=python3, GPU has fallen off the bus.',
      ],
      ['system-oom', 'eci-2zeh1g0bal0om0victim', undefined, 'System OOM encountered, victim process: java, pid: 42001'],
      ['kernel-oops', DEFAULT_GROUP, undefined, 'BUG: kernel NULL pointer dereference, address: 0000000000000010'],
    ],
  },
  {
    file: 'alinux3-6.6.dmesg',
    kmsg: false,
    events: [
      [
        'cgroup-oom',
        'eci-2zej6sixkernel00001',
        'app',
        'Memory cgroup out of memory: Killed process 5151 (node) total-vm:1300000kB, anon-rss:1040000kB, file-rss:512kB, shmem-rss:0kB, UID:0 pgtables:2300kB oom_score_adj:0',
      ],
      ['nvidia-xid-79', DEFAULT_GROUP, undefined, 'GPU card loss detected: NVRM: Xid (PCI:0000:3b:00): 79, GPU has fallen off the bus.'],
      [
        'general-protection-fault',
        DEFAULT_GROUP,
        undefined,
        'general protection fault, probably for non-canonical address 0xdead000000000122: 0000 [#1] PREEMPT SMP NOPTI',
      ],
      ['kernel-bug', DEFAULT_GROUP, undefined, 'kernel BUG at mm/slub.c:305!'],
      ['hung-task', DEFAULT_GROUP, undefined, 'INFO: task kworker/u16:3:1587 blocked for more than 122 seconds.'],
      ['hard-lockup', DEFAULT_GROUP, undefined, 'Watchdog detected hard LOCKUP on cpu 6'],
      ['nfs-server-not-responding', DEFAULT_GROUP, undefined, 'nfs: server 172.16.0.9 not responding, timed out'],
      ['nfs-state-manager', DEFAULT_GROUP, undefined, 'NFS: state manager: check lease failed on NFSv4 server 172.16.0.9 with error 10008'],
    ],
  },
];

const rows = (raised: Awaited<ReturnType<typeof raise>>): Row[] => raised.map((r) => [r.rule, r.subject.group!, r.subject.container, r.message]);

describe('shipped rules over kernel logs of several kernels', () => {
  const rules = shippedLogRules();

  for (const c of CASES) {
    it(`${c.file}: raises exactly its events`, async () => {
      expect(rows(await raise(linesOf(fixture(c.file), c.kmsg), rules))).toEqual(c.events);
    });

    it(`${c.file}: the same when read in chunks of any size`, async () => {
      const data = fixture(c.file);
      // A fixed pseudo-random sequence of read sizes, 1 to 97 bytes: lines and characters cut anywhere.
      let seed = 7;
      const sizes = (i: number) => (i === 0 ? 1 : (seed = (seed * 48271) % 2147483647) % 97) + 1;
      expect(rows(await raise(linesOf(data, c.kmsg, sizes), rules))).toEqual(c.events);
    });
  }

  it.each(['alinux2-4.19.log', 'alinux3-6.6.dmesg'])('%s: the same events when given as the kernel log (--kmsg), not only as a followed file', async (file) => {
    const events = CASES.find((c) => c.file === file)!.events;
    expect(rows(await raise(linesOf(fixture(file), true), rules))).toEqual(events);
  });

  it('names the pod and namespace the map file gives', async () => {
    const [event] = await raise(linesOf(fixture('alinux2-4.19.log'), false), rules);
    expect(event!.subject).toEqual({ kind: 'Pod', name: 'web-7d9f', namespace: 'shop', group: 'eci-2zeaqk1bq5uws1x0ln4p', container: 'nginx' });
  });
});
