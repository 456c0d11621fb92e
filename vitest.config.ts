import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    // Tests start real servers, git processes and browsers on a shared 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    maxWorkers: 2,
    // Files and the tests in each run in a random order, so a test leaning on another's data
    // fails. The run prints `Running tests with seed "N"`; `--sequence.seed=N` repeats the order.
    sequence: { shuffle: true },
  },
});
