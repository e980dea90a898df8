// Sizes, rates and durations as the workload verbs take them (docs/WORKLOADS.md): sizes in
// Kubernetes' quantity suffixes (binary Ki Mi Gi Ti, decimal k M G T, or plain bytes), CPU in
// cores or millicores (0.5, 500m), durations as sleep takes them (1.5, 10s, 2m, 1h).
import type { Micros } from '../../model/event.js';

const SIZE_UNITS: Record<string, number> = { '': 1, k: 1e3, K: 1e3, M: 1e6, G: 1e9, T: 1e12, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40 };
const TIME_UNITS: Record<string, number> = { '': 1, ms: 0.001, s: 1, m: 60, h: 3600 };
const NUMBER = '(\\d+(?:\\.\\d+)?|\\.\\d+)';

/** Bytes of `512Mi`, `2Gi`, `100M`, `4096`; undefined when it is not a size. */
export function parseSize(text: string): number | undefined {
  const m = new RegExp(`^${NUMBER}(Ki|Mi|Gi|Ti|k|K|M|G|T)?$`).exec(text);
  return m ? Math.round(Number(m[1]) * SIZE_UNITS[m[2] ?? '']!) : undefined;
}

/** Bytes per second of `64Mi/s`, `1Gi/m`, `10M/h`; undefined when it is not a rate. */
export function parseRate(text: string): number | undefined {
  const m = /^(.+)\/(s|m|h)$/.exec(text);
  if (!m) return undefined;
  const size = parseSize(m[1]!);
  return size === undefined ? undefined : size / TIME_UNITS[m[2]!]!;
}

/** Cores of `0.5`, `2`, `500m`; undefined when it is not a CPU amount. */
export function parseCores(text: string): number | undefined {
  const m = new RegExp(`^${NUMBER}(m)?$`).exec(text);
  return m ? Number(m[1]) / (m[2] ? 1000 : 1) : undefined;
}

/** Microseconds of `1s`, `500ms`, `2m`, `1.5`; undefined when it is not a positive duration. */
export function parseDuration(text: string): Micros | undefined {
  const m = new RegExp(`^${NUMBER}(ms|s|m|h)?$`).exec(text);
  if (!m) return undefined;
  const micros = Math.round(Number(m[1]) * TIME_UNITS[m[2] ?? '']! * 1_000_000);
  return micros > 0 ? micros : undefined;
}

/** A size as `kubectl top` would print it: 512Mi, 1.5Gi, 300 bytes as 300. */
export function formatSize(bytes: number): string {
  for (const [unit, size] of [
    ['Ti', 2 ** 40],
    ['Gi', 2 ** 30],
    ['Mi', 2 ** 20],
    ['Ki', 2 ** 10],
  ] as const) {
    if (bytes >= size) return `${Math.round((bytes / size) * 100) / 100}${unit}`;
  }
  return String(Math.round(bytes));
}
