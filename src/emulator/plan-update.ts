// Domain checks of an UpdateRequest, before any change: which containers change and how.
import type { ContainerGroup, RestartPolicy, Tag } from './container-group.js';
import { checkScript } from './plan-create.js';
import { invalid } from './errors.js';
import type { UpdateRequest } from './requests.js';
import { checkTags } from './tags.js';

export interface UpdatePlan {
  tags?: Tag[];
  restartPolicy?: RestartPolicy;
  /** New image, commands and args of each container that changes. */
  containers: Map<string, { image: string; commands: string[]; args: string[] }>;
}

const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

export function planUpdate(group: ContainerGroup, req: UpdateRequest): UpdatePlan {
  const plan: UpdatePlan = { containers: new Map() };
  if (req.tags !== undefined) plan.tags = checkTags(req.tags);
  // A choice of the type's: UpdateContainerGroup's parser refused any other.
  if (req.restartPolicy !== undefined) plan.restartPolicy = req.restartPolicy;
  const seen = new Set<string>();
  (req.containers ?? []).forEach((u, i) => {
    const n = i + 1;
    const current = group.containers.find((c) => c.name === u.name);
    if (!current)
      throw invalid(`Container.${n}.Name`, u.name, `the container group has no such container (it has ${group.containers.map((c) => c.name).join(', ')})`);
    if (seen.has(u.name)) throw invalid(`Container.${n}.Name`, u.name, 'the container is listed twice');
    seen.add(u.name);
    if (u.image !== undefined && u.image === '') throw invalid(`Container.${n}.Image`, u.image, 'an image cannot be empty');
    const next = { image: u.image ?? current.image, commands: u.commands ?? current.commands, args: u.args ?? current.args };
    checkScript(n, next.commands, next.args);
    if (next.image !== current.image || !same(next.commands, current.commands) || !same(next.args, current.args)) {
      plan.containers.set(u.name, { image: next.image, commands: [...next.commands], args: [...next.args] });
    }
  });
  return plan;
}
