// The two APIs that serve events: core/v1 and events.k8s.io/v1. One store, two shapes.
import type { StoredEvent } from '../../model/event.js';
import { toCoreEvent, toEventsV1Event } from './render.js';

export interface Flavour {
  /** The apiVersion of its objects and lists. */
  apiVersion: string;
  /** Whether field selectors may use events.k8s.io/v1's names (regarding.*, reportingController). */
  eventsV1: boolean;
  render: (e: StoredEvent) => unknown;
}

export const CORE_V1: Flavour = { apiVersion: 'v1', eventsV1: false, render: toCoreEvent };
export const EVENTS_V1: Flavour = { apiVersion: 'events.k8s.io/v1', eventsV1: true, render: toEventsV1Event };
