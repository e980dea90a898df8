import Table from 'cli-table3';
import { UsageError, type Io } from '../io.js';
import { callAction, type ClientOptions } from './client.js';

export interface CommitsOptions extends ClientOptions {
  region: string;
  container?: string;
  repository?: string;
  tag?: string;
  acrInstance?: string;
  group?: string;
  task?: string[];
  status?: string;
  json?: boolean;
}

interface Task {
  TaskId: string;
  TaskStatus: string;
  TaskProgress: string;
  StatusMessage: string;
  ContainerName: string;
  TaskCreationTime: string;
  TaskFinishedTime?: string;
}

/** Commits through the OpenAPI: create GROUP (CommitContainer), list (DescribeCommitContainerTask, every page). */
export async function commitsCommand(verb: string, arg: string | undefined, options: CommitsOptions, io: Io): Promise<void> {
  const region = { RegionId: options.region };
  if (verb === 'create') {
    if (!arg || !options.container || !options.repository)
      throw new UsageError('commits create needs a group id, --container NAME and --repository REGISTRY/REPO');
    const { TaskId } = await callAction<{ TaskId: string }>(options, 'CommitContainer', {
      ...region,
      ContainerGroupId: arg,
      ContainerName: options.container,
      'Image.Repository': options.repository,
      'Image.Tag': options.tag,
      'AcrRegistryInfo.InstanceId': options.acrInstance,
    });
    return io.out(TaskId);
  }
  if (verb === 'list') {
    const group = arg ?? options.group;
    if (!group && !options.task?.length) throw new UsageError('commits list needs a group id or --task ID');
    const tasks: Task[] = [];
    let nextToken: string | undefined;
    do {
      const page = await callAction<{ CommitTasks: Task[]; NextToken?: string }>(options, 'DescribeCommitContainerTask', {
        ...region,
        ContainerGroupId: group,
        ...Object.fromEntries((options.task ?? []).map((id, i) => [`TaskId.${i + 1}`, id])),
        TaskStatus: options.status,
        MaxResults: '50',
        NextToken: nextToken,
      });
      tasks.push(...page.CommitTasks);
      nextToken = page.NextToken;
    } while (nextToken);
    if (options.json) return io.out(JSON.stringify(tasks, null, 2));
    if (tasks.length === 0) return io.err('No commit tasks found.');
    const table = new Table({
      head: ['Task', 'Status', 'Progress', 'Container', 'Created', 'Finished', 'Message'],
      style: { head: [], border: [], compact: true },
    });
    for (const t of tasks) table.push([t.TaskId, t.TaskStatus, t.TaskProgress, t.ContainerName, t.TaskCreationTime, t.TaskFinishedTime ?? '', t.StatusMessage]);
    return io.out(table.toString());
  }
  throw new UsageError(`unknown commits command ${JSON.stringify(verb)}: use create or list`);
}
