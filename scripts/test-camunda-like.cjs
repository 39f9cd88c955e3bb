/**
 * `node scripts/test-camunda-like.cjs [jest args]`: the black-box suites (engine-sdk, the BPMN scenarios with
 * coverage, the process-test toolkit's own) a second time, against Baton's engine in its Camunda-like profile
 * as an external cluster: protected with Basic auth, reads lagging by a flush, timers fired asynchronously
 * after a clock change (TEST_ENGINE=camunda-like, test/support/camunda-like-engine.ts, started by globalSetup).
 * Cluster settings inherited from the shell are dropped: with ZEEBE_GRPC_ADDRESS set, globalSetup would start
 * nothing and the suites would run against that cluster instead.
 */
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const SUITES = ['test/engine-sdk', 'test/bpmn', 'test/process-test'];

const env = { ...process.env, TEST_ENGINE: 'camunda-like' };
for (const name of Object.keys(env)) {
  if (/^(ZEEBE_|CAMUNDA_)/.test(name)) delete env[name];
}

const jest = require.resolve('jest/bin/jest');
const result = spawnSync(process.execPath, [jest, ...SUITES, ...process.argv.slice(2)], {
  cwd: path.join(__dirname, '..'),
  env,
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
