import { defineConfig } from 'vitest/config';
import { TEST_TIME_SCALE } from './test/support/time-scale.js';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // CI runs the whole suite on a loaded 2-vCPU machine, where starting a `serve`, a browser or a
    // `keys create` process can take many seconds. These deadlines are reached only by a test that
    // hangs; every wait inside a test polls its condition with a shorter deadline of its own
    // (`until` in test/support/eci-sdk.ts) so that a real failure still names what it waited for.
    testTimeout: 90_000,
    hookTimeout: 120_000,
    // The PostgreSQL contract suites share one database; files run one at a time per worker.
    fileParallelism: true,
    // Every `serve` the tests start on the real clock runs ECI's durations twenty times faster:
    // a group is Running in about a second instead of ECI's ~25 s (docs/WORLD.md, "Timing").
    // A virtual clock ignores it. test/time-scale.test.ts unsets it to see the real durations.
    env: { ECI_EVENTS_TIME_SCALE: TEST_TIME_SCALE },
  },
});
