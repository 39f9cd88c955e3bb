/**
 * `node scripts/test-camunda-like.cjs [paths] [jest args]`: the black-box suites (engine-sdk, the BPMN
 * scenarios with coverage, the process-test toolkit's own, the UI e2e in Chromium) a second time, against
 * Baton's engine in its Camunda-like profile as an external cluster: protected with Basic auth, reads lagging
 * by a flush, timers fired asynchronously after a clock change (TEST_ENGINE=camunda-like,
 * test/support/camunda-like-engine.ts, started by globalSetup; each UI e2e file starts one of its own).
 * Paths given replace the default suites. Cluster settings inherited from the shell are dropped: with
 * ZEEBE_GRPC_ADDRESS set, globalSetup would start nothing and the suites would run against that cluster.
 *
 * `npm test` runs it after `jest` with --after-jest: then, when the shell already pointed jest at a cluster
 * (ZEEBE_GRPC_ADDRESS or TEST_ENGINE), that run was the one asked for and this one says so and stops.
 */
const { spawnSync } = require('node:child_process');
const { existsSync } = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..');

const SUITES = ['test/engine-sdk', 'test/bpmn', 'test/process-test', 'test/ui'];

/** In those folders but not run here, each with why. */
const NOT_ON_THE_PROFILE = {
  'test/ui/ui-rules.test.ts': 'the UI rules without a browser or a cluster: the same on any engine',
  'test/ui/waiting-for-camunda.e2e.test.ts':
    'it brings its own lag (a proxy hiding new instances for 2.5 s, longer than a flush) and engine',
  'test/ui/app-on-camunda-like.e2e.test.ts': 'it starts a Camunda-like cluster of its own: `jest` ran it on the profile',
};

const args = process.argv.slice(2);
const afterJest = args.includes('--after-jest');
const jestArgs = args.filter((arg) => arg !== '--after-jest');

if (afterJest && (process.env.ZEEBE_GRPC_ADDRESS || process.env.TEST_ENGINE)) {
  const cluster = process.env.ZEEBE_GRPC_ADDRESS ? 'ZEEBE_GRPC_ADDRESS' : `TEST_ENGINE=${process.env.TEST_ENGINE}`;
  process.stderr.write(`test-camunda-like: not run, the suites ran against the cluster ${cluster} names\n`);
  process.exit(0);
}

const env = { ...process.env, TEST_ENGINE: 'camunda-like' };
for (const name of Object.keys(env)) {
  if (/^(ZEEBE_|CAMUNDA_)/.test(name)) delete env[name];
}
// this run's process coverage beside the first run's (coverage/process/), not over it
env.PROCESS_COVERAGE_DIR ??= path.join(ROOT, 'coverage', 'process-camunda-like');

const givenPaths = jestArgs.filter((arg) => !arg.startsWith('-') && existsSync(path.join(ROOT, arg)));
const selection = givenPaths.length > 0 ? [] : SUITES;
const ignored =
  givenPaths.length > 0
    ? []
    : ['/node_modules/', ...Object.keys(NOT_ON_THE_PROFILE)].map((p) => `--testPathIgnorePatterns=${p}`);
if (givenPaths.length === 0) {
  for (const [file, why] of Object.entries(NOT_ON_THE_PROFILE)) process.stderr.write(`Not on the profile: ${file}: ${why}\n`);
}

const jest = require.resolve('jest/bin/jest');
const result = spawnSync(process.execPath, [jest, ...selection, ...jestArgs, ...ignored], {
  cwd: ROOT,
  env,
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
