import { defineConfig } from 'vitest/config';

// The fault suite takes minutes and spawns real processes: it runs only when asked for
// (`vitest run --project faults`, the `test:faults` script), never as part of a plain `vitest run`.
const wantsFaults = process.argv.some(
  (arg, i, all) => arg === '--project=faults' || (arg === '--project' && all[i + 1] === 'faults'),
);

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
      ...(wantsFaults
        ? [
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
          ]
        : []),
    ],
  },
});
