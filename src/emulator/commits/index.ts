// Committing containers to images (CommitContainer, DescribeCommitContainerTask).
export {
  Commits,
  COMMIT_TIMER,
  SNAPSHOT_TIME,
  COMMITTED_LAYER_MB,
  TASK_RETENTION,
  type CommitFilter,
  type CommitRequest,
  type CommitStep,
  type CommitTaskDoc,
} from './commits.js';
export { COMMIT_PHASES, COMMIT_TASK_STATUSES, progress, type CommitTask, type CommitTaskStatus, type CommitPhaseInfo } from './commit-task.js';
