/**
 * Jest runs TypeScript through ts-jest (transpile only; `npm run typecheck` checks types).
 * Some dependencies (bpmn-moddle, feelin and theirs) ship only ES modules: test/support/esm-to-cjs.cjs
 * rewrites those to CommonJS and passes every other file through untouched.
 * The process suites write coverage parts; globalSetup clears the last run's, globalTeardown merges them into
 * coverage/process/ (coverage.json, index.html) and prints the table (see docs/process-testing.md).
 * globalSetup also starts a throwaway PostgreSQL for test/data/postgres.test.ts (test/support/postgres-server.ts),
 * and with TEST_ENGINE=container the run's one Camunda container (test/support/shared-camunda.ts).
 *
 * On a cluster the suites share (the run's container, or ZEEBE_GRPC_ADDRESS's) the files run one at a time:
 * the scenario suites (test/bpmn/*.scenarios) and test/workers/start-workers.test.ts start real workers for the
 * app's job types (reserve-inventory, ...) and deploy the same process ids, so in parallel one suite's workers
 * would take another's jobs and complete them against the wrong database. On the embedded engine every suite
 * has an engine of its own, so they run in parallel.
 */
const runsOnSharedCluster =
  Boolean(process.env.ZEEBE_GRPC_ADDRESS) || ['container', 'camunda-like'].includes(process.env.TEST_ENGINE ?? '');
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: { module: 'commonjs', moduleResolution: 'node', esModuleInterop: true, isolatedModules: true, resolveJsonModule: true } }],
    '^.+\\.m?js$': '<rootDir>/test/support/esm-to-cjs.cjs',
    '^.+\\.cjs$': '<rootDir>/test/support/builtin-import-to-require.cjs',
  },
  transformIgnorePatterns: [],
  testTimeout: 30000,
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  ...(runsOnSharedCluster ? { maxWorkers: 1 } : {}),
};
