// Log collection to SLS, configured the way ECI reads it: container environment variables
// `aliyun_logs_{logstore}` = stdout or a file path, with `aliyun_logs_{logstore}_project`,
// `_ttl` and `_shard`. Problems here do not stop the instance: it runs, without the collection,
// and the events say why.
import type { CatalogEvent } from '../../hooks.js';
import type { World } from '../world.js';
import { ev } from './event.js';
import type { ProvisionRequest } from './request.js';

const PREFIX = 'aliyun_logs_';
const OPTIONS: Record<string, (v: string) => boolean> = {
  project: (v) => /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/.test(v),
  ttl: (v) => /^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 3650,
  shard: (v) => /^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 100,
  tags: () => true,
};

interface LogConfig {
  logstore: string;
  source?: string;
  options: Record<string, string>;
}

function configs(p: ProvisionRequest, events: CatalogEvent[]): LogConfig[] {
  const byStore = new Map<string, LogConfig>();
  for (const c of p.request.containers) {
    for (const { key, value = '', fieldPath } of c.env ?? []) {
      // A variable whose value comes from a pod field configures nothing.
      if (!key.startsWith(PREFIX) || fieldPath !== undefined) continue;
      const rest = key.slice(PREFIX.length);
      const option = Object.keys(OPTIONS).find((o) => rest.endsWith(`_${o}`));
      const logstore = option ? rest.slice(0, -option.length - 1) : rest;
      const cfg = byStore.get(logstore) ?? { logstore, options: {} };
      byStore.set(logstore, cfg);
      if (option) {
        if (!OPTIONS[option]!(value)) events.push(ev('AliyunSlsConfigFormatError', key, value));
        else cfg.options[option] = value;
      } else if (!/^[a-z0-9][a-z0-9_-]{1,61}[a-z0-9]$/.test(logstore)) {
        events.push(ev('AliyunSlsConfigFormatError', key, value));
        byStore.delete(logstore);
      } else if (value !== 'stdout' && !value.startsWith('/')) {
        events.push(ev('AliyunSlsConfigFormatError', key, value));
        byStore.delete(logstore);
      } else cfg.source = value;
    }
  }
  return [...byStore.values()].filter((c) => c.source !== undefined);
}

/** The events of setting up log collection for a placed instance (none when all is well). */
export function logCollection(world: World, p: ProvisionRequest): CatalogEvent[] {
  const events: CatalogEvent[] = [];
  const wanted = configs(p, events);
  if (wanted.length === 0) return events;
  const down = world.faults.hit('sls-service-error', p.regionId);
  if (down)
    return [...events, ev('AliyunSlsError', `Create log collection config failed: ${down.detail ?? 'InternalServerError: the log service is unavailable'}`)];
  const account = world.account(p.account);
  for (const cfg of wanted) {
    const projects = (account.slsProjects ?? []).filter((x) => x.regionId === p.regionId);
    const name = cfg.options.project;
    const project = name === undefined ? projects[0] : projects.find((x) => x.name === name);
    if (!project) {
      events.push(
        ev(
          'AliyunSlsProjectInvalid',
          name === undefined
            ? `No SLS project of the account is in region ${p.regionId}; set aliyun_logs_${cfg.logstore}_project`
            : `The SLS project ${name} does not exist in region ${p.regionId}`,
        ),
      );
      continue;
    }
    const stores = project.logstores ?? [];
    if (stores.includes(cfg.logstore)) continue;
    if (stores.length + 1 > (project.logstoreQuota ?? Infinity)) {
      events.push(
        ev(
          'AliyunSlsQuotaExceed',
          `The project ${project.name} holds ${stores.length} logstores, its quota is ${project.logstoreQuota}; logstore ${cfg.logstore} cannot be created`,
        ),
      );
      continue;
    }
    world.editSpec(() => (project.logstores ??= []).push(cfg.logstore));
  }
  return events;
}
