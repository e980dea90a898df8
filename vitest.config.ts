import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // The PostgreSQL contract suites share one database; files run one at a time per worker.
    fileParallelism: true,
  },
});
