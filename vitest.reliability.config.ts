import { defineConfig } from 'vitest/config';

// The reliability suite: real processes, real signals, full disks; one file at a time, so that
// what one scenario does to the machine does not disturb another's figures.
export default defineConfig({
  test: {
    include: ['test/reliability/**/*.test.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 900_000,
    hookTimeout: 60_000,
  },
});
