// What the agent spools and sends: one ingest report (POST /v1/ingest's item) with its
// idempotency key, and where in its source the line that raised it was (so that a restarted agent
// knows what it already spooled).
import { createHash } from 'node:crypto';
import type { IngestItem } from '../../contracts/index.js';

/**
 * An ingest item as the agent makes it: every report names its object's kind and namespace, its
 * host, its time and its key, and has one argument (the line, or what the rule took from it).
 */
export type IngestReport = IngestItem & {
  object: Required<Pick<IngestItem['object'], 'kind' | 'namespace'>>;
  args: [string];
  source: Required<NonNullable<IngestItem['source']>>;
} & Required<Pick<IngestItem, 'reportingComponent' | 'reportingInstance' | 'timestamp' | 'idempotencyKey'>>;

/** A position in a source: which file (or boot) and how far into it. */
export interface Mark {
  /** The source, as the agent names it (kmsg:/dev/kmsg, file:/var/log/messages). */
  source: string;
  /** The file's identity (dev:ino) or the boot's id: positions compare only within one epoch. */
  epoch: string;
  /** Offset just past the line, or the kernel record's sequence number. */
  position: number;
}

export interface SpoolRecord {
  report: IngestReport;
  /** Where the line that raised it ended (absent for the disk watcher and stdin). */
  mark?: Mark;
}

/**
 * A report's idempotency key: the same line of the same file (or record of the same boot), by
 * the same rule on the same host, gives the same key whenever it is read again, so neither a
 * resend nor a re-read after a restart is counted twice. The line's text is in it too, so a file
 * truncated and written again at the same offsets gives new keys.
 */
export function idempotencyKey(parts: readonly (string | number)[]): string {
  return `agent-${createHash('sha256').update(parts.join('\u0000')).digest('base64url')}`;
}
