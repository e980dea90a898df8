// CommitContainer and DescribeCommitContainerTask: parse by the SDK's wire names
// (CommitContainerRequest: Image.Repository, Image.Tag, AcrRegistryInfo.*, Arn.*), hand to the
// emulator's commits, render as DescribeCommitContainerTaskResponseBody reads it.
import { COMMIT_TASK_STATUSES, progress, type CommitTask, type CommitTaskStatus } from '../../../emulator/index.js';
import { toRfc3339, toRfc3339Seconds } from '../../../model/time.js';
import type { ActionContext } from '../deps.js';
import { invalid, missing } from '../../core/errors.js';
import { requireRegion } from '../region.js';
import type { OperationDoc } from './operation-doc.js';

/** MaxResults: "at most 50, default 10" (DescribeCommitContainerTask's documentation). */
export const DEFAULT_COMMIT_TASKS_PER_PAGE = 10;
export const MAX_COMMIT_TASKS_PER_PAGE = 50;
/** TaskId.N: as many as a page holds. */
const MAX_TASK_IDS = 50;
const GROUP_ID = /^eci-[a-z0-9]+$/;
const TASK_ID = /^t-[a-z0-9]+$/;
/** An ACR Enterprise Edition instance's registry, which needs AcrRegistryInfo.InstanceId. */
const ENTERPRISE_HOST = /^[^/]+\.cr\.aliyuncs\.com(?::\d+)?\//i;

export async function commitContainer(ctx: ActionContext) {
  const regionId = requireRegion(ctx);
  const { params } = ctx;
  const containerGroupId = params.str('ContainerGroupId', { required: true, max: 64 });
  if (!GROUP_ID.test(containerGroupId)) throw invalid('ContainerGroupId', `${JSON.stringify(containerGroupId)} is not a container group id (eci-...).`);
  const containerName = params.str('ContainerName', { required: true, max: 128 });
  const repository = params.str('Image.Repository', { required: true, max: 512 });
  const tag = params.str('Image.Tag', { max: 128 });
  const author = params.str('Image.Author', { max: 256 });
  const message = params.str('Image.Message', { max: 1024 });
  const instanceId = params.str('AcrRegistryInfo.InstanceId', {
    max: 64,
    pattern: /^cri-[a-z0-9]+$/,
    patternText: 'is not an ACR Enterprise Edition instance id (cri-...)',
  });
  if (ENTERPRISE_HOST.test(repository) && !instanceId) throw missing('AcrRegistryInfo.InstanceId');
  // Accepted as ECI accepts them: the model has no RAM roles and no other accounts' instances (docs/WORLD.md).
  params.str('AcrRegistryInfo.RegionId', { max: 64 });
  params.str('AcrRegistryInfo.ArnService', { max: 512 });
  params.str('AcrRegistryInfo.ArnUser', { max: 512 });
  params.str('Arn.RoleArn', { max: 512 });
  params.str('Arn.RoleType', { oneOf: ['service', 'user'] });
  const task = ctx.deps.emulator.commits.commit({
    account: ctx.caller.account,
    regionId,
    containerGroupId,
    containerName,
    repository,
    ...(tag ? { tag } : {}),
    ...(author ? { author } : {}),
    ...(message ? { message } : {}),
  });
  return { TaskId: task.id };
}

export async function describeCommitContainerTask(ctx: ActionContext) {
  const regionId = requireRegion(ctx);
  const { params } = ctx;
  const containerGroupId = params.str('ContainerGroupId', { max: 64 });
  const taskIds = params.strings('TaskId', { max: MAX_TASK_IDS, maxLength: 64 });
  taskIds.forEach((id, i) => {
    if (!TASK_ID.test(id)) throw invalid(`TaskId.${i + 1}`, `${JSON.stringify(id)} is not a commit task id (t-...).`);
  });
  // "Query by instance id or task id: give at least one of the two."
  if (!containerGroupId && !taskIds.length) throw missing('ContainerGroupId');
  const status = params.str('TaskStatus', { oneOf: COMMIT_TASK_STATUSES }) as CommitTaskStatus | undefined;
  const limit = params.int('MaxResults', { min: 1, max: MAX_COMMIT_TASKS_PER_PAGE }) ?? DEFAULT_COMMIT_TASKS_PER_PAGE;
  const token = params.str('NextToken', { max: 64 });
  const after = token === undefined ? undefined : decodeToken(token);
  const tasks = ctx.deps.emulator.commits.list(ctx.caller.account, regionId, {
    ...(containerGroupId ? { containerGroupId } : {}),
    ...(taskIds.length ? { taskIds } : {}),
    ...(status ? { status } : {}),
  });
  const start = after === undefined ? 0 : tasksAfter(tasks, after);
  const pageOf = tasks.slice(start, start + limit);
  const more = start + limit < tasks.length;
  return {
    TotalCount: tasks.length,
    MaxResults: String(limit),
    ...(more ? { NextToken: encodeToken(pageOf[pageOf.length - 1]!) } : {}),
    CommitTasks: pageOf.map(renderTask),
  };
}

function renderTask(t: CommitTask) {
  return {
    TaskId: t.id,
    TaskStatus: t.status,
    TaskProgress: progress(t),
    StatusMessage: t.statusMessage,
    ContainerName: t.containerName,
    CommitPhaseInfos: t.phases.map((p) => ({ Phase: p.phase, Status: p.status, Message: p.message, RecordTime: toRfc3339(p.recordTime) })),
    TaskCreationTime: toRfc3339Seconds(t.creationTime),
    ...(t.finishedTime !== undefined ? { TaskFinishedTime: toRfc3339Seconds(t.finishedTime) } : {}),
  };
}

// A NextToken is the position (creation order) of the last task of a page: it stays valid
// whatever ends or is forgotten between pages.
function encodeToken(t: CommitTask): string {
  return Buffer.from(`c1:${t.seq}`).toString('base64url');
}

function decodeToken(token: string): number {
  const m = /^c1:(\d{1,15})$/.exec(/^[A-Za-z0-9_-]+$/.test(token) ? Buffer.from(token, 'base64url').toString('utf8') : '');
  if (!m) throw invalid('NextToken', 'use the NextToken of a previous answer, or none for the first page.');
  return Number(m[1]);
}

function tasksAfter(newestFirst: readonly CommitTask[], seq: number): number {
  const i = newestFirst.findIndex((t) => t.seq < seq);
  return i < 0 ? newestFirst.length : i;
}

export const COMMIT_OPERATIONS: OperationDoc[] = [
  {
    action: 'CommitContainer',
    does: "Saves a running container as an image and pushes it to an ACR registry of the world: a task that resolves the base image, snapshots the container and pushes on the virtual clock; once it succeeds the image is one of the registry's images, so later pulls find it (even in a closed registry). A registry that does not answer or refuses the instance's credentials fails the task with the pull's reason.",
    doesNot:
      "RAM roles (Arn.*, AcrRegistryInfo.Arn*) and cross-account pushes: the push uses the instance's ImageRegistryCredential; what the container wrote is not modelled (the new layer is 1 MB).",
  },
  {
    action: 'DescribeCommitContainerTask',
    does: "The account's commit tasks in the region by instance or task ids and status, newest first, with each phase (PullBaseImage, CommitContainer, PushImage), its time and message, progress and MaxResults/NextToken pages.",
    doesNot: 'Finished tasks are kept 7 days of the clock, as ACS keeps Commit metadata by default; ECI does not document its own retention.',
  },
];
