import Table from 'cli-table3';
import { UsageError, type Io } from '../io.js';
import { callAction, type ClientOptions } from './client.js';

export interface OpsOptions extends ClientOptions {
  region: string;
  type?: string;
  value?: string;
  json?: boolean;
}

interface OpsRecord {
  CreateTime: string;
  ExpireTime: string;
  OpsType: string;
  OpsStatus: string;
  ResultType?: string;
  ResultContent?: string;
}

/** O&M tasks through the OpenAPI: create GROUP --type T --value V (CreateInstanceOpsTask), list GROUP (DescribeInstanceOpsRecords). */
export async function opsCommand(verb: string, group: string | undefined, options: OpsOptions, io: Io): Promise<void> {
  if (!group) throw new UsageError(`ops ${verb} needs a group id`);
  const base = { RegionId: options.region, ContainerGroupId: group };
  if (verb === 'create') {
    if (!options.type || !options.value) throw new UsageError("ops create needs --type coredump|tcpdump and --value (enable, disable, or tcpdump's JSON)");
    const { Result } = await callAction<{ Result: string }>(options, 'CreateInstanceOpsTask', { ...base, OpsType: options.type, OpsValue: options.value });
    return io.out(Result);
  }
  if (verb === 'list') {
    const { Records } = await callAction<{ Records: OpsRecord[] }>(options, 'DescribeInstanceOpsRecords', { ...base, OpsType: options.type });
    if (options.json) return io.out(JSON.stringify(Records, null, 2));
    if (Records.length === 0) return io.err('No O&M records found.');
    const table = new Table({ head: ['Type', 'Status', 'Created', 'Expires', 'Result'], style: { head: [], border: [], compact: true } });
    for (const r of Records) table.push([r.OpsType, r.OpsStatus, r.CreateTime, r.ExpireTime, r.ResultContent ?? '']);
    return io.out(table.toString());
  }
  throw new UsageError(`unknown ops command ${JSON.stringify(verb)}: use create or list`);
}
