// Where a commit goes: Image.Repository (an ACR registry and a repository, no tag) and Image.Tag,
// checked as distribution/reference parses them, before any task exists.
import { invalid } from '../errors.js';
import { parseReference, registryHost } from '../images/index.js';
import type { CommitTask } from './commit-task.js';
import type { CommitRequest } from './commits.js';

/** ACR Personal Edition (registry[-vpc|-intl].<region>.aliyuncs.com) and Enterprise Edition (<instance>-registry[-vpc].<region>.cr.aliyuncs.com). */
const ACR_HOST = /^(?:registry(?:-vpc|-intl)?\.[a-z0-9-]+\.aliyuncs\.com|[a-z0-9-]+-registry(?:-vpc)?\.[a-z0-9-]+\.cr\.aliyuncs\.com)$/i;

/** The task's target; throws InvalidParameter naming Image.Repository or Image.Tag. */
export function commitTarget(req: Pick<CommitRequest, 'repository' | 'tag'>, baseTag: string): CommitTask['target'] {
  const tag = req.tag ?? baseTag;
  const repo = parseReference(req.repository);
  if (!repo.ok) throw invalid('Image.Repository', req.repository, repo.reason);
  const lastPart = req.repository.slice(req.repository.lastIndexOf('/') + 1);
  if (lastPart.includes(':') || req.repository.includes('@') || !req.repository.includes('/')) {
    throw invalid(
      'Image.Repository',
      req.repository,
      'give the registry and the repository without a tag, e.g. registry.cn-hangzhou.aliyuncs.com/team/app (the tag is Image.Tag)',
    );
  }
  const parsed = parseReference(`${req.repository}:${tag}`);
  if (!parsed.ok) throw invalid('Image.Tag', tag, parsed.reason);
  const ref = parsed.ref;
  if (!req.repository.startsWith(`${ref.registry}/`)) {
    throw invalid(
      'Image.Repository',
      req.repository,
      'give the registry and the repository without a tag, e.g. registry.cn-hangzhou.aliyuncs.com/team/app (the tag is Image.Tag)',
    );
  }
  // "For security reasons, images can only be pushed to ACR" (CommitContainer's documentation).
  if (!ACR_HOST.test(registryHost(ref.registry)))
    throw invalid(
      'Image.Repository',
      req.repository,
      `${ref.registry} is not a Container Registry (ACR) registry; for security reasons images can only be pushed to ACR`,
    );
  return { registry: ref.registry, repository: ref.repository, tag, canonical: ref.canonical };
}
