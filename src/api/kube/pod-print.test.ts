import { describe, expect, it } from 'vitest';
import { printPod, type PrintablePod } from './pod-print.js';

const NOW = Date.parse('2026-12-01T10:00:00Z');
type Status = PrintablePod['status']['containerStatuses'][number];
const running = (over: Partial<Status> = {}): Status => ({ ready: true, restartCount: 0, state: { running: {} }, ...over });
const pod = (statuses: Status[], over: Partial<PrintablePod['status']> = {}, deleting = false): PrintablePod => ({
  metadata: { name: 'p', ...(deleting ? { deletionTimestamp: '2026-12-01T09:59:00Z' } : {}) },
  spec: { containers: statuses.length ? statuses : [{}] },
  status: { phase: 'Running', containerStatuses: statuses, ...over },
});
const crashed = (finishedAt: string, restartCount: number): Status => ({
  ready: false,
  restartCount,
  state: { waiting: { reason: 'CrashLoopBackOff' } },
  lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt } },
});

describe('printPod, as the API server prints a pod', () => {
  const cases: Array<[string, PrintablePod, { ready: string; status: string; restarts: string }]> = [
    ['a running pod', pod([running()]), { ready: '1/1', status: 'Running', restarts: '0' }],
    [
      'a crash loop: the waiting reason, restarts with the age of the last exit',
      pod([crashed('2026-12-01T09:59:35Z', 3)]),
      { ready: '0/1', status: 'CrashLoopBackOff', restarts: '3 (25s ago)' },
    ],
    [
      'the latest exit of all containers gives the age',
      pod([crashed('2026-12-01T09:50:00Z', 2), crashed('2026-12-01T09:58:00Z', 1)]),
      { ready: '0/2', status: 'CrashLoopBackOff', restarts: '3 (2m ago)' },
    ],
    [
      'no restart: no age even with a last state',
      pod([running({ lastState: { terminated: { exitCode: 0, finishedAt: '2026-12-01T09:00:00Z' } } })]),
      { ready: '1/1', status: 'Running', restarts: '0' },
    ],
    [
      'OOMKilled, the terminated reason',
      pod([{ ready: false, restartCount: 0, state: { terminated: { exitCode: 137, reason: 'OOMKilled' } } }], { phase: 'Failed' }),
      { ready: '0/1', status: 'OOMKilled', restarts: '0' },
    ],
    [
      'a terminated container without a reason: its exit code',
      pod([{ ready: false, restartCount: 0, state: { terminated: { exitCode: 2 } } }], { phase: 'Failed' }),
      { ready: '0/1', status: 'ExitCode:2', restarts: '0' },
    ],
    [
      'the first container has the last word',
      pod([
        { ready: false, restartCount: 0, state: { terminated: { exitCode: 1, reason: 'Error' } } },
        { ready: false, restartCount: 0, state: { waiting: { reason: 'ImagePullBackOff' } } },
      ]),
      { ready: '0/2', status: 'Error', restarts: '0' },
    ],
    [
      'Completed beside a running container, without the Ready condition: NotReady',
      pod([{ ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } }, running()]),
      { ready: '1/2', status: 'NotReady', restarts: '0' },
    ],
    [
      'Completed beside a running container of a ready pod: Running',
      pod([{ ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } }, running()], {
        conditions: [{ type: 'Ready', status: 'True' }],
      }),
      { ready: '1/2', status: 'Running', restarts: '0' },
    ],
    ['being deleted', pod([running()], {}, true), { ready: '1/1', status: 'Terminating', restarts: '0' }],
    [
      'being deleted in a terminal phase keeps its reason',
      pod([{ ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } }], { phase: 'Succeeded' }, true),
      { ready: '0/1', status: 'Completed', restarts: '0' },
    ],
    [
      'no container status: the status reason, else the phase',
      pod([], { phase: 'Failed', reason: 'ScheduleFailed' }),
      { ready: '0/1', status: 'ScheduleFailed', restarts: '0' },
    ],
    ['no container status and no reason: the phase', pod([], { phase: 'Pending' }), { ready: '0/1', status: 'Pending', restarts: '0' }],
  ];
  it.each(cases)('%s', (_name, p, want) => {
    expect(printPod(p, NOW)).toEqual(want);
  });
});

describe('printPod with init containers', () => {
  const done: Status = { ready: true, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } };
  const waiting = (reason: string, restartCount = 0): Status => ({ ready: false, restartCount, state: { waiting: { reason } } });
  const withInits = (inits: Status[], apps: Status[], over: Partial<PrintablePod['status']> = {}): PrintablePod => ({
    metadata: { name: 'p' },
    spec: { containers: apps, initContainers: inits },
    status: { phase: 'Pending', initContainerStatuses: inits, containerStatuses: apps, ...over },
  });
  const initialized = [{ type: 'Initialized', status: 'True' }];
  const cases: Array<[string, PrintablePod, { ready: string; status: string; restarts: string }]> = [
    [
      'the first running: Init:0/2',
      withInits([running({ ready: false }), waiting('PodInitializing')], [waiting('PodInitializing')]),
      { ready: '0/1', status: 'Init:0/2', restarts: '0' },
    ],
    [
      'the second pulling: Init:1/2',
      withInits([done, waiting('PodInitializing')], [waiting('PodInitializing')]),
      { ready: '0/1', status: 'Init:1/2', restarts: '0' },
    ],
    [
      'a waiting reason of its own: Init:ErrImagePull',
      withInits([waiting('ErrImagePull')], [waiting('PodInitializing')]),
      { ready: '0/1', status: 'Init:ErrImagePull', restarts: '0' },
    ],
    [
      'failed: Init:Error',
      withInits([{ ready: false, restartCount: 0, state: { terminated: { exitCode: 1, reason: 'Error' } } }], [waiting('PodInitializing')], {
        phase: 'Failed',
      }),
      { ready: '0/1', status: 'Init:Error', restarts: '0' },
    ],
    [
      'failed without a reason: Init:ExitCode:N',
      withInits([{ ready: false, restartCount: 0, state: { terminated: { exitCode: 3 } } }], [waiting('PodInitializing')]),
      { ready: '0/1', status: 'Init:ExitCode:3', restarts: '0' },
    ],
    [
      'a crash loop: Init:CrashLoopBackOff, its restarts counted',
      withInits(
        [{ ...waiting('CrashLoopBackOff', 4), lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: '2026-12-01T09:59:50Z' } } }],
        [waiting('PodInitializing')],
      ),
      { ready: '0/1', status: 'Init:CrashLoopBackOff', restarts: '4 (10s ago)' },
    ],
    [
      'all done, the app containers not started: PodInitializing',
      withInits([done, done], [waiting('PodInitializing')], { conditions: initialized }),
      { ready: '0/1', status: 'PodInitializing', restarts: '0' },
    ],
    [
      "all done and running: the app containers decide, the init containers' restarts are not counted",
      withInits([{ ...done, restartCount: 2 }], [running()], { phase: 'Running', conditions: initialized }),
      { ready: '1/1', status: 'Running', restarts: '0' },
    ],
  ];
  it.each(cases)('%s', (_name, p, want) => {
    expect(printPod(p, NOW)).toEqual(want);
  });
});
