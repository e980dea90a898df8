// The time scale every test `serve` on the real clock runs at (vitest.config.ts sets it as
// ECI_EVENTS_TIME_SCALE), and what it makes of a modelled duration, for expected messages.
import { goDuration } from '../../src/emulator/timings.js';

export const TEST_TIME_SCALE = '0.05';

/** A modelled duration (µs) as a real-clock test service shows it in kubelet's messages ("in 40ms"). */
export function scaledGoDuration(micros: number): string {
  return goDuration(Math.round(micros * Number(process.env.ECI_EVENTS_TIME_SCALE ?? 1)));
}
