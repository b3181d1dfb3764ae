import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.int.test.ts'],
          globalSetup: ['test/support/redis-global-setup.ts'],
          // One Redis server, one file at a time: as bullmq's own suite runs.
          fileParallelism: false,
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      // Minutes long, with real processes: `npm run test:faults` (`npm test` runs unit and integration).
      {
        test: {
          name: 'faults',
          include: ['test/faults/**/*.fault.test.ts'],
          // Builds dist/ when stale; prints the table and writes bench/results/faults.md.
          globalSetup: ['test/faults/support/global-setup.ts'],
          // Each scenario owns the machine: its own redis-server and service processes.
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
