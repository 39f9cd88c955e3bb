/**
 * TEST_ENGINE=camunda-like: the run's cluster is Baton's own engine started as Camunda runs — a separate
 * process (`npm run engine`'s bundle) with its API protected (Basic credentials of a generated user) and its
 * searches eventually consistent (CAMUNDA_DATA_SECONDARYSTORAGE_RDBMS_FLUSHINTERVAL=PT0.5S, what Camunda 8
 * Run's H2 setup flushes at). globalSetup starts it and hands the test workers what a client of a real
 * cluster is given (ZEEBE_GRPC_ADDRESS, ZEEBE_REST_ADDRESS, CAMUNDA_AUTH_STRATEGY=BASIC and the user), so
 * the black-box suites run against it exactly as against any external cluster; globalTeardown stops it.
 * Suites that need a cluster of their own in that profile (the UI e2e, the app-on-camunda-like test) start
 * one with startCamundaLikeCluster().
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { freePort } from './free-port';

export const FLUSH_INTERVAL = 'PT0.5S';
const ROOT = path.join(__dirname, '..', '..');
const START_TIMEOUT_MS = 60_000;

/** One Camunda-like engine process, and what a client of it is given. */
export interface CamundaLikeCluster {
  /** grpc://127.0.0.1:port */
  grpcAddress: string;
  /** http://127.0.0.1:port (no /v2) */
  restAddress: string;
  username: string;
  password: string;
  /** the environment an external cluster's client reads: addresses, CAMUNDA_AUTH_STRATEGY=BASIC, the user */
  clientEnv: Record<string, string>;
  stop(): Promise<void>;
}

/** Starts the built engine (`npm run engine`'s bundle) in the Camunda-like profile, protected, and waits for it. */
export async function startCamundaLikeCluster(env: NodeJS.ProcessEnv = process.env): Promise<CamundaLikeCluster> {
  const [grpcPort, restPort] = [await freePort(), await freePort()];
  const username = 'baton-test';
  const password = randomBytes(18).toString('base64url');
  const child = spawn(process.execPath, ['scripts/run-built.cjs', 'engine-main'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: env.PATH,
      HOME: env.HOME,
      ENGINE_DATA: 'memory',
      ENGINE_HOST: '127.0.0.1',
      ZEEBE_GATEWAY_PORT: String(grpcPort),
      ZEEBE_REST_PORT: String(restPort),
      ZEEBE_MANAGEMENT_PORT: '0',
      LOG_LEVEL: 'warn',
      CAMUNDA_SECURITY_AUTHENTICATION_UNPROTECTEDAPI: 'false',
      CAMUNDA_SECURITY_INITIALIZATION_USERS_0_USERNAME: username,
      CAMUNDA_SECURITY_INITIALIZATION_USERS_0_PASSWORD: password,
      CAMUNDA_DATA_SECONDARYSTORAGE_RDBMS_FLUSHINTERVAL: FLUSH_INTERVAL,
    },
  });
  let output = '';
  child.stderr?.on('data', (chunk) => {
    output += String(chunk);
  });
  // its stdout is not read: drained, so a chatty engine never blocks on a full pipe
  child.stdout?.resume();
  const grpcAddress = `grpc://127.0.0.1:${grpcPort}`;
  const restAddress = `http://127.0.0.1:${restPort}`;
  const stop = () => stopChild(child);
  try {
    await ready(child, restAddress, `${username}:${password}`, () => output);
    await grpcReady(grpcAddress, { username, password }, () => output);
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    grpcAddress,
    restAddress,
    username,
    password,
    clientEnv: {
      ZEEBE_GRPC_ADDRESS: grpcAddress,
      ZEEBE_REST_ADDRESS: restAddress,
      CAMUNDA_AUTH_STRATEGY: 'BASIC',
      CAMUNDA_BASIC_AUTH_USERNAME: username,
      CAMUNDA_BASIC_AUTH_PASSWORD: password,
    },
    stop,
  };
}

/** globalSetup and globalTeardown run in one process but load modules separately: the handle lives here. */
const HANDLE = Symbol.for('baton.test.camundaLikeEngine');
type WithHandle = typeof globalThis & { [HANDLE]?: CamundaLikeCluster };

/** Starts the run's engine when TEST_ENGINE=camunda-like asks for it, and points the run's clients at it. */
export async function startCamundaLikeEngine(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  if (env.TEST_ENGINE !== 'camunda-like' || env.ZEEBE_GRPC_ADDRESS) return;
  const cluster = await startCamundaLikeCluster(env);
  (globalThis as WithHandle)[HANDLE] = cluster;
  Object.assign(env, {
    ...cluster.clientEnv,
    // the process-test toolkit's settle window: reads may trail writes by up to a flush
    PROCESS_TEST_SETTLE_MS: '1000',
  });
  process.stderr.write(
    `TEST_ENGINE=camunda-like: Baton's engine at ${cluster.restAddress}, protected, flush interval ${FLUSH_INTERVAL}\n`,
  );
}

/** Waits until the engine answers an authenticated GET /v2/topology; fails with its output if it exits. */
async function ready(child: ChildProcess, restAddress: string, credentials: string, output: () => string) {
  const deadline = Date.now() + START_TIMEOUT_MS;
  const authorization = `Basic ${Buffer.from(credentials).toString('base64')}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the camunda-like engine exited at start: ${output()}`);
    const answered = await fetch(`${restAddress}/v2/topology`, { headers: { authorization } }).then(
      (res) => res.ok,
      () => false,
    );
    if (answered) return;
    if (Date.now() > deadline) throw new Error(`the camunda-like engine did not answer: ${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Waits until the gRPC gateway answers an authenticated Topology call too: the app's first ping gives a cluster
 * 3 s, and an engine just started on a busy machine can take longer over its first gRPC call.
 */
async function grpcReady(
  grpcAddress: string,
  credentials: { username: string; password: string },
  output: () => string,
) {
  // loaded here, not with this file: globalSetup imports it for every run, most of which start no engine
  const { sdkClient } = require('./sdk-client') as typeof import('./sdk-client');
  const client = sdkClient(grpcAddress, undefined, { credentials });
  const deadline = Date.now() + START_TIMEOUT_MS;
  try {
    for (;;) {
      const answered = await client
        .getZeebeGrpcApiClient()
        .topology()
        .then(
          () => true,
          () => false,
        );
      if (answered) return;
      if (Date.now() > deadline) throw new Error(`the camunda-like engine's gRPC gateway did not answer: ${output()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await client.closeAllClients();
  }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

export async function stopCamundaLikeEngine(): Promise<void> {
  const cluster = (globalThis as WithHandle)[HANDLE];
  delete (globalThis as WithHandle)[HANDLE];
  await cluster?.stop();
}
