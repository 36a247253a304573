import { defineConfig } from 'vitest/config';

// Three tiers, each runnable alone: fast unit tests on recorded fixtures, integration tests
// against real git, real SQLite and the real agent programs, and browser end-to-end tests.
// A fourth, the Electron smoke test, runs the real desktop app where an Electron binary exists
// (npm run test:electron; it skips with its reason elsewhere).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.{ts,tsx}'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // Real agent programs are heavy; the machine has two cores.
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 180_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'electron',
          include: ['test/electron/**/*.test.ts'],
          environment: 'node',
          // Two launches of the app, a cold agent and a quit with its grace period.
          testTimeout: 600_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
