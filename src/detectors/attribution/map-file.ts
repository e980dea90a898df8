// The map file (`--map FILE`): what the agent cannot read from a line or a cgroup path, written
// by whatever starts the container groups on the host. It gives a group's pod name and namespace,
// the cgroup paths that belong to it, its containers' names by runtime id, and pids. The agent
// reads it again when it changes (checked at most once a second).
import { readFileSync, statSync } from 'node:fs';
import { Value } from '@sinclair/typebox/value';
import { Type, type Static } from '@sinclair/typebox';

const strict = { additionalProperties: false } as const;
const Pid = Type.Integer({ minimum: 1 });

export const MapFileSchema = Type.Object(
  {
    groups: Type.Array(
      Type.Object(
        {
          id: Type.String({ pattern: '^eci-[0-9a-z]+$' }),
          name: Type.Optional(Type.String({ minLength: 1, maxLength: 253, description: 'the pod name (default: the id)' })),
          namespace: Type.Optional(Type.String({ minLength: 1, maxLength: 253, description: 'default: default' })),
          cgroups: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { description: 'cgroup paths (and everything below them) of the group' })),
          pids: Type.Optional(Type.Array(Pid)),
          containers: Type.Optional(
            Type.Array(
              Type.Object(
                { name: Type.String({ minLength: 1, maxLength: 253 }), ids: Type.Optional(Type.Array(Type.String())), pids: Type.Optional(Type.Array(Pid)) },
                strict,
              ),
            ),
          ),
        },
        strict,
      ),
    ),
  },
  strict,
);
export type MapFile = Static<typeof MapFileSchema>;

export interface GroupInfo {
  id: string;
  name: string;
  namespace: string;
}

export interface Owner {
  group: string;
  container: string | undefined;
}

/** The map file's content, indexed for lookups. */
export class GroupMap {
  readonly groups = new Map<string, GroupInfo>();
  /** Longest first. */
  readonly cgroups: Array<[string, string]> = [];
  readonly containerIds = new Map<string, Owner>();
  readonly pids = new Map<number, Owner>();

  constructor(data: MapFile = { groups: [] }) {
    for (const g of data.groups) {
      this.groups.set(g.id, { id: g.id, name: g.name ?? g.id, namespace: g.namespace ?? 'default' });
      for (const c of g.cgroups ?? []) this.cgroups.push([c.replace(/\/+$/, ''), g.id]);
      for (const pid of g.pids ?? []) this.pids.set(pid, { group: g.id, container: undefined });
      for (const c of g.containers ?? []) {
        for (const id of c.ids ?? []) this.containerIds.set(id, { group: g.id, container: c.name });
        for (const pid of c.pids ?? []) this.pids.set(pid, { group: g.id, container: c.name });
      }
    }
    this.cgroups.sort((a, b) => b[0].length - a[0].length);
  }

  /** The group a cgroup path is under, by the file's cgroup paths. */
  groupOfCgroup(path: string): string | undefined {
    for (const [prefix, group] of this.cgroups) if (path === prefix || path.startsWith(prefix + '/')) return group;
    return undefined;
  }
}

/** Reads and checks a map file; throws with the file and every problem. */
export function readMapFile(path: string): GroupMap {
  const data: unknown = JSON.parse(readFileSync(path, 'utf8'));
  const problems = [...Value.Errors(MapFileSchema, data)].map((e) => `${e.path || '(top level)'}: ${e.message}`);
  if (problems.length) throw new Error(`${path}: ${problems.slice(0, 5).join('; ')}`);
  return new GroupMap(data as MapFile);
}

/** The map file, read again when its modification time changes. */
export class WatchedMap {
  private current: GroupMap;
  private mtime = 0;
  private checkedAt = 0;

  constructor(
    private readonly path: string | undefined,
    private readonly log: (message: string) => void = () => undefined,
  ) {
    this.current = new GroupMap();
    if (path) {
      this.current = readMapFile(path); // a bad file at start stops the agent
      this.mtime = statSync(path).mtimeMs;
    }
  }

  get(): GroupMap {
    const now = Date.now();
    if (!this.path || now - this.checkedAt < 1000) return this.current;
    this.checkedAt = now;
    try {
      const mtime = statSync(this.path).mtimeMs;
      if (mtime === this.mtime) return this.current;
      this.mtime = mtime; // a broken version is reported once, not every second
      this.current = readMapFile(this.path);
    } catch (err) {
      // A file being rewritten, or broken: keep the last good one.
      this.log(`map file not reloaded, the previous one stays in force: ${(err as Error).message}`);
    }
    return this.current;
  }
}
