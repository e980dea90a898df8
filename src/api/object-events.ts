// What the events of some involved objects of one kind add up to, counted as the Events tab lists
// them (GET /v1/events?kind=&name=). Objects whose events are not filed under a container group of
// their own (a data cache's go under its job once there is one, under its id before) cannot be
// summed by group, so each object's events are read by kind and name.
import type { Micros } from '../model/event.js';
import type { EventStore } from '../store/index.js';

/** Stored events of one object read for its counts at most: far above what any object gathers (each event is counted once whatever its count). */
export const MAX_OBJECT_EVENTS = 1000;

export interface ObjectEventSummary {
  events: number;
  warnings: number;
  lastTimestamp: Micros;
}

export async function objectEventSummaries(
  store: EventStore,
  account: string,
  kind: string,
  names: readonly string[],
): Promise<Map<string, ObjectEventSummary>> {
  const out = new Map<string, ObjectEventSummary>();
  await Promise.all(
    names.map(async (name) => {
      const events = await store.list({ account, objectKind: kind, objectName: name, limit: MAX_OBJECT_EVENTS });
      if (!events.length) return;
      out.set(name, {
        events: events.length,
        warnings: events.filter((e) => e.type === 'Warning').length,
        lastTimestamp: Math.max(...events.map((e) => e.lastTimestamp)),
      });
    }),
  );
  return out;
}
