// A CommitContainer task as DescribeCommitContainerTask reads it. The phases and their order are
// this service's model of `docker commit` + `docker push` on the instance: the base image is
// resolved again (PullBaseImage, the one phase ECI's documentation shows, with its message), the
// container's writable layer is snapshotted (CommitContainer), then the image is pushed
// (PushImage). docs/WORLD.md says which texts are ECI's and which are this service's.
import type { Micros } from '../../model/event.js';

export const COMMIT_TASK_STATUSES = ['Running', 'Succeeded', 'Failed'] as const;
export type CommitTaskStatus = (typeof COMMIT_TASK_STATUSES)[number];

export const COMMIT_PHASES = ['PullBaseImage', 'CommitContainer', 'PushImage'] as const;
export type CommitPhase = (typeof COMMIT_PHASES)[number];

export interface CommitPhaseInfo {
  phase: CommitPhase;
  status: 'Success' | 'Failed';
  message: string;
  recordTime: Micros;
}

export interface CommitTask {
  id: string;
  account: string;
  regionId: string;
  containerGroupId: string;
  containerName: string;
  /** Where the image goes: registry host, repository and tag (Image.Repository, Image.Tag). */
  target: { registry: string; repository: string; tag: string; canonical: string };
  author?: string;
  message?: string;
  status: CommitTaskStatus;
  statusMessage: string;
  phases: CommitPhaseInfo[];
  creationTime: Micros;
  finishedTime?: Micros;
  /** Order of creation, for newest-first pages. */
  seq: number;
}

/** "33%": the share of phases done, as TaskProgress shows it ("50%" in ECI's example). */
export function progress(task: CommitTask): string {
  if (task.status === 'Succeeded') return '100%';
  const done = task.phases.filter((p) => p.status === 'Success').length;
  return `${Math.floor((done * 100) / COMMIT_PHASES.length)}%`;
}
