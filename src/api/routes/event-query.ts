// The filters GET /v1/events and GET /v1/events/histogram share, read from the query string into
// the store's terms, and the opaque cursor of the events' pages.
import type { EventType, Micros } from '../../model/event.js';
import { fromRfc3339 } from '../../model/time.js';
import type { EventCursor, EventFilter } from '../../store/index.js';
import { ApiError } from '../errors.js';

/** Reasons one request may name at most (the catalog has about a hundred). */
export const MAX_REASONS = 200;

export interface FilterParams {
  containerGroupId?: string;
  /** The involved object's kind (ImageCache, Pod...): the events of one kind of object. */
  kind?: string;
  /** The involved object's name: with kind, the events of one object (an image cache's Events tab). */
  name?: string;
  type?: EventType;
  /** Comma-separated. */
  reason?: string;
  q?: string;
  from?: string;
  to?: string;
}

/** Their JSON schema properties, for the routes' querystring schemas. */
export const filterProperties = {
  containerGroupId: { type: 'string', maxLength: 253 },
  kind: { type: 'string', minLength: 1, maxLength: 63 },
  name: { type: 'string', minLength: 1, maxLength: 253 },
  type: { type: 'string', enum: ['Normal', 'Warning'] },
  reason: { type: 'string', maxLength: 8192 },
  q: { type: 'string', maxLength: 1024 },
  from: { type: 'string', maxLength: 64 },
  to: { type: 'string', maxLength: 64 },
} as const;

export function timeParam(name: string, text: string | undefined): Micros | undefined {
  if (text === undefined) return undefined;
  try {
    return fromRfc3339(text);
  } catch (err) {
    throw new ApiError('InvalidParameter', `${name}: ${(err as Error).message}`);
  }
}

/** The store's filter for these parameters (times as given: [from, to)). */
export function eventFilter(account: string, p: FilterParams): EventFilter & { containerGroupId?: string } {
  const reasons =
    p.reason === undefined
      ? []
      : [
          ...new Set(
            p.reason
              .split(',')
              .map((r) => r.trim())
              .filter(Boolean),
          ),
        ];
  if (reasons.length > MAX_REASONS) throw new ApiError('InvalidParameter', `reason: at most ${MAX_REASONS} reasons, got ${reasons.length}`);
  const from = timeParam('from', p.from);
  const to = timeParam('to', p.to);
  if (from !== undefined && to !== undefined && from >= to) throw new ApiError('InvalidParameter', `from: ${p.from} is not before to: ${p.to}`);
  return {
    account,
    ...(p.containerGroupId !== undefined ? { containerGroupId: p.containerGroupId } : {}),
    ...(p.kind !== undefined ? { objectKind: p.kind } : {}),
    ...(p.name !== undefined ? { objectName: p.name } : {}),
    ...(p.type !== undefined ? { type: p.type } : {}),
    ...(reasons.length ? { reasons } : {}),
    ...(p.q !== undefined && p.q !== '' ? { text: p.q } : {}),
    ...(from !== undefined ? { since: from } : {}),
    ...(to !== undefined ? { until: to } : {}),
  };
}

/** The cursor after an event: opaque to callers, who pass back the `next` of a page as `before`. */
export function encodeCursor(c: EventCursor): string {
  return Buffer.from(`e1:${c.lastTimestamp}:${c.version}`).toString('base64url');
}

export function decodeCursor(text: string): EventCursor {
  const m = /^e1:(\d{1,17}):(\d{1,17})$/.exec(/^[A-Za-z0-9_-]+$/.test(text) ? Buffer.from(text, 'base64url').toString('utf8') : '');
  if (!m) throw new ApiError('InvalidParameter', 'before: not a cursor of this API; pass the `next` of a previous page');
  return { lastTimestamp: Number(m[1]), version: Number(m[2]) };
}
