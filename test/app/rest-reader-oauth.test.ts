/**
 * The app's REST state reader on an OAuth-protected cluster configured the documented way, in the process
 * environment `npm start` reads: CAMUNDA_AUTH_STRATEGY=OAUTH with the ZEEBE_CLIENT_* spelling of the client
 * credentials. The cluster is the embedded engine's REST API behind a front that lets through only the bearer
 * tokens a stub OAuth token endpoint issued (client-credentials grant, as Camunda's identity providers).
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { appClientCredentials } from '../../src/app/client-credentials';
import { createCamundaRestStateReader } from '../../src/app/process-state/camunda-rest-state-reader';
import { loadConfig } from '../../src/config';
import { createRestApi } from '../../src/process-test/rest-api';
import { bpmnXml } from '../support/bpmn';
import { type EmbeddedTestEngine, startEmbeddedEngine } from '../support/engine';

const CLIENT = { id: 'baton-app', secret: 'baton-app-secret-0123' };

function listen(app: express.Express): Promise<{ server: Server; url: string }> {
  return new Promise((resolve) => {
    const server = app.listen(0, '127.0.0.1', () => {
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
    });
  });
}

describe('the REST state reader with OAuth configured as ZEEBE_CLIENT_* in the environment', () => {
  let engine: EmbeddedTestEngine;
  const servers: Server[] = [];
  const issued = new Set<string>();
  const tokenRequests: Record<string, string>[] = [];
  const refusedCalls: string[] = [];
  const savedEnv = { ...process.env };

  beforeAll(async () => {
    engine = await startEmbeddedEngine({ logLevel: 'silent' });

    const identity = express();
    identity.post('/oauth/token', express.urlencoded({ extended: false }), (req, res) => {
      tokenRequests.push(req.body);
      if (req.body.client_id !== CLIENT.id || req.body.client_secret !== CLIENT.secret) {
        res.status(401).json({ error: 'invalid_client' });
        return;
      }
      const token = `token-${issued.size + 1}`;
      issued.add(token);
      res.json({ access_token: token, token_type: 'Bearer', expires_in: 300 });
    });
    const token = await listen(identity);

    // the cluster: the engine's REST v2 for bearers of an issued token only
    const cluster = express();
    cluster.use(express.raw({ type: '*/*' }));
    cluster.use(async (req, res) => {
      const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      if (!bearer || !issued.has(bearer)) {
        refusedCalls.push(`${req.method} ${req.path}`);
        res.status(401).json({ title: 'Unauthorized', status: 401 });
        return;
      }
      const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
      const upstream = await fetch(`${engine.restAddress}${req.originalUrl}`, {
        method: req.method,
        headers: { 'content-type': req.headers['content-type'] ?? 'application/json' },
        body: hasBody ? req.body : undefined,
      });
      res
        .status(upstream.status)
        .type(upstream.headers.get('content-type') ?? 'application/json')
        .send(Buffer.from(await upstream.arrayBuffer()));
    });
    const rest = await listen(cluster);
    servers.push(token.server, rest.server);

    Object.assign(process.env, {
      ZEEBE_GRPC_ADDRESS: engine.grpcAddress,
      ZEEBE_REST_ADDRESS: `${rest.url}/v2`,
      CAMUNDA_AUTH_STRATEGY: 'OAUTH',
      ZEEBE_CLIENT_ID: CLIENT.id,
      ZEEBE_CLIENT_SECRET: CLIENT.secret,
      CAMUNDA_OAUTH_URL: `${token.url}/oauth/token`,
    });
    for (const spelling of ['CAMUNDA_CLIENT_ID', 'CAMUNDA_CLIENT_SECRET', 'CAMUNDA_REST_ADDRESS']) {
      delete process.env[spelling];
    }
  });

  afterAll(async () => {
    process.env = savedEnv;
    for (const server of servers) await new Promise((resolve) => server.close(resolve));
    await engine?.close();
  });

  async function finishedInstance(): Promise<string> {
    await engine.zeebe.deployResource({
      process: Buffer.from(
        bpmnXml({
          id: 'oauth-read',
          elements: '<bpmn:startEvent id="start"/><bpmn:endEvent id="end"/>',
          flows: ['start -> end'],
        }),
      ),
      name: 'oauth-read.bpmn',
    });
    const created = await engine.zeebe.createProcessInstance({ bpmnProcessId: 'oauth-read', variables: { n: 1 } });
    return created.processInstanceKey;
  }

  it("reads an instance with a token it got with the client credentials (the app's reader)", async () => {
    const processInstanceKey = await finishedInstance();
    // as start-baton.ts makes the reader from the configuration `npm start` loads
    const config = loadConfig(process.env);
    const credentials = appClientCredentials(config);
    const reader = createCamundaRestStateReader({
      restAddress: config.zeebeRestAddress as string,
      ...credentials.rest,
    });
    const state = await reader.read(processInstanceKey);

    expect(state).toMatchObject({
      processInstanceKey,
      bpmnProcessId: 'oauth-read',
      state: 'COMPLETED',
      variables: { n: 1 },
    });
    expect(tokenRequests.length).toBeGreaterThan(0);
    expect(tokenRequests[0]).toMatchObject({ grant_type: 'client_credentials', client_id: CLIENT.id });
    expect(refusedCalls).toEqual([]);
  });

  it('reads an instance with a token it got with the client credentials (the process-test toolkit)', async () => {
    const processInstanceKey = await finishedInstance();
    const requestsBefore = tokenRequests.length;
    const api = createRestApi({ restAddress: process.env.ZEEBE_REST_ADDRESS as string });
    expect(await api.processInstance(processInstanceKey)).toMatchObject({ processInstanceKey, state: 'COMPLETED' });
    expect(tokenRequests.slice(requestsBefore)[0]).toMatchObject({ client_id: CLIENT.id });
    expect(refusedCalls).toEqual([]);
  });
});
