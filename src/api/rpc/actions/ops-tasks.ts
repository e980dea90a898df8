// CreateInstanceOpsTask and DescribeInstanceOpsRecords: parse by the SDK's wire names (OpsType,
// OpsValue; tcpdump's OpsValue is a JSON object whose fields ECI documents), hand to the
// emulator's O&M tasks, render as DescribeInstanceOpsRecordsResponseBody reads it.
import { isIP } from 'node:net';
import { OPS_TYPES, statusAt, type OpsType, type TcpdumpSpec } from '../../../emulator/index.js';
import { toRfc3339Seconds } from '../../../model/time.js';
import type { ActionContext } from '../deps.js';
import { invalid, ApiError } from '../../core/errors.js';
import type { Params } from '../params.js';
import { requireRegion } from '../region.js';
import type { OperationDoc } from './operation-doc.js';

const GROUP_ID = /^eci-[a-z0-9]+$/;
const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;
const PROTOCOLS = ['tcp', 'udp', 'icmpv4'] as const;
const TCPDUMP_FIELDS = new Set(['Enable', 'Protocol', 'SourceIp', 'SourceCidr', 'SourcePort', 'DestIp', 'DestCidr', 'DestPort', 'IfDeviceName']);

function groupId(params: Params): string {
  const id = params.str('ContainerGroupId', { required: true, max: 64 });
  if (!GROUP_ID.test(id)) throw invalid('ContainerGroupId', `${JSON.stringify(id)} is not a container group id (eci-...).`);
  return id;
}

function opsType(params: Params, required: boolean): OpsType | undefined {
  const type = params.str('OpsType', { required, max: 64 });
  if (type === undefined) return undefined;
  // ECI's own code for a type it does not have (400 Ops.TypeNotSupport, "%s").
  if (!(OPS_TYPES as readonly string[]).includes(type))
    throw new ApiError('Ops.TypeNotSupport', `The OpsType ${JSON.stringify(type.slice(0, 64))} is not supported; use ${OPS_TYPES.join(' or ')}.`);
  return type as OpsType;
}

function cidr(field: string, value: unknown): string {
  const m = typeof value === 'string' ? CIDR.exec(value) : null;
  if (!m || m.slice(1, 5).some((o) => Number(o) > 255) || Number(m[5]) > 32)
    throw invalid('OpsValue', `${field} must be an IPv4 CIDR block such as 192.168.0.0/24.`);
  return value as string;
}

function port(field: string, value: unknown): number {
  if (!Number.isInteger(value) || (value as number) < 1 || (value as number) > 65535) throw invalid('OpsValue', `${field} must be a port from 1 to 65535.`);
  return value as number;
}

function ip(field: string, value: unknown): string {
  if (typeof value !== 'string' || isIP(value) !== 4) throw invalid('OpsValue', `${field} must be an IPv4 address.`);
  return value;
}

/** tcpdump's OpsValue: {"Enable":true, "IfDeviceName":"eth0", ...}; Enable is required. */
function tcpdump(text: string): TcpdumpSpec {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw invalid('OpsValue', 'for tcpdump it must be a JSON object such as {"Enable":true, "IfDeviceName":"eth0"}.');
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v))
    throw invalid('OpsValue', 'for tcpdump it must be a JSON object such as {"Enable":true, "IfDeviceName":"eth0"}.');
  const o = v as Record<string, unknown>;
  const unknown = Object.keys(o).find((k) => !TCPDUMP_FIELDS.has(k));
  if (unknown) throw invalid('OpsValue', `${JSON.stringify(unknown.slice(0, 64))} is not a tcpdump field (${[...TCPDUMP_FIELDS].join(', ')}).`);
  if (typeof o.Enable !== 'boolean') throw invalid('OpsValue', 'Enable (true or false) is required for tcpdump.');
  if (o.Protocol !== undefined && !(PROTOCOLS as readonly unknown[]).includes(o.Protocol))
    throw invalid('OpsValue', `Protocol must be one of ${PROTOCOLS.join(', ')}.`);
  if (o.IfDeviceName !== undefined && (typeof o.IfDeviceName !== 'string' || !/^[A-Za-z0-9_.:-]{1,15}$/.test(o.IfDeviceName)))
    throw invalid('OpsValue', 'IfDeviceName must be a network interface name such as eth0.');
  return {
    enable: o.Enable,
    ...(o.Protocol !== undefined ? { protocol: o.Protocol as TcpdumpSpec['protocol'] } : {}),
    ...(o.SourceIp !== undefined ? { sourceIp: ip('SourceIp', o.SourceIp) } : {}),
    ...(o.SourceCidr !== undefined ? { sourceCidr: cidr('SourceCidr', o.SourceCidr) } : {}),
    ...(o.SourcePort !== undefined ? { sourcePort: port('SourcePort', o.SourcePort) } : {}),
    ...(o.DestIp !== undefined ? { destIp: ip('DestIp', o.DestIp) } : {}),
    ...(o.DestCidr !== undefined ? { destCidr: cidr('DestCidr', o.DestCidr) } : {}),
    ...(o.DestPort !== undefined ? { destPort: port('DestPort', o.DestPort) } : {}),
    ...(o.IfDeviceName !== undefined ? { ifDeviceName: o.IfDeviceName as string } : {}),
  };
}

export async function createInstanceOpsTask(ctx: ActionContext) {
  const regionId = requireRegion(ctx);
  const containerGroupId = groupId(ctx.params);
  const type = opsType(ctx.params, true)!;
  const raw = ctx.params.str('OpsValue', { required: true, max: 4096 });
  let value: 'enable' | 'disable' | TcpdumpSpec;
  if (type === 'coredump') {
    if (raw !== 'enable' && raw !== 'disable') throw invalid('OpsValue', `${JSON.stringify(raw.slice(0, 64))}: for coredump it is enable or disable.`);
    value = raw;
  } else {
    value = tcpdump(raw);
  }
  const result = ctx.deps.emulator.opsTasks.create({ account: ctx.caller.account, regionId, containerGroupId, type, value });
  return { Result: result };
}

export async function describeInstanceOpsRecords(ctx: ActionContext) {
  const regionId = requireRegion(ctx);
  const containerGroupId = groupId(ctx.params);
  const type = opsType(ctx.params, false);
  const records = ctx.deps.emulator.opsTasks.list(ctx.caller.account, regionId, containerGroupId, type);
  const now = ctx.deps.clock.now();
  return {
    Records: records.map((r) => {
      const status = statusAt(r, now);
      return {
        CreateTime: toRfc3339Seconds(r.createTime),
        ExpireTime: toRfc3339Seconds(r.expireTime),
        // Capitalised, as ECI's example record reads ("OpsType": "Coredump").
        OpsType: r.type === 'coredump' ? 'Coredump' : 'Tcpdump',
        OpsStatus: status,
        ...(status === 'Success' && r.ended?.resultContent ? { ResultType: 'Oss', ResultContent: r.ended.resultContent } : {}),
      };
    }),
  };
}

export const OPS_TASK_OPERATIONS: OperationDoc[] = [
  {
    action: 'CreateInstanceOpsTask',
    does: 'coredump enable/disable and tcpdump (OpsValue a JSON object: Enable, Protocol, SourceIp/Cidr/Port, DestIp/Cidr/Port, IfDeviceName) on a living instance: a record Ready for 12 hours; coredump settings within 10 s of the last are refused (Coredump.RefrshIntervalTooShort), an unknown OpsType is Ops.TypeNotSupport.',
    doesNot:
      "No core file or capture is made: a record's ResultContent is an OSS address named by this service. Coredump.RegionNotSupport and CorePattern.UpdateFail have no cause here.",
  },
  {
    action: 'DescribeInstanceOpsRecords',
    does: "An instance's O&M records with their status on the clock: coredump Success once a container is killed by a core-dumping signal (exit 131, 132, 134, 135, 136, 139) while Ready, Closed on disable; tcpdump Success when stopped (Enable false); Expired after 12 hours untriggered.",
    doesNot: 'Records are kept while the instance is (at most 100 per instance).',
  },
];
