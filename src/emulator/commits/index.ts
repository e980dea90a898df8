// Committing containers to images (CommitContainer, DescribeCommitContainerTask).
export { Commits, SNAPSHOT_TIME, COMMITTED_LAYER_MB, TASK_RETENTION, type CommitFilter, type CommitRequest } from './commits.js';
export { COMMIT_PHASES, COMMIT_TASK_STATUSES, progress, type CommitTask, type CommitTaskStatus, type CommitPhaseInfo } from './commit-task.js';
