// CreateInstanceOpsTask and DescribeInstanceOpsRecords. coredump: while enabled (Ready, for 12
// hours), a container of the instance killed by a signal that dumps core (exit code 128 + SIGQUIT,
// SIGILL, SIGABRT, SIGBUS, SIGFPE or SIGSEGV, as the emulated command `exit 139` does) makes the
// core file: Success, with where it was saved. disable closes it (Closed). tcpdump: Enable true
// starts a capture (Ready); Enable false stops it and saves the capture (Success). Untriggered
// past its 12 hours, a record is Expired. An instance's records are one document (they are read
// and trimmed together, and go with the instance); the id counter is kept, so ids never repeat.
import type { Clock } from '../../model/clock.js';
import type { Micros } from '../../model/event.js';
import { EmulatorError } from '../errors.js';
import type { GroupRuntime } from '../runtime.js';
import { FINAL_STATUSES } from '../container-group.js';
import { ChangedDocs } from '../state/changed-docs.js';
import { statusAt, type OpsRecord, type OpsType, type TcpdumpSpec } from './ops-record.js';

const S = 1_000_000;
/** ECI's example record expires 12 hours after it was made (2024-07-22T09:27:43Z → 21:27:43Z). */
export const OPS_VALIDITY: Micros = 12 * 3600 * S;
/** coredump settings closer together than this are refused (Coredump.RefrshIntervalTooShort); ECI does not publish its interval. */
export const MIN_SETTING_INTERVAL: Micros = 10 * S;
/** Exit codes of a process killed by a signal whose default action dumps core (signal(7)): 128 + 3, 4, 6, 7, 8, 11. */
export const CORE_EXIT_CODES: ReadonlySet<number> = new Set([131, 132, 134, 135, 136, 139]);
/** Records kept per instance: the oldest go first. */
export const MAX_RECORDS_PER_GROUP = 100;

export interface OpsRequest {
  account: string;
  regionId: string;
  containerGroupId: string;
  type: OpsType;
  value: 'enable' | 'disable' | TcpdumpSpec;
}

export interface OpsTasksContext {
  clock: Clock;
  /** The account's group in the region (throws InvalidContainerGroupId.NotFound). */
  group: (account: string, id: string, regionId: string) => GroupRuntime;
}

/** An instance's O&M records (the emulator's state), oldest first; the document's id is the instance's. */
export interface OpsRecordsDoc {
  containerGroupId: string;
  records: OpsRecord[];
}

export class OpsTasks {
  private readonly records = new Map<string, OpsRecord[]>();
  private readonly changes = new ChangedDocs();
  private seq = 0;

  constructor(private readonly ctx: OpsTasksContext) {}

  /** CreateInstanceOpsTask: the Result text ECI answers with. */
  create(req: OpsRequest): string {
    const rt = this.ctx.group(req.account, req.containerGroupId, req.regionId);
    if (FINAL_STATUSES.includes(rt.group.status) || rt.group.status === 'Terminating' || rt.group.status === 'ScheduleFailed') {
      throw new EmulatorError(
        'IncorrectStatus',
        `The container group ${rt.group.id} is ${rt.group.status}; an O&M task needs an instance that is not ended.`,
        'ContainerGroupId',
      );
    }
    const now = this.ctx.clock.now();
    const list = this.observe(rt, now);
    const last = list.filter((r) => r.type === req.type).at(-1);
    const lastSet = last && Math.max(last.createTime, last.ended?.status === 'Closed' || last.ended?.status === 'Success' ? last.ended.at : last.createTime);
    if (req.type === 'coredump' && lastSet !== undefined && now - lastSet < MIN_SETTING_INTERVAL) {
      throw new EmulatorError('Coredump.RefrshIntervalTooShort', 'The time interval since last setting too short, please try again later.', 'OpsType');
    }
    const ready = last && statusAt(last, now) === 'Ready' ? last : undefined;
    const enabling = req.value === 'enable' || (typeof req.value === 'object' && req.value.enable);
    this.changes.mark(rt.group.id);
    if (ready)
      ready.ended =
        enabling || req.type === 'coredump' ? { status: 'Closed', at: now } : { status: 'Success', at: now, resultContent: this.resultUrl(rt, ready) };
    if (enabling) {
      list.push({
        id: `ops-${String(this.seq++).padStart(8, '0')}`,
        account: rt.group.account,
        containerGroupId: rt.group.id,
        type: req.type,
        value: req.value as OpsRecord['value'],
        createTime: now,
        expireTime: now + OPS_VALIDITY,
      });
      while (list.length > MAX_RECORDS_PER_GROUP) list.shift();
    }
    if (req.type === 'coredump') return 'Coredump settings has been configured successfully.';
    return enabling ? 'Tcpdump settings has been configured successfully.' : 'Tcpdump has been stopped successfully.';
  }

  /** DescribeInstanceOpsRecords: the instance's records, oldest first. */
  list(account: string, regionId: string, containerGroupId: string, type?: OpsType): OpsRecord[] {
    const rt = this.ctx.group(account, containerGroupId, regionId);
    return this.observe(rt, this.ctx.clock.now())
      .filter((r) => type === undefined || r.type === type)
      .map((r) => structuredClone(r));
  }

  /** A ready coredump record whose instance has since had a container killed by a core-dumping signal is a Success from then. */
  private observe(rt: GroupRuntime, now: Micros): OpsRecord[] {
    let list = this.records.get(rt.group.id);
    if (!list) {
      list = [];
      this.records.set(rt.group.id, list);
    }
    for (const r of list) {
      if (r.ended || r.type !== 'coredump') continue;
      const crash = rt.group.containers
        .flatMap((c) => [c.currentState, c.previousState])
        .filter(
          (s) =>
            s?.state === 'Terminated' &&
            CORE_EXIT_CODES.has(s.exitCode ?? 0) &&
            s.finishTime !== undefined &&
            s.finishTime >= r.createTime &&
            s.finishTime < Math.min(r.expireTime, now + 1),
        )
        .map((s) => s!.finishTime!)
        .sort((a, b) => a - b)[0];
      if (crash === undefined) continue;
      r.ended = { status: 'Success', at: crash, resultContent: this.resultUrl(rt, r) };
      this.changes.mark(rt.group.id);
    }
    return list;
  }

  /** Where ECI saves what a task made: an OSS object of the region (this service's naming). */
  private resultUrl(rt: GroupRuntime, r: OpsRecord): string {
    const ext = r.type === 'coredump' ? 'core' : 'pcap';
    return `https://eci-ops-${rt.group.regionId}.oss-${rt.group.regionId}.aliyuncs.com/${rt.group.id}/${r.type}/${r.id}.${ext}`;
  }

  /** Forgets an instance's records when the instance is forgotten. */
  forget(groupId: string): void {
    if (this.records.delete(groupId)) this.changes.drop(groupId);
  }

  /** The documents of the instances whose records changed since the last call, the ids of those gone, and the id counter. */
  changedDocs(): { docs: Array<{ id: string; body: OpsRecordsDoc }>; removed: string[]; counter: number } {
    const { changed, removed } = this.changes.take();
    // An instance without records has no document: it never had one (records only go with it).
    const docs = changed.flatMap((id) => {
      const records = this.records.get(id);
      return records?.length ? [{ id, body: { containerGroupId: id, records: structuredClone(records) } }] : [];
    });
    return { docs, removed, counter: this.seq };
  }

  /** Nothing is written (an emulator without a store): the changes are not kept for later. */
  forgetChanges(): void {
    this.changes.take();
  }

  /** Takes back the stored records and the id counter. */
  restore(docs: readonly OpsRecordsDoc[], counter: number): void {
    this.seq = Math.max(this.seq, counter);
    for (const d of docs) this.records.set(d.containerGroupId, structuredClone(d.records));
  }
}
