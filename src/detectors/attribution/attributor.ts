// Whose event is it: the container group (and container) a matched line is about, from the
// captures its rule names, tried in order: a group id in the line, a cgroup path, a pid. A pid is
// looked up in the map file, then in what the agent remembers, then in /proc/PID/cgroup (the
// process may be gone by the time its OOM kill is read, so what was learnt is kept a while).
import { readFile } from 'node:fs/promises';
import type { Attribution } from '../rules/schema.js';
import { cgroupOfProcess, isContainerId, ownerByLayout, ownerByPattern } from './cgroup.js';
import type { Owner, WatchedMap } from './map-file.js';
import { PidCache } from './pid-cache.js';

export interface Subject {
  kind: 'Pod' | 'Node';
  name: string;
  namespace: string;
  /** The container group (undefined: the host's event). */
  group: string | undefined;
  container: string | undefined;
}

export interface AttributorOptions {
  map: WatchedMap;
  /** The group of events nothing else attributes (the agent's --group). */
  defaultGroup?: string;
  host: string;
  /** Replaces the default cgroup layout: named groups `group` and `container`. */
  cgroupPattern?: RegExp;
  /** Where /proc is (tests give their own). */
  procRoot?: string;
}

export class Attributor {
  private readonly pids = new PidCache();

  constructor(private readonly options: AttributorOptions) {}

  async subject(captures: Readonly<Record<string, string>>, how: Attribution): Promise<Subject> {
    const owner =
      (how.group && /^eci-[0-9a-z]+$/.test(captures[how.group] ?? '') ? { group: captures[how.group]!, container: undefined } : undefined) ??
      (how.cgroup && captures[how.cgroup] ? this.ofCgroup(captures[how.cgroup]!) : undefined) ??
      (how.pid && captures[how.pid] ? await this.ofPid(Number(captures[how.pid])) : undefined);
    const named = how.container ? captures[how.container] : undefined;
    return this.fixed(owner?.group, named ?? owner?.container);
  }

  /** The subject of an event whose group is known or defaulted (disk rules). */
  fixed(group: string | undefined, container: string | undefined): Subject {
    const id = group ?? this.options.defaultGroup;
    if (id === undefined) return { kind: 'Node', name: this.options.host, namespace: 'default', group: undefined, container: undefined };
    const info = this.options.map.get().groups.get(id);
    return { kind: 'Pod', name: info?.name ?? id, namespace: info?.namespace ?? 'default', group: id, container };
  }

  ofCgroup(path: string): Owner | undefined {
    const map = this.options.map.get();
    const found = this.options.cgroupPattern ? ownerByPattern(this.options.cgroupPattern, path) : ownerByLayout(path);
    const group = map.groupOfCgroup(path) ?? found?.group;
    if (group === undefined) return undefined;
    // A runtime's container id is named by the map file, wherever it sits in the path.
    for (const segment of path.split('/').reverse()) {
      const byId = map.containerIds.get(segment.replace(/^(?:cri-containerd|containerd|docker|crio|libpod)-/, '').replace(/\.scope$/, ''));
      if (byId && byId.group === group) return byId;
    }
    const container = found?.group === group && found.container && !isContainerId(found.container) ? found.container : undefined;
    return { group, container };
  }

  async ofPid(pid: number): Promise<Owner | undefined> {
    if (!Number.isSafeInteger(pid) || pid <= 0) return undefined;
    const mapped = this.options.map.get().pids.get(pid);
    if (mapped) return mapped;
    const known = this.pids.get(pid);
    if (known) return known;
    let content: string;
    try {
      content = await readFile(`${this.options.procRoot ?? '/proc'}/${pid}/cgroup`, 'utf8');
    } catch {
      return undefined;
    }
    const path = cgroupOfProcess(content);
    const owner = path === undefined ? undefined : this.ofCgroup(path);
    if (owner) this.pids.set(pid, owner);
    return owner;
  }
}
