// DescribeContainerGroupMetric and DescribeMultiContainerGroupMetric: the modelled usage of a
// group's containers over the service's clock (emulator/metrics), at the instants ECI's rules
// give (metrics/window.ts). Read only.
import { groupNotFound, metricInstants, sampleGroup } from '../../../emulator/index.js';
import type { Micros } from '../../../model/event.js';
import { fromRfc3339 } from '../../../model/time.js';
import type { ActionContext } from '../deps.js';
import { invalid, missing } from '../../core/errors.js';
import type { Params } from '../params.js';
import { requireRegion } from '../region.js';
import { renderMetricRecord } from '../render-metric.js';
import type { OperationDoc } from './operation-doc.js';

/** ContainerGroupIds: "You can specify up to 20 instance IDs at a time." */
const MAX_MULTI_GROUPS = 20;
/** MetricType: "Set the value to summary." */
const METRIC_TYPES = ['summary'];
/** DescribeMultiContainerGroupMetric returns the latest record, at the latest whole 15 s. */
const LATEST_STEP_MICROS = 15_000_000;

function time(params: Params, name: string): Micros | undefined {
  const text = params.str(name, { max: 64 });
  if (text === undefined) return undefined;
  try {
    return fromRfc3339(text);
  } catch {
    throw invalid(name, `${JSON.stringify(text)} is not an RFC 3339 time such as 2019-03-12T01:00:00.000Z.`);
  }
}

export async function describeContainerGroupMetric(ctx: ActionContext) {
  const regionId = requireRegion(ctx);
  const { params } = ctx;
  const id = params.str('ContainerGroupId', { required: true, max: 64 });
  const start = time(params, 'StartTime');
  const end = time(params, 'EndTime');
  // With neither time, ECI ignores Period; otherwise it must be a whole number of seconds.
  const period = start === undefined && end === undefined ? undefined : params.int('Period', { min: 1, max: 86_400 });
  const instants = metricInstants({
    now: ctx.deps.clock.now(),
    ...(start !== undefined ? { start } : {}),
    ...(end !== undefined ? { end } : {}),
    ...(period !== undefined ? { period } : {}),
  });
  const g = ctx.deps.emulator.get(ctx.caller.account, id, regionId);
  if (!g) throw groupNotFound(id);
  // No record before the instance existed.
  const records = instants.filter((t) => t >= g.creationTime).map((t) => renderMetricRecord(sampleGroup(g, t)));
  return { ContainerGroupId: g.id, Records: records };
}

export async function describeMultiContainerGroupMetric(ctx: ActionContext) {
  const regionId = requireRegion(ctx);
  const { params } = ctx;
  if (!params.str('ContainerGroupIds')) throw missing('ContainerGroupIds');
  const ids = params.jsonStrings('ContainerGroupIds', { max: MAX_MULTI_GROUPS });
  if (!ids || ids.length === 0) throw invalid('ContainerGroupIds', 'give a JSON array of 1 to 20 instance ids, such as ["eci-a","eci-b"].');
  params.str('MetricType', { max: 32, oneOf: METRIC_TYPES });
  const resourceGroupId = params.str('ResourceGroupId', { max: 64 });
  const now = ctx.deps.clock.now();
  const at = Math.floor(now / LATEST_STEP_MICROS) * LATEST_STEP_MICROS;
  const monitorDatas = [];
  for (const id of new Set(ids)) {
    // Ids the account has no instance under (or not in the resource group) are left out, as DescribeContainerGroups leaves them out.
    const g = ctx.deps.emulator.get(ctx.caller.account, id, regionId);
    if (!g || (resourceGroupId !== undefined && g.resourceGroupId !== resourceGroupId)) continue;
    monitorDatas.push({ ContainerGroupId: g.id, Records: at >= g.creationTime ? [renderMetricRecord(sampleGroup(g, at))] : [] });
  }
  return { MonitorDatas: monitorDatas };
}

export const METRICS_OPERATIONS: OperationDoc[] = [
  {
    action: 'DescribeContainerGroupMetric',
    does: "Records at whole multiples of Period between StartTime and EndTime (ECI's defaults, the 15/30/60/600 s periods, 30 days, 50 records), each container's CPU and memory from a load model over its runs (zero when not running), the group's totals, eth0 traffic and vda IO.",
    doesNot:
      "No Filesystem entries; runs before a container's previous one are not kept (the kubelet's lastState); no real-time/historical split: any instant up to now is answered.",
  },
  {
    action: 'DescribeMultiContainerGroupMetric',
    does: 'The latest record (the last whole 15 s) of each listed instance of the account (up to 20, ResourceGroupId filter), from the same model.',
    doesNot: 'Ids the account does not have are left out, not refused.',
  },
];
