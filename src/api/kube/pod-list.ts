// A list of pods, a page at a time: oldest first, a page ending at a pod and the next starting
// after it (by creation time and id, so a pod removed meanwhile shifts nothing). The list's
// resourceVersion is the pod feed's version when it was read: a watch from it misses nothing.
import type { ContainerGroup, Emulator } from '../../emulator/index.js';
import { KubeError } from './status.js';
import { listPods } from './pods.js';

export interface PodPage {
  groups: ContainerGroup[];
  resourceVersion: number;
  continueToken?: string;
}

interface Position {
  creationTime: number;
  id: string;
}

function encode(after: Position, listVersion: number): string {
  return Buffer.from(JSON.stringify({ v: 1, t: after.creationTime, id: after.id, rv: listVersion })).toString('base64url');
}

function decode(token: string): { after: Position; listVersion: number } {
  try {
    const t = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { v?: unknown; t?: unknown; id?: unknown; rv?: unknown };
    if (t.v === 1 && Number.isSafeInteger(t.t) && typeof t.id === 'string' && Number.isSafeInteger(t.rv)) {
      return { after: { creationTime: t.t as number, id: t.id }, listVersion: t.rv as number };
    }
  } catch {
    // not base64url JSON: the same answer as a token of the wrong shape
  }
  throw new KubeError('InvalidParameter', 'continue: the token is not one this server handed out (start the list again without it)');
}

const isAfter = (g: ContainerGroup, p: Position) => g.creationTime > p.creationTime || (g.creationTime === p.creationTime && g.id > p.id);

export function listPodPage(
  emulator: Emulator,
  account: string,
  namespace: string | undefined,
  fieldSelector: string | undefined,
  page: { limit: number; continueToken?: string },
): PodPage {
  const from = page.continueToken ? decode(page.continueToken) : undefined;
  const resourceVersion = from?.listVersion ?? emulator.podChanges.latest;
  const all = listPods(emulator, account, namespace, fieldSelector).filter((g) => !from || isAfter(g, from.after));
  if (page.limit <= 0 || all.length <= page.limit) return { groups: all, resourceVersion };
  const groups = all.slice(0, page.limit);
  return { groups, resourceVersion, continueToken: encode(groups[groups.length - 1]!, resourceVersion) };
}
