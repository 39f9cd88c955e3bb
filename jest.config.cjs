/**
 * Jest runs TypeScript through ts-jest (transpile only; `npm run typecheck` checks types).
 * Some dependencies (bpmn-moddle, feelin and theirs) ship only ES modules: test/support/esm-to-cjs.cjs
 * rewrites those to CommonJS and passes every other file through untouched.
 * The process suites write coverage parts; globalSetup clears the last run's, globalTeardown merges them into
 * coverage/process/ (coverage.json, index.html) and prints the table (see docs/process-testing.md).
 * globalSetup also starts a throwaway PostgreSQL for test/data/postgres.test.ts (test/support/postgres-server.ts).
 */
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
};
