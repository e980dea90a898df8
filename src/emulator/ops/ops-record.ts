// An O&M task of an instance (CreateInstanceOpsTask) as DescribeInstanceOpsRecords reads it.
// Statuses are ECI's (Ready, Failed, Expired, Closed, Success); which cause moves a record to
// each is this service's model, written in docs/WORLD.md.
import type { Micros } from '../../model/event.js';

export const OPS_TYPES = ['coredump', 'tcpdump'] as const;
export type OpsType = (typeof OPS_TYPES)[number];
export type OpsStatus = 'Ready' | 'Failed' | 'Expired' | 'Closed' | 'Success';

/** tcpdump's OpsValue, a JSON object (CreateInstanceOpsTask's documentation). */
export interface TcpdumpSpec {
  enable: boolean;
  protocol?: 'tcp' | 'udp' | 'icmpv4';
  sourceIp?: string;
  sourceCidr?: string;
  sourcePort?: number;
  destIp?: string;
  destCidr?: string;
  destPort?: number;
  ifDeviceName?: string;
}

export interface OpsRecord {
  id: string;
  account: string;
  containerGroupId: string;
  type: OpsType;
  /** What was asked: enable/disable for coredump, the parsed object for tcpdump. */
  value: 'enable' | TcpdumpSpec;
  createTime: Micros;
  expireTime: Micros;
  /** Set when the record leaves Ready; before that its status depends on the clock. */
  ended?: { status: Exclude<OpsStatus, 'Ready'>; at: Micros; resultContent?: string };
}

/** The record's status now: Ready until it ends, or until it expires untriggered. */
export function statusAt(r: OpsRecord, now: Micros): OpsStatus {
  if (r.ended) return r.ended.status;
  return now >= r.expireTime ? 'Expired' : 'Ready';
}
