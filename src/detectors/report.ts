// From an occurrence and its subject to the report the ingest API takes.
import type { EventType, Micros } from '../model/event.js';
import { MAX_MESSAGE_LENGTH } from '../model/limits.js';
import { storableText, truncateText } from '../model/text.js';
import { toRfc3339 } from '../model/time.js';
import type { Subject } from './attribution/attributor.js';
import type { IngestReport } from './delivery/record.js';

/** The reporting component of every report the agent makes. */
export const AGENT_COMPONENT = 'eci-events-agent';

export interface ReportParts {
  reason: string;
  type: EventType | undefined;
  component: string;
  message: string;
  time: Micros;
  subject: Subject;
  host: string;
  key: string;
}

export function buildReport(p: ReportParts): IngestReport {
  const s = p.subject;
  return {
    object:
      s.kind === 'Pod'
        ? { kind: 'Pod', name: s.name, namespace: s.namespace, uid: s.group!, ...(s.container ? { fieldPath: `spec.containers{${s.container}}` } : {}) }
        : { kind: 'Node', name: s.name, namespace: s.namespace },
    reason: p.reason,
    // The service refuses longer messages (a kernel line that long has said what matters by then)
    // and text no store can hold (a NUL in a log file), which would drop the whole report.
    args: [truncateText(storableText(p.message), MAX_MESSAGE_LENGTH)],
    ...(p.type ? { type: p.type } : {}),
    source: { component: p.component, host: p.host },
    ...(s.group ? { containerGroupId: s.group } : {}),
    reportingComponent: AGENT_COMPONENT,
    reportingInstance: p.host,
    timestamp: toRfc3339(p.time),
    idempotencyKey: p.key,
  };
}
