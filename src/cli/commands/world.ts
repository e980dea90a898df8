import { readFile } from 'node:fs/promises';
import Table from 'cli-table3';
import { parse, stringify } from 'yaml';
import type { WorldSpec } from '../../emulator/index.js';
import { UsageError, type Io } from '../io.js';
import { callJson, type ClientOptions } from './client.js';
import { hostRows, type WorldState } from './world-hosts.js';
import { wholeNumber } from '../whole-number.js';
import { balancePatch, spotPricePatch, stockPatch, zoneStatePatch, type WorldPatch } from './world-patch.js';

export interface WorldOptions extends ClientOptions {
  json?: boolean;
  zone?: string;
  type?: string;
  state?: string;
  account?: string;
  count?: string;
}

export const WORLD_VERBS = ['show', 'apply', 'stock', 'zone', 'balance', 'spot-price', 'host-list', 'reclaim'] as const;

/** A world file (YAML or JSON) as the partial world it is; the service checks its content. */
async function readPatch(file: string | undefined): Promise<unknown> {
  if (!file) throw new UsageError('world apply needs a file: eci-events world apply FILE (YAML or JSON, a partial world)');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${file}: ${(err as Error).message}`);
  }
  try {
    return parse(text, { uniqueKeys: true }) ?? {};
  } catch (err) {
    throw new UsageError(`${file} is not YAML or JSON: ${(err as Error).message}`);
  }
}

async function change(options: WorldOptions, io: Io, build: (world: WorldSpec) => WorldPatch): Promise<void> {
  const { world } = await callJson<WorldState>(options, 'GET', '/v1/world');
  const { patch, summary, note } = build(world);
  await callJson(options, 'POST', '/v1/world', patch);
  if (note) io.err(`note: ${note}`);
  io.out(summary);
}

function printHosts(state: WorldState, options: WorldOptions, io: Io): void {
  const rows = hostRows(state);
  if (options.json) return io.out(JSON.stringify(rows, null, 2));
  const table = new Table({ head: ['Host', 'Zone', 'vCPU used', 'Health', 'Faults', 'Container groups'], style: { head: [], border: [], compact: true } });
  for (const r of rows) table.push([r.hostId, r.zoneId, `${r.vcpuUsed}/${r.vcpu}`, r.health, r.faults.join(', '), r.containerGroupIds.join(', ')]);
  io.out(table.toString());
}

/**
 * The emulator's world at run time: show it, apply a partial world, or change one thing with a
 * convenience verb (each builds the patch `apply` would send); list hosts; reclaim spot instances.
 */
export async function worldCommand(verb: string, args: string[], options: WorldOptions, io: Io): Promise<void> {
  const [first] = args;
  switch (verb) {
    case 'show': {
      const { world } = await callJson<WorldState>(options, 'GET', '/v1/world');
      return io.out(options.json ? JSON.stringify(world, null, 2) : stringify(world));
    }
    case 'apply': {
      const patch = await readPatch(first);
      await callJson(options, 'POST', '/v1/world', patch);
      return io.out(`applied ${first}`);
    }
    case 'stock':
      return change(options, io, (w) => stockPatch(w, options.zone, options.type, first));
    case 'zone':
      return change(options, io, (w) => zoneStatePatch(w, first ?? options.zone, options.state));
    case 'balance':
      return change(options, io, () => balancePatch(options.account ?? 'default', first));
    case 'spot-price':
      return change(options, io, (w) => spotPricePatch(w, options.zone, options.type, first));
    case 'host-list':
      return printHosts(await callJson<WorldState>(options, 'GET', '/v1/world'), options, io);
    case 'reclaim': {
      if (!options.zone) throw new UsageError('world reclaim needs --zone ZONE_ID');
      const body = {
        zoneId: options.zone,
        ...(options.type ? { instanceType: options.type } : {}),
        ...(options.count !== undefined ? { count: wholeNumber('--count', options.count, { min: 1 }) } : {}),
      };
      const { containerGroupIds } = await callJson<{ containerGroupIds: string[] }>(options, 'POST', '/v1/spot/reclaim', body);
      if (containerGroupIds.length === 0) return io.err(`No spot instance to reclaim in ${options.zone}.`);
      return io.out(containerGroupIds.join('\n'));
    }
    default:
      throw new UsageError(`unknown world command ${JSON.stringify(verb)}: use ${WORLD_VERBS.join(', ')}`);
  }
}
