import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/helpers/global-database.ts'],
          setupFiles: ['test/helpers/test-hash-cost.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/helpers/global-database.ts', 'test/helpers/global-build.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/helpers/global-database.ts', 'test/helpers/global-build.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // One Chromium at a time: these machines have two cores.
          poolOptions: { forks: { singleFork: true } },
        },
      },
    ],
  },
});
