/**
 * The test inner loop: how long `startEngine()` takes to give a deployed, ready engine (both models), and the
 * wall time of the order-process scenario suite on the embedded engine (jest, spawned as a user runs it).
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { startEngine } from '../test/support/engine';

const ROOT = path.join(__dirname, '..');

/** Milliseconds from startEngine() to both bpmn/ models deployed. */
export async function engineReadyMs(): Promise<number> {
  const started = performance.now();
  const engine = await startEngine({ logLevel: 'silent' });
  for (const model of ['order-fulfilment.bpmn', 'customer-onboarding.bpmn']) {
    await engine.zeebe.deployResource({ processFilename: path.join(ROOT, 'bpmn', model) });
  }
  const elapsed = performance.now() - started;
  await engine.close();
  return elapsed;
}

/** Seconds of wall time for the order scenario suite. */
export function scenarioSuiteSeconds(): number {
  const started = performance.now();
  const jest = path.join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js');
  const result = spawnSync(process.execPath, [jest, 'test/bpmn/order-fulfilment.scenarios.test.ts', '--silent'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, LOG_LEVEL: 'silent' },
  });
  if (result.status !== 0) throw new Error(`the scenario suite failed:\n${result.stderr.slice(-2000)}`);
  return (performance.now() - started) / 1000;
}
