/**
 * The process commands the API uses: in-process on the embedded engine (no gRPC hop; the workers keep the SDK),
 * over the SDK's gRPC client against a cluster. The instances they start are remembered, so a read of one waits
 * for Camunda to show it (app/process-state/started-here.ts). Start-up goes on only once the engine answers.
 */
import type { ZeebeGrpcClient } from '@camunda8/sdk/dist/zeebe';
import { engineProcessCommands } from '../app/process-commands/engine-process-commands';
import type { ProcessCommands } from '../app/process-commands/process-commands';
import { zeebeProcessCommands } from '../app/process-commands/zeebe-process-commands';
import { rememberingStarts, StartedHere } from '../app/process-state/started-here';
import type { Engine } from '../engine/engine';
import { meteringOf } from '../gateway/management/metered-engine';
import { pingWithin } from './ping-within';

/** how long start-up waits for its own embedded engine's gateway to answer a first Topology call */
const EMBEDDED_PING_BUDGET_MS = 15_000;

export interface AppProcessCommands {
  processes: ProcessCommands;
  startedHere: StartedHere;
}

/**
 * @param engine the embedded engine, if it runs in this process
 * @param grpcAddress the gateway `zeebe` talks to (named when it does not answer)
 * @param startsWithoutRetry a client without the SDK's retries for process starts on a cluster, so that its
 *   RESOURCE_EXHAUSTED reaches the API at once (503 + Retry-After, as a full order backlog)
 */
export async function connectProcessCommands(
  engine: Engine | undefined,
  zeebe: ZeebeGrpcClient,
  grpcAddress: string,
  startsWithoutRetry?: () => ZeebeGrpcClient,
): Promise<AppProcessCommands> {
  const retrying = zeebeProcessCommands(zeebe);
  const overGrpc =
    engine || !startsWithoutRetry
      ? retrying
      : { ...retrying, startProcess: zeebeProcessCommands(startsWithoutRetry()).startProcess };
  const startedHere = new StartedHere();
  const processes = rememberingStarts(
    // counted in the management port's metrics like the gateways' commands
    engine ? engineProcessCommands(meteringOf(engine).engine, { ping: overGrpc.ping }) : overGrpc,
    startedHere,
  );
  const refused = engine?.admission.explainRefusal();
  if (refused) throw new Error(`The embedded engine takes no commands: ${refused}`);
  // (the embedded engine is in this process: a timeout there is a busy event loop, not a missing gateway)
  const firstPing = engine ? pingWithin(processes.ping, EMBEDDED_PING_BUDGET_MS) : processes.ping();
  await firstPing.catch((err) => {
    throw new Error(`The Zeebe gateway at ${grpcAddress} does not answer: ${(err as Error).message}`);
  });
  return { processes, startedHere };
}
