/**
 * Jest runs TypeScript through ts-jest (transpile only; `npm run typecheck` checks types).
 * Some dependencies (bpmn-moddle, feelin and theirs) ship only ES modules: test/support/esm-to-cjs.cjs
 * rewrites those to CommonJS and passes every other file through untouched.
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
};
