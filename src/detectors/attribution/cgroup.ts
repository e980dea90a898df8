// Whose cgroup is it? By default a cgroup path belongs to the container group whose id is one of
// its segments (`/eci/eci-2ze8ab9t3qk0ry6zckqe/app`, `/eci.slice/eci-2ze8ab9t3qk0ry6zckqe.slice/
// cri-containerd-<id>.scope`), and the segment after it names the container (or gives its id).
// `--cgroup-pattern` replaces this with a regex whose named groups are `group` and `container`.

export interface CgroupOwner {
  group: string;
  /** A container name, or a runtime's container id (64 hex digits) to be mapped to one. */
  container: string | undefined;
}

const GROUP_SEGMENT = /(?:^|[-_.])(eci-[0-9a-z]+)(?:\.slice|\.scope)?$/;
const RUNTIME_PREFIX = /^(?:cri-containerd|containerd|docker|crio|libpod)-/;

/** A cgroup segment as the container it stands for: runtime prefix and unit suffix dropped. */
export function containerOfSegment(segment: string): string {
  return segment.replace(RUNTIME_PREFIX, '').replace(/\.(?:scope|slice)$/, '');
}

export const isContainerId = (s: string): boolean => /^[0-9a-f]{64}$/.test(s);

export function ownerByLayout(path: string): CgroupOwner | undefined {
  const segments = path.split('/');
  for (let i = 0; i < segments.length; i++) {
    const m = GROUP_SEGMENT.exec(segments[i]!);
    if (!m) continue;
    const next = segments[i + 1];
    return { group: m[1]!, container: next ? containerOfSegment(next) : undefined };
  }
  return undefined;
}

/** The owner by a user's pattern (named groups `group`, `container`). */
export function ownerByPattern(pattern: RegExp, path: string): CgroupOwner | undefined {
  const g = pattern.exec(path)?.groups;
  if (!g?.group) return undefined;
  return { group: g.group, container: g.container ? containerOfSegment(g.container) : undefined };
}

/** The cgroup path of a process from /proc/PID/cgroup: the unified (v2) one, else the memory controller's. */
export function cgroupOfProcess(content: string): string | undefined {
  let first: string | undefined;
  for (const line of content.split('\n')) {
    const m = /^\d+:([^:]*):(.*)$/.exec(line);
    if (!m) continue;
    if (m[1] === '' || m[1]!.split(',').includes('memory')) return m[2];
    first ??= m[2];
  }
  return first;
}
