import Table from 'cli-table3';
import type { FaultAnswer, FaultKindsAnswer, FaultsAnswer } from '../../contracts/index.js';
import { UsageError, type Io } from '../io.js';
import { callJson, type ClientOptions } from './client.js';
import { wholeNumber } from '../whole-number.js';

export interface FaultOptions extends ClientOptions {
  count?: string;
  /** --for: how long the fault lasts. */
  for?: string;
  /** --in: host-maintenance, how long until the forced restart. */
  in?: string;
  detail?: string;
  /** --factor: registry-slow, how many times slower. */
  factor?: string;
  json?: boolean;
}

function table(head: string[]): Table.Table {
  return new Table({ head, style: { head: [], border: [], compact: true }, wordWrap: true });
}

/** Faults of the emulator's infrastructure: the kinds there are, inject one, list them, clear one. */
export async function faultCommand(verb: string, args: string[], options: FaultOptions, io: Io): Promise<void> {
  if (verb === 'kinds') {
    const { kinds } = await callJson<FaultKindsAnswer>(options, 'GET', '/v1/faults/kinds');
    if (options.json) return io.out(JSON.stringify(kinds, null, 2));
    const t = table(['Kind', 'Target', 'What happens']);
    for (const k of kinds) t.push([k.kind, k.target, k.about]);
    return io.out(t.toString());
  }
  if (verb === 'inject') {
    const [kind, target] = args;
    if (!kind || !target)
      throw new UsageError('fault inject needs a kind and a target: eci-events fault inject host-failure h-1 (`eci-events fault kinds` lists them)');
    const body = {
      kind,
      target,
      ...(options.count !== undefined ? { count: wholeNumber('--count', options.count, { min: 1 }) } : {}),
      ...(options.for !== undefined ? { duration: options.for } : {}),
      ...(options.in !== undefined ? { deadline: options.in } : {}),
      ...(options.detail !== undefined ? { detail: options.detail } : {}),
      ...(options.factor !== undefined ? { factor: wholeNumber('--factor', options.factor, { min: 1 }) } : {}),
    };
    const { fault } = await callJson<FaultAnswer>(options, 'POST', '/v1/faults', body);
    return io.out(fault.id);
  }
  if (verb === 'list') {
    const { faults } = await callJson<FaultsAnswer>(options, 'GET', '/v1/faults');
    if (options.json) return io.out(JSON.stringify(faults, null, 2));
    if (faults.length === 0) return io.err('No faults in force.');
    const t = table(['Id', 'Kind', 'Target', 'Hits', 'Injected', 'Ends', 'Detail']);
    for (const f of faults)
      t.push([
        f.id,
        f.kind,
        f.target,
        f.count !== undefined ? `${f.hits}/${f.count}` : String(f.hits),
        f.injectedAt,
        f.endsAt ?? 'when cleared',
        f.detail ?? '',
      ]);
    return io.out(t.toString());
  }
  if (verb === 'clear') {
    const [id] = args;
    if (!id) throw new UsageError('fault clear needs a fault id (`eci-events fault list` shows them)');
    const { fault } = await callJson<FaultAnswer>(options, 'DELETE', `/v1/faults/${encodeURIComponent(id)}`);
    return io.out(`cleared ${fault.id} (${fault.kind} on ${fault.target})`);
  }
  throw new UsageError(`unknown fault command ${JSON.stringify(verb)}: use kinds, inject KIND TARGET, list or clear ID`);
}
