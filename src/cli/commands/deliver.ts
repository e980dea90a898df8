// `eci-events deliver`: the account's change feed to a webhook, at least once and in order, from
// a checkpoint file (src/sinks). A client of the service like any other: it works against one
// replica or several, and several can run, each with its own webhook and checkpoint.
import { appendFileSync } from 'node:fs';
import { parseDuration } from '../../model/duration.js';
import { EVENT_TYPES } from '../../model/event.js';
import { ChangesExpiredError } from '../../store/index.js';
import type { ChangeItem, FeedPosition } from '../../sinks/change.js';
import { ensurePrivateFile } from '../../model/private-files.js';
import { CheckpointFile } from '../../sinks/checkpoint-file.js';
import { DEFAULT_MAX_ATTEMPTS, WebhookSink } from '../../sinks/webhook-sink.js';
import { UsageError, type Io } from '../io.js';
import { wholeNumber } from '../whole-number.js';
import { base, callJson, ServiceError, type ClientOptions } from './client.js';

export const DEFAULT_CHECKPOINT = 'eci-events-deliver.checkpoint';
/** A webhook that has not answered by then is counted as not having answered (and posted again). */
const WEBHOOK_TIMEOUT_MS = 10_000;

export interface DeliverOptions extends ClientOptions {
  webhook: string;
  checkpoint: string;
  deadLetter?: string;
  fromStart?: boolean;
  skipExpired?: boolean;
  type?: string;
  reason?: string;
  namespace?: string;
  minCount?: string;
  header?: string[];
  maxAttempts?: string;
  poll: string;
}

const list = (text: string | undefined) =>
  text === undefined
    ? undefined
    : text
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);

/** An optional flag's whole number: undefined when the flag is not given. */
const optionalWholeNumber = (text: string | undefined, flag: string, min: number) =>
  text === undefined ? undefined : wholeNumber(flag, text, { min, max: 999_999_999 });

function webhookUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`--webhook must be an http:// or https:// URL, got ${JSON.stringify(text)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`--webhook must be an http:// or https:// URL, got ${JSON.stringify(text)}`);
  return url;
}

function headers(lines: readonly string[]): Record<string, string> {
  return Object.fromEntries(
    lines.map((line) => {
      const m = /^([A-Za-z0-9-]+):\s*(.*)$/.exec(line);
      if (!m) throw new UsageError(`--header must be "Name: value", got ${JSON.stringify(line)}`);
      return [m[1]!.toLowerCase(), m[2]!];
    }),
  );
}

/** A page of the account's change feed; a position retention overtook is a ChangesExpiredError. */
async function readChanges(options: ClientOptions, after: FeedPosition, limit: number): Promise<ChangeItem[]> {
  try {
    const query = after === 'oldest' ? `limit=${limit}` : `after=${after}&limit=${limit}`;
    return (await callJson<{ items: ChangeItem[] }>(options, 'GET', `/v1/changes?${query}`)).items;
  } catch (err) {
    if (err instanceof ServiceError && err.code === 'ChangesExpired' && typeof after === 'number') {
      throw new ChangesExpiredError(after, Number(err.details.purgedUpTo));
    }
    throw err;
  }
}

export async function deliverCommand(options: DeliverOptions, io: Io): Promise<{ stop(): Promise<void> }> {
  const url = webhookUrl(options.webhook);
  const types = list(options.type);
  for (const t of types ?? [])
    if (!(EVENT_TYPES as readonly string[]).includes(t)) throw new UsageError(`--type takes Normal and/or Warning, got ${JSON.stringify(t)}`);
  let pollMs: number;
  try {
    pollMs = parseDuration(options.poll) / 1000;
  } catch (err) {
    throw new UsageError(`--poll: ${(err as Error).message}`);
  }
  const extraHeaders = headers(options.header ?? []);
  const checkpoint = new CheckpointFile(options.checkpoint);
  try {
    checkpoint.read();
  } catch (err) {
    throw new UsageError(`--checkpoint: ${(err as Error).message}`);
  }
  const deadLetter = options.deadLetter ?? `${options.checkpoint}.set-aside.jsonl`;
  // A wrong endpoint or key is said now, once, rather than retried for ever.
  await callJson(options, 'GET', '/v1/changes?limit=1');
  const log = (message: string) => io.err(`${new Date().toISOString()} ${message}`);

  const sink = new WebhookSink({
    source: (after, limit) => readChanges(options, after, limit),
    start: async () => {
      if (options.fromStart) return 'oldest';
      const res = await fetch(new URL('/healthz', base(options)));
      return ((await res.json()) as { latestVersion: number }).latestVersion;
    },
    deliver: async (item) => {
      const res = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'eci-events-deliver',
          // The same change posted again carries the same key: receivers drop repeats by it.
          'idempotency-key': `${item.metadata.uid}:${item.count}`,
          'x-eci-events-version': item.metadata.resourceVersion,
          'x-eci-events-change': item.change,
          ...extraHeaders,
        },
        body: JSON.stringify(item),
        signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
      });
      await res.arrayBuffer().catch(() => undefined);
      return res.status;
    },
    checkpoint,
    filter: { types, reasons: list(options.reason), namespaces: list(options.namespace), minCount: optionalWholeNumber(options.minCount, '--min-count', 1) },
    setAside: (item, why) => {
      ensurePrivateFile(deadLetter);
      appendFileSync(deadLetter, JSON.stringify({ setAsideAt: new Date().toISOString(), why, event: item }) + '\n');
    },
    // A gap has no event to keep: its record says which versions were lost, and whether delivery went on after them.
    recordGap: (gap, skipped) => {
      ensurePrivateFile(deadLetter);
      appendFileSync(
        deadLetter,
        JSON.stringify({
          setAsideAt: new Date().toISOString(),
          why: `retention removed versions ${gap.from}..${gap.to} before they were delivered`,
          lost: { fromVersion: gap.from, toVersion: gap.to },
          skipped,
        }) + '\n',
      );
    },
    skipExpired: options.skipExpired ?? false,
    log,
    pollMs,
    maxAttempts: optionalWholeNumber(options.maxAttempts, '--max-attempts', 1) ?? DEFAULT_MAX_ATTEMPTS,
  });
  const position = checkpoint.read();
  log(
    `delivering to ${url.origin}${url.pathname} from ${position === undefined ? (options.fromStart ? 'the start of the feed' : 'now on') : `version ${position}`} (checkpoint ${options.checkpoint})`,
  );
  const running = sink.run();
  running.catch((err: Error) => {
    log(`delivery stopped: ${err.message}`);
    process.exitCode = 1;
  });
  return {
    stop: async () => {
      sink.stop();
      await running.catch(() => undefined);
    },
  };
}
