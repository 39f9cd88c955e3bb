/**
 * `npm start` with CAMUNDA_SECURITY_AUTHENTICATION_UNPROTECTEDAPI=false: the embedded engine's ports want the
 * credentials of a user, and the app's own clients (SDK client and workers over gRPC, the REST state reader)
 * use the first configured user's, so an order still completes end to end and its process state is read over
 * REST v2, while a client without credentials is turned away from both engine ports.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Camunda8 } from '@camunda8/sdk';
import * as grpc from '@grpc/grpc-js';
import request from 'supertest';
import type { RunningBaton } from '../../src/boot/start-baton';
import { openTestDatabase } from '../data/test-database';
import { completedOrder, startTestBaton } from '../support/test-baton';

const API_KEY = 'protected-engine-key-0123456789';
const auth = { Authorization: `Bearer ${API_KEY}` };
const USER = { username: 'baton', password: 'baton-Engine-Pass-1' };

describe('npm start with a protected engine API', () => {
  let baton: RunningBaton;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'baton-protected-'));
    baton = await startTestBaton({
      dataDir,
      env: {
        ENGINE_DATA: 'memory',
        API_KEY,
        CAMUNDA_SECURITY_AUTHENTICATION_UNPROTECTEDAPI: 'false',
        CAMUNDA_SECURITY_INITIALIZATION_USERS_0_USERNAME: USER.username,
        CAMUNDA_SECURITY_INITIALIZATION_USERS_0_PASSWORD: USER.password,
      },
      openDatabase: openTestDatabase,
    });
  });
  afterAll(async () => {
    await baton?.close(5_000);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('completes an order and reads its process state over the protected REST API', async () => {
    const key = await completedOrder(baton, auth);
    const state = await request(baton.url).get(`/api/process-instances/${key}`);
    expect(state.status).toBe(200);
    expect(state.body).toMatchObject({ state: 'COMPLETED', bpmnProcessId: 'order-fulfilment' });
  }, 90_000);

  it('turns away a client without credentials on both engine ports', async () => {
    const rest = await request(baton.restAddress as string)
      .post('/v2/process-definitions/search')
      .send({});
    expect(rest.status).toBe(401);
    const stranger = new Camunda8({
      ZEEBE_GRPC_ADDRESS: baton.grpcAddress,
      CAMUNDA_AUTH_STRATEGY: 'NONE',
      CAMUNDA_OAUTH_DISABLED: true,
      CAMUNDA_LOG_LEVEL: 'none',
      zeebeGrpcSettings: {
        ZEEBE_CLIENT_LOG_LEVEL: 'NONE',
        ZEEBE_GRPC_CLIENT_RETRY: false,
        ZEEBE_GRPC_CLIENT_EAGER_CONNECT: false,
        ZEEBE_GRPC_CLIENT_CONNECTION_TOLERANCE_MS: 10,
      },
    });
    try {
      await expect(stranger.getZeebeGrpcApiClient().topology()).rejects.toMatchObject({
        code: grpc.status.UNAUTHENTICATED,
      });
    } finally {
      await stranger.closeAllClients();
    }
    const member = await request(baton.restAddress as string)
      .post('/v2/process-definitions/search')
      .auth(USER.username, USER.password)
      .send({});
    expect(member.status).toBe(200);
  });

  it("keeps the engine's users off the app's own /v2 (API-key) passthrough", async () => {
    expect((await request(baton.url).get('/v2/users/baton').set(auth)).status).toBe(404);
    expect((await request(baton.url).post('/v2/users/search').send({})).status).toBe(404);
  });
});
