// The time scale: a factor on every duration the emulator models (a group's steps, pulls, image
// and data cache builds, virtual nodes, kubelet's back-offs), so that a test on the real clock
// sees ECI's sequence in a fraction of ECI's time. Not scaled: what the user's own workload does
// (`sleep 30` sleeps 30 s), and times the user sets (expiry, retention, fault durations).

/** The smallest and largest scales accepted: from 1,000,000 times faster to 100 times slower. */
export const MIN_TIME_SCALE = 1e-6;
export const MAX_TIME_SCALE = 100;

/** Why a scale is refused, or undefined when it is a usable one. */
export function timeScaleProblem(value: unknown): string | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value)) return `${JSON.stringify(value)} is not a number`;
  if (value <= 0) return `${value} is not greater than 0 (a scale of 0 would make every step instant, a negative one impossible)`;
  if (value < MIN_TIME_SCALE || value > MAX_TIME_SCALE) return `${value} is outside ${MIN_TIME_SCALE} to ${MAX_TIME_SCALE}`;
  return undefined;
}

/** A duration in microseconds, scaled and rounded to a whole microsecond. */
export function scaleDuration(micros: number, scale: number): number {
  return scale === 1 ? micros : Math.round(micros * scale);
}

/**
 * A view of `base` whose durations are scaled by the scale of the moment (read at every use, so
 * a world change takes effect for the steps that follow). Not stored anywhere: a fresh view is
 * made from the plain timings whenever an emulator is built.
 */
export function scaledTimings<T extends object>(base: T, scale: () => number): T {
  const view = {} as T;
  for (const key of Object.keys(base) as Array<keyof T>) {
    Object.defineProperty(view, key, {
      enumerable: true,
      get: () => {
        const v = base[key];
        return typeof v === 'number' ? scaleDuration(v, scale()) : v;
      },
    });
  }
  return view;
}
