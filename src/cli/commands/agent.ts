// `eci-events agent`: the host agent. Loads the rule files (a bad one stops it here, every
// problem listed), opens the spool, and sends reports to POST /v1/ingest signed as the SDK signs.
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { API_VERSION } from '../../api/api-version.js';
import { signV3 } from '../../api/core/signature.js';
import { catalog } from '../../catalog/index.js';
import { Agent } from '../../detectors/agent.js';
import type { IngestReport } from '../../detectors/delivery/record.js';
import type { PostAnswer } from '../../detectors/delivery/sender.js';
import { DEFAULT_SPOOL_MAX_BYTES } from '../../detectors/delivery/spool.js';
import { loadRuleDir, RuleLoadError } from '../../detectors/rules/load.js';
import type { Io } from '../io.js';
import { UsageError } from '../io.js';
import { base, type ClientOptions } from './client.js';

export const DEFAULT_SPOOL_DIR = 'eci-events-agent-spool';
/** A request that has not been answered by then is sent again (its keys make that safe). */
const REQUEST_TIMEOUT_MS = 30_000;

export interface AgentCommandOptions extends ClientOptions {
  rules: string;
  spool?: string;
  spoolMaxBytes?: string;
  group?: string;
  map?: string;
  kmsg?: string;
  host?: string;
  cgroupPattern?: string;
  proc?: string;
}

const UNITS: Record<string, number> = { '': 1, k: 2 ** 10, m: 2 ** 20, g: 2 ** 30 };

/** "67108864", "64MiB", "64M", "512k". */
export function parseBytes(text: string): number {
  const m = /^(\d+)\s*([kmg]?)(?:i?b)?$/i.exec(text.trim());
  const n = m ? Number(m[1]) * UNITS[m[2]!.toLowerCase()]! : NaN;
  if (!Number.isSafeInteger(n) || n < 4096)
    throw new UsageError(`--spool-max-bytes must be a size of at least 4096 bytes (e.g. 67108864 or 64MiB), got ${JSON.stringify(text)}`);
  return n;
}

function poster(options: ClientOptions) {
  const url = new URL('/v1/ingest', base(options));
  return async (reports: readonly IngestReport[]): Promise<PostAnswer> => {
    const body = JSON.stringify({ reports });
    const headers = signV3(
      { method: 'POST', host: url.host, path: url.pathname, query: {}, body, action: 'Ingest', version: API_VERSION, contentType: 'application/json' },
      options.accessKeyId!,
      options.accessKeySecret!,
    );
    const res = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    return { status: res.status, body: await res.json().catch(() => undefined) };
  };
}

export async function agentCommand(options: AgentCommandOptions, io: Io): Promise<{ stop(): Promise<void> }> {
  const post = poster(options);
  let rules;
  try {
    rules = loadRuleDir(options.rules, catalog);
  } catch (err) {
    if (err instanceof RuleLoadError) throw new UsageError(`the rules in ${options.rules} cannot be used:\n${err.problems.map((p) => `  - ${p}`).join('\n')}`);
    throw err;
  }
  if (options.group !== undefined && !/^eci-[0-9a-z]+$/.test(options.group))
    throw new UsageError(`--group must be a container group id (eci-...), got ${JSON.stringify(options.group)}`);
  let cgroupPattern: RegExp | undefined;
  if (options.cgroupPattern !== undefined) {
    try {
      cgroupPattern = new RegExp(options.cgroupPattern);
    } catch (err) {
      throw new UsageError(`--cgroup-pattern: ${(err as Error).message}`);
    }
    if (!/\(\?<group>/.test(options.cgroupPattern)) throw new UsageError('--cgroup-pattern needs a named group (?<group>...) for the container group id');
  }
  const log = (message: string) => io.err(`${new Date().toISOString()} eci-events agent: ${message}`);
  const spoolDir = resolve(options.spool ?? DEFAULT_SPOOL_DIR);
  let agent: Agent;
  try {
    agent = await Agent.start({
      rules,
      post,
      log,
      spoolDir,
      spoolMaxBytes: options.spoolMaxBytes === undefined ? DEFAULT_SPOOL_MAX_BYTES : parseBytes(options.spoolMaxBytes),
      host: options.host ?? hostname(),
      defaultGroup: options.group,
      mapFile: options.map,
      kmsgPath: options.kmsg,
      cgroupPattern,
      procRoot: options.proc,
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const ruleCount = rules.reduce((n, f) => n + f.rules.length, 0);
  log(
    `started: ${ruleCount} rules from ${rules.length} files in ${options.rules}; watching ${agent.sources.join(', ')}; ` +
      `spool ${spoolDir} (${agent.spool.recoveredRecords} reports waiting); reporting to ${base(options).origin}`,
  );
  return { stop: () => agent.stop() };
}
