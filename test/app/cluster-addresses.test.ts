/**
 * The app against an external cluster (the embedded engine started on its own, as `npm run engine` would) with
 * the addresses a user copies from C8 Run: a REST address ending in `/v2` still reaches `/v2/...` (not
 * `/v2/v2/...`) through the state reader and the UI's `/v2` passthrough, and ZEEBE_GRPC_ADDRESS alone reaches
 * REST on port 8080 of the gRPC host, as C8 Run serves it (localhost:26500 and localhost:8080).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import request from 'supertest';
import { type EngineServices, startEngineServices } from '../../src/boot/engine-gateways';
import type { RunningBaton } from '../../src/boot/start-baton';
import { CAMUNDA_DEFAULT_REST_PORT } from '../../src/cluster-addresses';
import { createEngine } from '../../src/engine/engine';
import { openTestDatabase } from '../data/test-database';
import { completedOrder, startTestBaton } from '../support/test-baton';

const API_KEY = 'cluster-addresses-key-0123456789';
const auth = { Authorization: `Bearer ${API_KEY}` };
const logger = pino({ level: 'silent' });

interface Cluster {
  grpcAddress: string;
  restUrl: string;
  close(): Promise<void>;
}

async function startCluster(host: string, restPort: number): Promise<Cluster> {
  const engine = createEngine({ logger });
  let services: EngineServices;
  try {
    services = await startEngineServices(engine, { grpcPort: 0, restPort, host, logger });
  } catch (err) {
    engine.close();
    throw err;
  }
  return {
    grpcAddress: `grpc://${host}:${services.grpcPort}`,
    restUrl: `http://${host}:${services.restPort}`,
    close: async () => {
      await services.close();
      engine.close();
    },
  };
}

async function expectInstanceReadable(baton: RunningBaton, key: string): Promise<void> {
  const state = await request(baton.url).get(`/api/process-instances/${key}`);
  expect({ status: state.status, body: state.body }).toMatchObject({
    status: 200,
    body: { state: 'COMPLETED', bpmnProcessId: 'order-fulfilment' },
  });
  // what the UI's instance view reads, through the app's /v2 passthrough
  const viaPassthrough = await request(baton.url).get(`/v2/process-instances/${key}`).set(auth);
  expect({ status: viaPassthrough.status, body: viaPassthrough.body }).toMatchObject({
    status: 200,
    body: { processInstanceKey: key, state: 'COMPLETED' },
  });
}

describe.each([
  ['a REST address ending in /v2/ (as C8 Run prints it)', 'slash-v2'],
  [`only ZEEBE_GRPC_ADDRESS (REST on port ${CAMUNDA_DEFAULT_REST_PORT} of its host)`, 'grpc-only'],
] as const)('the app against a cluster given %s', (_, mode) => {
  let cluster: Cluster;
  let baton: RunningBaton;
  let dataDir: string;

  beforeAll(async () => {
    // port 8080 on a loopback address of its own (all of 127/8 is loopback on Linux), so a Camunda or
    // `npm start` on 127.0.0.1:8080 does not collide with it
    const host =
      mode === 'grpc-only'
        ? `127.${1 + Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.9`
        : '127.0.0.1';
    cluster = await startCluster(host, mode === 'grpc-only' ? CAMUNDA_DEFAULT_REST_PORT : 0);
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'baton-cluster-addresses-'));
    baton = await startTestBaton({
      dataDir,
      env: {
        API_KEY,
        ZEEBE_GRPC_ADDRESS: cluster.grpcAddress,
        ...(mode === 'slash-v2' ? { ZEEBE_REST_ADDRESS: `${cluster.restUrl}/v2/` } : {}),
      },
      openDatabase: openTestDatabase,
    });
  });
  afterAll(async () => {
    await baton?.close(5_000);
    await cluster?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("reads a finished order's process instance through the state reader and the /v2 passthrough", async () => {
    const key = await completedOrder(baton, auth);
    await expectInstanceReadable(baton, key);
  }, 90_000); // completedOrder's patience for a loaded CI machine (no timing asserted)
});
