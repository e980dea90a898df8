// A container group's document: the group as DescribeContainerGroups shows it plus everything its
// runtime (runtime.ts) keeps, field by field. A field added to GroupRuntime without a line here
// fails group-doc.test.ts, whose round trip walks a group through its lifecycle.
import type { CrashLoopState } from '../crash-loop.js';
import type { ContainerGroup } from '../container-group.js';
import { ContainerLog, type LogRunDoc } from '../container-log.js';
import type { CacheInUse } from '../image-cache-use.js';
import type { PullBackoff } from '../image-pulls.js';
import type { PullCredential } from '../images/index.js';
import type { VolumeRequest } from '../requests.js';
import { GroupRuntime } from '../runtime.js';
import type { Convergence } from '../steps.js';
import type { ProvisionRequest } from '../world/causes/request.js';
import type { TimerTable } from './timers.js';

export interface GroupDoc {
  group: ContainerGroup;
  seq: number;
  placed: boolean;
  starting: boolean;
  provision?: ProvisionRequest;
  reclaiming: boolean;
  attempts: number;
  pulled: string[];
  layers: string[];
  pullBackoffs: Array<[string, PullBackoff]>;
  credentials: PullCredential[];
  volumes: VolumeRequest[];
  imageCache?: CacheInUse;
  clientToken?: string;
  dataCacheJob?: string;
  everStarted: string[];
  ephemeralStorageGiB: number;
  crashLoops: Record<string, CrashLoopState>;
  init?: Convergence;
  sequence: string[];
  perContainer: Array<[string, string]>;
  logs: Array<[string, { current?: LogRunDoc; previous?: LogRunDoc }]>;
  writes: Array<[string, string[]]>;
  shortage?: string;
}

/** The runtime's fields that are not part of its document: the timer table it schedules on. */
export const GROUP_RUNTIME_TRANSIENT: readonly string[] = ['timers'];

/** Every field of GroupDoc: a runtime field missing here fails group-doc.test.ts. */
export const GROUP_DOC_FIELDS: readonly (keyof GroupDoc)[] = [
  'group',
  'seq',
  'placed',
  'starting',
  'provision',
  'reclaiming',
  'attempts',
  'pulled',
  'layers',
  'pullBackoffs',
  'credentials',
  'volumes',
  'imageCache',
  'clientToken',
  'dataCacheJob',
  'everStarted',
  'ephemeralStorageGiB',
  'crashLoops',
  'init',
  'sequence',
  'perContainer',
  'logs',
  'writes',
  'shortage',
];

/** A view of the runtime as its document, to serialize at once (not a copy: this runs at the end of every turn). */
export function groupToDoc(rt: GroupRuntime): GroupDoc {
  return {
    group: rt.group,
    seq: rt.seq,
    placed: rt.placed,
    starting: rt.starting,
    ...(rt.provision ? { provision: rt.provision } : {}),
    reclaiming: rt.reclaiming,
    attempts: rt.attempts,
    pulled: [...rt.pulled],
    layers: [...rt.layers],
    pullBackoffs: [...rt.pullBackoffs],
    credentials: rt.credentials,
    volumes: rt.volumes,
    ...(rt.imageCache ? { imageCache: rt.imageCache } : {}),
    ...(rt.clientToken !== undefined ? { clientToken: rt.clientToken } : {}),
    ...(rt.dataCacheJob !== undefined ? { dataCacheJob: rt.dataCacheJob } : {}),
    everStarted: [...rt.everStarted],
    ephemeralStorageGiB: rt.ephemeralStorageGiB,
    crashLoops: rt.crashLoops,
    ...(rt.init ? { init: rt.init } : {}),
    sequence: [...rt.sequence],
    perContainer: [...rt.perContainer],
    logs: [...rt.logs].map(([name, log]): [string, { current?: LogRunDoc; previous?: LogRunDoc }] => [name, log.toDoc()]),
    writes: [...rt.writes].map(([name, ids]): [string, string[]] => [name, [...ids]]),
    ...(rt.shortage !== undefined ? { shortage: rt.shortage } : {}),
  };
}

export function groupFromDoc(doc: GroupDoc, timers: TimerTable): GroupRuntime {
  const d = structuredClone(doc);
  const rt = new GroupRuntime(timers, d.group, d.seq);
  rt.placed = d.placed;
  rt.starting = d.starting;
  if (d.provision) rt.provision = d.provision;
  rt.reclaiming = d.reclaiming;
  rt.attempts = d.attempts;
  for (const x of d.pulled) rt.pulled.add(x);
  for (const x of d.layers) rt.layers.add(x);
  for (const [k, v] of d.pullBackoffs) rt.pullBackoffs.set(k, v);
  rt.credentials = d.credentials;
  rt.volumes = d.volumes;
  if (d.imageCache) rt.imageCache = d.imageCache;
  if (d.clientToken !== undefined) rt.clientToken = d.clientToken;
  if (d.dataCacheJob !== undefined) rt.dataCacheJob = d.dataCacheJob;
  for (const x of d.everStarted) rt.everStarted.add(x);
  rt.ephemeralStorageGiB = d.ephemeralStorageGiB;
  rt.crashLoops = d.crashLoops;
  if (d.init) rt.init = d.init;
  for (const x of d.sequence) rt.sequence.add(x);
  for (const [k, v] of d.perContainer) rt.perContainer.set(k, v);
  for (const [k, v] of d.logs) rt.logs.set(k, ContainerLog.fromDoc(v));
  for (const [k, v] of d.writes) rt.writes.set(k, new Set(v));
  if (d.shortage !== undefined) rt.shortage = d.shortage;
  return rt;
}
