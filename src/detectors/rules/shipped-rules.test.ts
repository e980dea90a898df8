// Each shipped rule, positive and negative: the lines that must raise it (once) and near misses
// that must not. A rule added to rules/ without cases here fails the first test.
import { describe, expect, it } from 'vitest';
import { raise, shippedLogRules } from '../../../test/support/kernel-fixtures.js';

const H = 'f6e0a60cf567df71fbca3eee87311271f9cca8bb3499efc4cdbcf58c6828de46';
const MEMCG = (task: string, pid: number) =>
  `oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0-1,oom_memcg=/eci/eci-2zeone,task_memcg=/eci/eci-2zeone/app,task=${task},pid=${pid},uid=0`;
const GLOBAL = `oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/eci.slice/eci-2zetwo.slice/cri-containerd-${H}.scope,task=java,pid=42,uid=0`;

interface Cases {
  /** Each a sequence of lines that raises the rule exactly once, with this message. */
  positive: Array<{ lines: string[]; message: string }>;
  /** Each a sequence of lines that must not raise the rule. */
  negative: string[][];
}

const CASES: Record<string, Cases> = {
  'cgroup-oom-classic': {
    positive: [
      {
        lines: ['Memory cgroup out of memory: Kill process 15848 (xsim_traffic_fl) score 337 or sacrifice child'],
        message: 'Memory cgroup out of memory: Kill process 15848 (xsim_traffic_fl) score 337 or sacrifice child',
      },
      {
        lines: [
          MEMCG('stress', 7),
          'Memory cgroup out of memory: Kill process 7 (stress) score 1937 or sacrifice child',
          'Killed process 7 (stress) total-vm:1kB',
        ],
        message: 'Memory cgroup out of memory: Kill process 7 (stress) score 1937 or sacrifice child',
      },
    ],
    negative: [
      ['Memory cgroup out of memory: Killed process 7 (stress) total-vm:1kB, anon-rss:1kB'],
      ['Out of memory: Kill process 7 (stress) score 1937 or sacrifice child'],
      ['Task in /eci/eci-2zeone/app killed as a result of limit of /eci/eci-2zeone'],
    ],
  },
  'cgroup-oom': {
    positive: [
      {
        lines: [
          MEMCG('node', 51),
          'noise from another CPU',
          'Memory cgroup out of memory: Killed process 51 (node) total-vm:13kB, anon-rss:10kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:2kB oom_score_adj:0',
        ],
        message:
          'Memory cgroup out of memory: Killed process 51 (node) total-vm:13kB, anon-rss:10kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:2kB oom_score_adj:0',
      },
    ],
    negative: [
      ['Memory cgroup out of memory: Killed process 51 (node) total-vm:13kB'],
      [MEMCG('node', 51), ...Array.from({ length: 8 }, (_, i) => `noise ${i}`), 'Memory cgroup out of memory: Killed process 51 (node) total-vm:13kB'],
      [MEMCG('node', 51), 'Memory cgroup out of memory: Kill process 51 (node) score 1 or sacrifice child'],
      [GLOBAL, 'Memory cgroup out of memory: Killed process 42 (java) total-vm:13kB'],
    ],
  },
  'system-oom-classic': {
    positive: [
      { lines: ['Out of memory: Kill process 2211 (java) score 912 or sacrifice child'], message: 'System OOM encountered, victim process: java, pid: 2211' },
      {
        lines: ['[  12.5] Out of memory: Kill process 9 (my app) score 1 or sacrifice child'],
        message: 'System OOM encountered, victim process: my app, pid: 9',
      },
    ],
    negative: [
      ['Memory cgroup out of memory: Kill process 2211 (java) score 912 or sacrifice child'],
      ['Out of memory and no killable processes...'],
      ['containerd: Out of memory: Kill process handled by runtime'],
    ],
  },
  'system-oom': {
    positive: [
      {
        lines: [GLOBAL, 'Out of memory: Killed process 42 (java) total-vm:8kB, anon-rss:6kB'],
        message: 'System OOM encountered, victim process: java, pid: 42',
      },
      {
        lines: [GLOBAL.replace('CONSTRAINT_NONE', 'CONSTRAINT_CPUSET'), 'Out of memory: Killed process 42 (java) total-vm:8kB'],
        message: 'System OOM encountered, victim process: java, pid: 42',
      },
    ],
    negative: [
      ['Out of memory: Killed process 42 (java) total-vm:8kB'],
      [MEMCG('java', 42), 'Memory cgroup out of memory: Killed process 42 (java) total-vm:8kB'],
      [MEMCG('java', 42), 'Out of memory: Killed process 42 (java) total-vm:8kB'],
    ],
  },
  'nfs-state-manager': {
    positive: [
      {
        lines: ['NFS: state manager: bind conn to session failed on NFSv4 server 172.16.0.1 with error 121'],
        message: 'NFS: state manager: bind conn to session failed on NFSv4 server 172.16.0.1 with error 121',
      },
      {
        lines: ['NFS: state manager: check lease failed on NFSv4 server nas.local with error 10008'],
        message: 'NFS: state manager: check lease failed on NFSv4 server nas.local with error 10008',
      },
    ],
    negative: [['NFS: state manager: bind conn to session ok'], ['NFS: Registering the id_resolver key type']],
  },
  'nfs-server-not-responding': {
    positive: [
      { lines: ['nfs: server 172.16.0.1 not responding, still trying'], message: 'nfs: server 172.16.0.1 not responding, still trying' },
      { lines: ['nfs: server nas not responding, timed out'], message: 'nfs: server nas not responding, timed out' },
    ],
    negative: [['nfs: server 172.16.0.1 OK'], ['nfs: server 172.16.0.1 not responding']],
  },
  'nvidia-xid-79': {
    positive: [
      {
        lines: ['NVRM: Xid (PCI:0000:00:07): 79, pid=41555, name=python3, GPU has fallen off the bus.'],
        message: 'GPU card loss detected: NVRM: Xid (PCI:0000:00:07): 79, pid=41555, name=python3, GPU has fallen off the bus.',
      },
      {
        lines: ["NVRM: Xid (PCI:0000:3b:00): 79, pid='<unknown>', name=<unknown>, GPU has fallen off the bus."],
        message: "GPU card loss detected: NVRM: Xid (PCI:0000:3b:00): 79, pid='<unknown>', name=<unknown>, GPU has fallen off the bus.",
      },
    ],
    negative: [
      ['NVRM: Xid (PCI:0000:00:07): 13, pid=41555, name=python3, Graphics SM Warp Exception'],
      ['NVRM: Xid (PCI:0000:00:07): 790, pid=1, something else'],
      ['NVRM: GPU 0000:00:07.0: GPU has fallen off the bus.'],
    ],
  },
  'kernel-oops': {
    positive: [
      {
        lines: [
          'BUG: unable to handle kernel NULL pointer dereference at 0000000000000008',
          'IP: [<ffffffff8107e9c4>] foo+0x14/0x30',
          'PGD 0',
          'Oops: 0000 [#1] SMP',
        ],
        message: 'BUG: unable to handle kernel NULL pointer dereference at 0000000000000008',
      },
      {
        lines: [
          'BUG: unable to handle page fault for address: ffffa3b2c0000000',
          '#PF: supervisor read access in kernel mode',
          'Oops: Oops: 0000 [#1] PREEMPT SMP NOPTI',
        ],
        message: 'BUG: unable to handle page fault for address: ffffa3b2c0000000',
      },
    ],
    negative: [
      ['BUG: kernel NULL pointer dereference, address: 0000000000000010'],
      ['Oops: 0000 [#1] SMP NOPTI'],
      ['BUG: kernel NULL pointer dereference, address: 0000000000000010', ...Array.from({ length: 12 }, (_, i) => `trace ${i}`), 'Oops: 0000 [#1] SMP NOPTI'],
    ],
  },
  'kernel-bug': {
    positive: [{ lines: ['kernel BUG at mm/slub.c:305!'], message: 'kernel BUG at mm/slub.c:305!' }],
    negative: [['invalid opcode: 0000 [#1] SMP'], ['kernel BUG at']],
  },
  'general-protection-fault': {
    positive: [
      { lines: ['general protection fault: 0000 [#1] SMP PTI'], message: 'general protection fault: 0000 [#1] SMP PTI' },
      {
        lines: ['Oops: general protection fault, probably for non-canonical address 0xdead000000000122: 0000 [#1] PREEMPT SMP NOPTI'],
        message: 'general protection fault, probably for non-canonical address 0xdead000000000122: 0000 [#1] PREEMPT SMP NOPTI',
      },
    ],
    negative: [['traps: node[1234] general protection fault ip:7f0 sp:7ffd error:0 in libc.so.6']],
  },
  'hung-task': {
    positive: [
      { lines: ['INFO: task java:4242 blocked for more than 120 seconds.'], message: 'INFO: task java:4242 blocked for more than 120 seconds.' },
      {
        lines: ['INFO: task kworker/u16:3:1587 blocked for more than 122 seconds.'],
        message: 'INFO: task kworker/u16:3:1587 blocked for more than 122 seconds.',
      },
    ],
    negative: [['"echo 0 > /proc/sys/kernel/hung_task_timeout_secs" disables this message.'], ['task:kworker/u16:3 state:D stack:0 pid:1587']],
  },
  'soft-lockup': {
    positive: [
      {
        lines: ['watchdog: BUG: soft lockup - CPU#2 stuck for 22s! [kworker/2:1:1234]'],
        message: 'BUG: soft lockup - CPU#2 stuck for 22s! [kworker/2:1:1234]',
      },
      { lines: ['BUG: soft lockup - CPU#0 stuck for 67s! [java:99]'], message: 'BUG: soft lockup - CPU#0 stuck for 67s! [java:99]' },
    ],
    negative: [['watchdog: soft lockup detector enabled'], ['rcu: INFO: rcu_sched self-detected stall on CPU']],
  },
  'hard-lockup': {
    positive: [{ lines: ['Watchdog detected hard LOCKUP on cpu 6'], message: 'Watchdog detected hard LOCKUP on cpu 6' }],
    negative: [['NMI watchdog: Enabled. Permanently consumes one hw-PMU counter.']],
  },
};

describe('each shipped rule, positive and negative', () => {
  const rules = shippedLogRules();

  it('has cases for every shipped log rule, and for no other', () => {
    expect(Object.keys(CASES).sort()).toEqual(rules.map((r) => r.name).sort());
  });

  for (const [name, cases] of Object.entries(CASES)) {
    describe(name, () => {
      cases.positive.forEach(({ lines, message }, i) => {
        it(`raises on positive case ${i + 1}, once, with its message`, async () => {
          const raised = await raise(lines, rules);
          expect(raised.filter((r) => r.rule === name).map((r) => r.message)).toEqual([message]);
        });
      });
      cases.negative.forEach((lines, i) => {
        it(`does not raise on negative case ${i + 1}`, async () => {
          expect((await raise(lines, rules)).filter((r) => r.rule === name)).toEqual([]);
        });
      });
    });
  }
});
