import type { Io } from '../io.js';
import { UsageError } from '../io.js';
import type { IngestAnswer, IngestItem, IngestRequest } from '../../contracts/index.js';
import { callJson, type ClientOptions } from './client.js';

export interface ReportCommandOptions extends ClientOptions {
  name: string;
  namespace?: string;
  kind?: string;
  uid?: string;
  groupId?: string;
  type?: string;
  source?: string;
  host?: string;
}

/** Reports one event to a running service through its ingest endpoint. */
export async function reportCommand(reason: string, args: string[], options: ReportCommandOptions, io: Io): Promise<void> {
  // The whole stored event (its name and message are printed), not the default acknowledgement.
  const request: IngestRequest = {
    reports: [
      {
        object: { name: options.name, namespace: options.namespace, kind: options.kind, uid: options.uid },
        reason,
        args,
        // As typed: the service's refusal names the types there are.
        type: options.type as IngestItem['type'],
        containerGroupId: options.groupId,
        source: options.source || options.host ? { component: options.source ?? 'EciService', host: options.host } : undefined,
      },
    ],
  };
  const answer = await callJson<IngestAnswer>(options, 'POST', '/v1/ingest?answer=event', request);
  const result = answer.results[0]!;
  if (!result.ok) throw new UsageError(`refused (${result.error!.code}): ${result.error!.message}`);
  io.out(`${result.event!.metadata.name} count=${result.event!.count} ${result.event!.message}`);
}
