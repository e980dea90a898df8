// How long a pull takes: one round trip each to resolve the tag, fetch the manifest list and the
// platform's manifest (3), then one per layer the instance does not have yet, and the bytes of
// those layers at the registry's speed (slowed by a registry-slow fault's factor). Layers the
// instance already holds cost nothing: kubelet then only resolves the reference.
import type { Micros } from '../../model/event.js';
import { DEFAULTS } from '../world/defaults.js';
import type { ImageFacts } from './resolve.js';

const MS = 1000;
const S = 1_000_000;
const MB = 1_000_000;
/** Resolve the tag, fetch the manifest list, fetch the platform's manifest. */
export const MANIFEST_ROUND_TRIPS = 3;

export interface PullTime {
  /** The whole pull, microseconds. */
  duration: Micros;
  /** Bytes fetched (the layers that were missing). */
  bytes: number;
  /** Layers fetched. */
  layers: number;
}

export function pullTime(image: ImageFacts, present: ReadonlySet<string> = new Set(), slowFactor = 1): PullTime {
  const g = image.registry;
  const missing = image.layers.filter((l) => !present.has(l.digest));
  const bytes = missing.reduce((n, l) => n + l.bytes, 0);
  const latency = (g.latencyMs ?? DEFAULTS.registryLatencyMs) * MS;
  const speed = ((g.speedMBps ?? DEFAULTS.registrySpeedMBps) * MB) / Math.max(1, slowFactor);
  const duration = Math.round((MANIFEST_ROUND_TRIPS + missing.length) * latency + (bytes / speed) * S);
  return { duration, bytes, layers: missing.length };
}
