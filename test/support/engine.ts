/**
 * The engine fixture: `startEngine()` gives a test the addresses of a Zeebe-compatible cluster, an SDK
 * client connected to it and a `close()`. Which cluster, in order:
 * 1. an external one when ZEEBE_GRPC_ADDRESS is set (nothing is started; the SDK reads its settings from env);
 * 2. the run's testcontainers Camunda (camunda/camunda, container-engine.ts, started once by globalSetup)
 *    when TEST_ENGINE=container;
 * 3. otherwise the embedded engine in this process, its gRPC (and REST, when built) gateway on random
 *    loopback ports.
 */
import { Camunda8, type Zeebe } from '@camunda8/sdk';
import pino from 'pino';
import type { EngineApi } from '../../src/engine/engine-api';
import { sdkClient } from './sdk-client';
import { sharedCamundaAddresses } from './shared-camunda';

export interface TestEngine {
  /** grpc://host:port */
  grpcAddress: string;
  /** http://host:port (no /v2); undefined when there is no REST gateway */
  restAddress?: string;
  camunda: Camunda8;
  zeebe: Zeebe.ZeebeGrpcClient;
  /** the in-process engine, only for the embedded engine (clock, queries) */
  engine?: EngineApi;
  close(): Promise<void>;
}

export interface StartEngineOptions {
  /** embedded engine only: unary commands in flight before RESOURCE_EXHAUSTED */
  maxInFlight?: number;
  /** embedded engine only: pino level for engine and gateway logs (default 'warn', or LOG_LEVEL) */
  logLevel?: string;
}

export async function startEngine(options: StartEngineOptions = {}): Promise<TestEngine> {
  if (process.env.ZEEBE_GRPC_ADDRESS) return connectExternalEngine();
  if (process.env.TEST_ENGINE === 'container') return startContainerEngine();
  return startEmbeddedEngine(options);
}

function connectExternalEngine(): Promise<TestEngine> {
  // the addresses are passed explicitly: the SDK reads process.env once, when it is first loaded
  const camunda = new Camunda8({
    ZEEBE_GRPC_ADDRESS: process.env.ZEEBE_GRPC_ADDRESS,
    ...(process.env.ZEEBE_REST_ADDRESS ? { ZEEBE_REST_ADDRESS: process.env.ZEEBE_REST_ADDRESS } : {}),
    // a short "channel ready" debounce, as in sdk-client.ts, so no SDK timer keeps jest waiting after close
    // and no client-side retry, as there: a test that expects DEADLINE_EXCEEDED must see it, not a retry loop
    zeebeGrpcSettings: {
      ZEEBE_CLIENT_LOG_LEVEL: 'NONE',
      ZEEBE_GRPC_CLIENT_CONNECTION_TOLERANCE_MS: 10,
      ZEEBE_GRPC_CLIENT_RETRY: false,
    },
  });
  return withClient(
    camunda,
    process.env.ZEEBE_GRPC_ADDRESS as string,
    process.env.ZEEBE_REST_ADDRESS,
    undefined,
    async () => {},
  );
}

/**
 * The run's camunda/camunda container, started once by globalSetup (shared-camunda.ts) and shared by every
 * suite like an external cluster: closing a suite's client leaves it running; globalTeardown stops it.
 */
async function startContainerEngine(): Promise<TestEngine> {
  const { grpcAddress, restAddress } = sharedCamundaAddresses();
  return withClient(sdkClient(grpcAddress, restAddress), grpcAddress, restAddress, undefined, async () => {});
}

/** A TestEngine that is always Baton's embedded engine, so its in-process API is there. */
export type EmbeddedTestEngine = TestEngine & { engine: EngineApi };

/**
 * Always the embedded engine, whatever ZEEBE_GRPC_ADDRESS or TEST_ENGINE ask for: for suites that test Baton's
 * engine itself (its in-process API, its gateway's limits and RPCs), which mean nothing against another cluster.
 */
export async function startEmbeddedEngine(options: StartEngineOptions = {}): Promise<EmbeddedTestEngine> {
  // loaded lazily so that pointing the suite at an external cluster does not load the engine at all
  const { createEngine } = require('../../src/engine/engine') as typeof import('../../src/engine/engine');
  const { startEngineServices } =
    require('../../src/boot/engine-gateways') as typeof import('../../src/boot/engine-gateways');
  const logger = pino({ level: options.logLevel ?? process.env.LOG_LEVEL ?? 'warn' });
  const engine = createEngine({ logger });
  let services: Awaited<ReturnType<typeof startEngineServices>>;
  try {
    services = await startEngineServices(engine, {
      grpcPort: 0,
      restPort: 0,
      host: '127.0.0.1',
      logger,
      maxInFlight: options.maxInFlight,
    });
  } catch (err) {
    engine.close();
    throw err;
  }
  const grpcAddress = `grpc://127.0.0.1:${services.grpcPort}`;
  const restAddress = services.restPort === undefined ? undefined : `http://127.0.0.1:${services.restPort}`;
  const connected = await withClient(
    sdkClient(grpcAddress, restAddress),
    grpcAddress,
    restAddress,
    engine,
    async () => {
      await services.close();
      engine.close();
    },
  );
  return connected as EmbeddedTestEngine;
}

async function withClient(
  camunda: Camunda8,
  grpcAddress: string,
  restAddress: string | undefined,
  engine: EngineApi | undefined,
  stop: () => Promise<void>,
): Promise<TestEngine> {
  const zeebe = camunda.getZeebeGrpcApiClient();
  // proves the gateway answers, and lets the SDK finish setting up: before its first answer the SDK's
  // ZeebeGrpcClient has no logger yet, and e.g. a first completeJob() would throw inside the SDK
  try {
    await zeebe.topology();
  } catch (err) {
    await camunda.closeAllClients().catch(() => {});
    await stop();
    throw err;
  }
  let closing: Promise<void> | undefined;
  return {
    grpcAddress,
    restAddress,
    camunda,
    zeebe,
    engine,
    close: () => {
      // The gateways first: they end parked long polls with OK, which clears the SDK's client-side poll timer
      // (requestTimeout + 1 s); a client that cancels a poll itself leaves that timer running and jest waits.
      closing ??= stop().then(
        () => camunda.closeAllClients(),
        async (err) => {
          await camunda.closeAllClients().catch(() => {});
          throw err;
        },
      );
      return closing;
    },
  };
}
