/**
 * `describeWithEngine` for every suite that calls startEngine(): a plain describe(), except when a container
 * was asked for (TEST_ENGINE=container, no ZEEBE_GRPC_ADDRESS) and no container runtime is reachable; then
 * the suite prints one line saying why and its tests are skipped, never failed. With a container it also
 * raises the file's timeout. The container itself is started once per run, by globalSetup (shared-camunda.ts).
 * (Suites that test Baton's embedded engine itself use a plain describe() and startEmbeddedEngine(): they run
 * on an embedded engine of their own whatever engine the run asks for, so they never skip.)
 */
import { type ContainerRuntimeStatus, containerRuntimeStatus } from './container-runtime';
import { engineKind } from './engine-kind';

export { type EngineKind, engineKind } from './engine-kind';

/** Why the engine this run asks for cannot be had, or undefined when it can (or startEngine will say). */
export function engineSkipReason(
  env: NodeJS.ProcessEnv = process.env,
  runtime: () => ContainerRuntimeStatus = containerRuntimeStatus,
): string | undefined {
  if (engineKind(env) !== 'container') return undefined;
  const status = runtime();
  return status.available ? undefined : `TEST_ENGINE=container but no container runtime: ${status.reason}`;
}

/** A real Camunda's searches trail its engine, and the run's one container may still be busy with other suites. */
const CONTAINER_SUITE_TIMEOUT_MS = 5 * 60_000;

const announced = new Set<string>();

function suiteFile(): string {
  const testPath = expect.getState().testPath;
  return testPath ? testPath.replace(`${process.cwd()}/`, '') : 'this suite';
}

function describeOrSkip(name: string, fn: () => void): void {
  const reason = engineSkipReason();
  if (reason === undefined) {
    if (engineKind() === 'container') jest.setTimeout(CONTAINER_SUITE_TIMEOUT_MS);
    describe(name, fn);
    return;
  }
  const file = suiteFile();
  if (!announced.has(file)) {
    announced.add(file);
    process.stderr.write(`Skipping ${file}: ${reason}\n`);
  }
  describe.skip(name, fn);
}

export const describeWithEngine = Object.assign(describeOrSkip, {
  skip: describe.skip,
  only: describe.only,
}) as unknown as jest.Describe;
