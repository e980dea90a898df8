import { defineConfig } from 'vitest/config';
import { TEST_TIME_SCALE } from './test/support/time-scale.js';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // The PostgreSQL contract suites share one database; files run one at a time per worker.
    fileParallelism: true,
    // Every `serve` the tests start on the real clock runs ECI's durations twenty times faster:
    // a group is Running in about a second instead of ECI's ~25 s (docs/WORLD.md, "Timing").
    // A virtual clock ignores it. test/time-scale.test.ts unsets it to see the real durations.
    env: { ECI_EVENTS_TIME_SCALE: TEST_TIME_SCALE },
  },
});
