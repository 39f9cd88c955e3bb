/**
 * One camunda/camunda container per jest run (TEST_ENGINE=container), not one per suite: parallel workers
 * each starting Camunda run a laptop's Docker out of memory. globalSetup starts it and hands its addresses
 * to the test workers through process.env (workers inherit globalSetup's environment); startEngine() then
 * connects to it like an external cluster; globalTeardown stops it. Without a container runtime globalSetup
 * prints one line and starts nothing, and describeWithEngine skips each suite with the reason.
 */
import type { CamundaAddresses, RunningCamunda } from './container-engine';
import { type ContainerRuntimeStatus, containerRuntimeStatus } from './container-runtime';
import { engineKind } from './engine-kind';

export const GRPC_ADDRESS_VARIABLE = 'BATON_TEST_CAMUNDA_GRPC_ADDRESS';
export const REST_ADDRESS_VARIABLE = 'BATON_TEST_CAMUNDA_REST_ADDRESS';

/** globalSetup and globalTeardown run in one process but load modules separately: the handle lives here. */
const HANDLE = Symbol.for('baton.test.sharedCamunda');
type WithHandle = typeof globalThis & { [HANDLE]?: RunningCamunda };

export interface SharedCamundaDeps {
  runtime?: () => ContainerRuntimeStatus;
  start?: () => Promise<RunningCamunda>;
  log?: (line: string) => void;
}

/** Starts the run's container when TEST_ENGINE=container asks for one and a runtime answers. */
export async function startSharedCamunda(env: NodeJS.ProcessEnv = process.env, deps: SharedCamundaDeps = {}) {
  if (engineKind(env) !== 'container') return;
  const status = (deps.runtime ?? containerRuntimeStatus)();
  if (!status.available) {
    (deps.log ?? ((line) => process.stderr.write(`${line}\n`)))(
      `TEST_ENGINE=container but no container runtime, no Camunda started: ${status.reason}`,
    );
    return;
  }
  const start =
    deps.start ??
    (() => (require('./container-engine') as typeof import('./container-engine')).startCamundaContainer());
  const camunda = await start();
  (globalThis as WithHandle)[HANDLE] = camunda;
  env[GRPC_ADDRESS_VARIABLE] = camunda.grpcAddress;
  env[REST_ADDRESS_VARIABLE] = camunda.restAddress;
}

/** Stops the container startSharedCamunda started, if any. */
export async function stopSharedCamunda(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const camunda = (globalThis as WithHandle)[HANDLE];
  delete (globalThis as WithHandle)[HANDLE];
  delete env[GRPC_ADDRESS_VARIABLE];
  delete env[REST_ADDRESS_VARIABLE];
  await camunda?.stop();
}

/** The run's container, as a test worker sees it; throws saying why when globalSetup started none. */
export function sharedCamundaAddresses(
  env: NodeJS.ProcessEnv = process.env,
): Omit<CamundaAddresses, 'managementAddress'> {
  const grpcAddress = env[GRPC_ADDRESS_VARIABLE];
  const restAddress = env[REST_ADDRESS_VARIABLE];
  if (!grpcAddress || !restAddress) {
    throw new Error(
      `TEST_ENGINE=container: no Camunda container for this run (${GRPC_ADDRESS_VARIABLE} is unset); ` +
        "jest's globalSetup (test/support/global-setup.ts) starts it — run through jest.config.cjs",
    );
  }
  return { grpcAddress, restAddress };
}
