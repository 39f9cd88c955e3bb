/**
 * The UI's `/v2` on the app's origin (:3000) against a protected cluster: the embedded engine with
 * CAMUNDA_SECURITY_AUTHENTICATION_UNPROTECTEDAPI=false, started apart and reached as an external cluster
 * (ZEEBE_GRPC_ADDRESS, ZEEBE_REST_ADDRESS through a proxy that writes down what arrives, CAMUNDA_AUTH_STRATEGY=BASIC).
 * The instance view's reads work with the app's cluster credentials; the browser's own Authorization (Baton's
 * API key), Cookie (an Operate session) and Origin never reach the cluster; writes need Baton's key; the
 * cluster's users and anything the UI does not call are not passed through (404), and nothing changes on disk.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { CamundaEnvironmentConfigurator, constructOAuthProvider } from '@camunda8/sdk/dist/lib';
import express from 'express';
import pino from 'pino';
import request from 'supertest';
import { camundaRestPassthrough } from '../../src/app/camunda-rest-passthrough';
import type { RunningBaton } from '../../src/boot/start-baton';
import { openTestDatabase } from '../data/test-database';
import {
  basic,
  DEMO,
  filesOf,
  removeDir,
  type SecuredEngine,
  sdk,
  startSecuredEngine,
  tempDir,
} from '../engine-security/security-fixture';
import { bpmnXml } from '../support/bpmn';
import { type RecordingProxy, startRecordingProxy } from '../support/recording-proxy';
import { startTestBaton } from '../support/test-baton';

const API_KEY = 'passthrough-key-0123456789abcdef';
const KEY = { Authorization: `Bearer ${API_KEY}` };
/** what a browser on :3000 sends along: Baton's key, an Operate session on the same host, its origin */
const BROWSER = {
  ...KEY,
  Cookie: 'OPERATE-SESSION=operate-session-secret; other=1',
  Origin: 'http://localhost:3000',
  Referer: 'http://localhost:3000/instances',
  'X-Forwarded-For': '203.0.113.9',
  'X-API-Key': API_KEY,
};
const WAITING = bpmnXml({
  id: 'passthrough-waiting',
  elements: `<bpmn:startEvent id="start" />
<bpmn:serviceTask id="wait"><bpmn:extensionElements><zeebe:taskDefinition type="nobody-works-this" /></bpmn:extensionElements></bpmn:serviceTask>
<bpmn:endEvent id="end" />`,
  flows: ['start -> wait -> end'],
});

describe("the UI's /v2 on :3000 against a protected cluster", () => {
  let cluster: SecuredEngine;
  let proxy: RecordingProxy;
  let baton: RunningBaton;
  let dataDir: string;
  let instanceKey: string;
  let definitionKey: string;

  beforeAll(async () => {
    cluster = await startSecuredEngine(tempDir('passthrough-cluster'));
    proxy = await startRecordingProxy(cluster.restUrl);
    dataDir = tempDir('passthrough-app');
    // opened before the app starts: opening it holds this process's event loop, which the cluster shares
    const db = await openTestDatabase();
    baton = await startTestBaton({
      dataDir,
      env: {
        API_KEY,
        ZEEBE_GRPC_ADDRESS: cluster.grpcAddress,
        ZEEBE_REST_ADDRESS: proxy.url,
        CAMUNDA_AUTH_STRATEGY: 'BASIC',
        CAMUNDA_BASIC_AUTH_USERNAME: DEMO.username,
        CAMUNDA_BASIC_AUTH_PASSWORD: DEMO.password,
      },
      openDatabase: async () => db,
    });
    const client = sdk(cluster, DEMO);
    try {
      const rest = client.getCamundaRestClient();
      const deployed = await rest.deployResources([{ name: 'waiting.bpmn', content: WAITING }]);
      definitionKey = String(deployed.processes[0].processDefinitionKey);
      const started = await rest.createProcessInstance({ processDefinitionId: 'passthrough-waiting', variables: {} });
      instanceKey = String(started.processInstanceKey);
    } finally {
      await client.closeAllClients();
    }
  });
  afterAll(async () => {
    await baton?.close(5_000);
    await proxy?.close();
    await cluster?.stop();
    removeDir(dataDir);
    removeDir(cluster.dir);
  });

  const app = () => request(baton.url);

  it('serves the instance view’s reads without a key, with the app’s cluster credentials', async () => {
    const instance = await app().get(`/v2/process-instances/${instanceKey}`);
    expect(instance.status).toBe(200);
    expect(instance.body).toMatchObject({ processInstanceKey: instanceKey, state: 'ACTIVE' });
    for (const path of ['process-instances', 'element-instances', 'incidents', 'variables']) {
      const found = await app()
        .post(`/v2/${path}/search`)
        .send({ filter: { processInstanceKey: instanceKey } });
      expect([path, found.status]).toEqual([path, 200]);
    }
    expect((await app().get(`/v2/process-instances/${instanceKey}/sequence-flows`)).status).toBe(200);
    const definitions = await app().post('/v2/process-definitions/search').send({});
    expect(definitions.status).toBe(200);
    const xml = await app().get(`/v2/process-definitions/${definitionKey}/xml`);
    expect(xml.status).toBe(200);
    expect(xml.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'; sandbox");
    expect(xml.headers['x-content-type-options']).toBe('nosniff');
  });

  it("sends the cluster the app's credentials, never the browser's key, cookie, origin or forwarding headers", async () => {
    proxy.requests.length = 0;
    const found = await app()
      .post('/v2/element-instances/search')
      .set(BROWSER)
      .send({ filter: { processInstanceKey: instanceKey } });
    expect(found.status).toBe(200);
    const sent = proxy.requests.filter((r) => r.url.startsWith('/v2/element-instances/search'));
    expect(sent).toHaveLength(1);
    const headers = sent[0].headers;
    expect(headers.authorization).toBe(basic(DEMO.username, DEMO.password));
    for (const name of ['cookie', 'origin', 'referer', 'x-forwarded-for', 'x-api-key']) {
      expect([name, headers[name]]).toEqual([name, undefined]);
    }
    expect(JSON.stringify(proxy.requests)).not.toContain(API_KEY);
    expect(JSON.stringify(proxy.requests)).not.toContain('operate-session-secret');
  });

  it("writes need Baton's key: refused without it (nothing changes), done with it", async () => {
    const before = filesOf(cluster.dir);
    const refused = await app().post(`/v2/process-instances/${instanceKey}/cancellation`).send({});
    expect(refused.status).toBe(401);
    expect(filesOf(cluster.dir)).toEqual(before);
    expect((await app().get(`/v2/process-instances/${instanceKey}`)).body.state).toBe('ACTIVE');

    const cancelled = await app().post(`/v2/process-instances/${instanceKey}/cancellation`).set(BROWSER).send({});
    expect(cancelled.status).toBe(204);
    expect((await app().get(`/v2/process-instances/${instanceKey}`)).body.state).toBe('TERMINATED');
  });

  it("the task list's reads are open; its claim, unclaim (DELETE) and completion need Baton's key", async () => {
    const tasks = await app()
      .post('/v2/user-tasks/search')
      .send({ filter: { state: 'CREATED' } });
    expect(tasks.status).toBe(200);
    const before = filesOf(cluster.dir);
    for (const refused of [
      app().post('/v2/user-tasks/1/assignment').send({ assignee: 'erin' }),
      app().delete('/v2/user-tasks/1/assignee'),
      app().post('/v2/user-tasks/1/completion').send({}),
    ]) {
      expect((await refused).status).toBe(401);
    }
    expect(filesOf(cluster.dir)).toEqual(before);
    // with the key the cluster answers: no such task
    const unknown = await app().delete('/v2/user-tasks/1/assignee').set(BROWSER);
    expect(unknown.status).toBe(404);
    expect(unknown.body.detail).toContain('no such user task was found');
  });

  it("keeps the cluster's users, the session and what the UI does not call off :3000 (404, nothing changes)", async () => {
    proxy.requests.length = 0;
    const before = filesOf(cluster.dir);
    const refusals: [string, Promise<request.Response>][] = [
      ['user', app().get('/v2/users/demo').set(BROWSER)],
      ['user search', app().post('/v2/users/search').set(BROWSER).send({})],
      [
        'user creation',
        app().post('/v2/users').set(BROWSER).send({ username: 'intruder', password: 'intruder-Pass-1' }),
      ],
      ['who am I', app().get('/v2/authentication/me').set(BROWSER)],
      ['topology', app().get('/v2/topology').set(BROWSER)],
      ['clock', app().put('/v2/clock').set(BROWSER).send({ timestamp: 0 })],
      [
        'deployment',
        app().post('/v2/deployments').set(BROWSER).attach('resources', Buffer.from(WAITING), 'other.bpmn'),
      ],
      ['dot segments', app().get(`/v2/process-instances/${instanceKey}/../../users`).set(BROWSER)],
      ['encoded dot segments', app().get('/v2/process-instances/%2e%2e%2fusers').set(BROWSER)],
    ];
    for (const [what, answer] of refusals) {
      const refused = await answer;
      expect([what, refused.status]).toEqual([what, 404]);
      expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    }
    // nor with no key at all
    expect((await app().post('/v2/users/search').send({})).status).toBe(404);
    expect(proxy.requests).toEqual([]);
    expect(filesOf(cluster.dir)).toEqual(before);
  });

  it("answers 502 when the cluster refuses the app's credentials, so the UI does not ask for Baton's key", async () => {
    const wrong = express();
    const passthrough = camundaRestPassthrough({
      apiKey: API_KEY,
      logger: pino({ level: 'silent' }),
      restAddress: proxy.url,
      clusterHeaders: async () => ({ authorization: basic(DEMO.username, 'not-the-password') }),
    });
    wrong.use('/v2', passthrough as express.Router);
    const answer = await request(wrong).get(`/v2/process-instances/${instanceKey}`).set(BROWSER);
    expect(answer.status).toBe(502);
    expect(answer.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(answer.headers['www-authenticate']).toBeUndefined();
    expect(answer.body.detail).toMatch(/refused the app's credentials/);
  });
});

describe("the UI's /v2 against an OAuth cluster", () => {
  const servers: http.Server[] = [];
  const serve = async (handler: http.RequestListener) => {
    const server = http.createServer(handler);
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  };
  afterAll(async () => {
    for (const server of servers) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('presents the token the SDK’s OAuth provider obtains, as start-baton wires it', async () => {
    // the SDK reads the expiry from the token, so the identity provider's answer is a (unsigned) JWT
    const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const token = `${part({ alg: 'none' })}.${part({ sub: 'baton-app', exp: Math.floor(Date.now() / 1000) + 300 })}.x`;
    const tokenRequests: string[] = [];
    const tokenUrl = await serve((req, res) => {
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => {
        tokenRequests.push(body);
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ access_token: token, expires_in: 300, token_type: 'Bearer' }));
      });
    });
    const seen: http.IncomingHttpHeaders[] = [];
    const clusterUrl = await serve((req, res) => {
      seen.push(req.headers);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ items: [], page: { totalItems: 0 } }));
    });
    const configuration = CamundaEnvironmentConfigurator.mergeConfigWithEnvironment({
      CAMUNDA_AUTH_STRATEGY: 'OAUTH',
      ZEEBE_CLIENT_ID: 'baton-app',
      ZEEBE_CLIENT_SECRET: 'baton-app-secret',
      CAMUNDA_OAUTH_URL: tokenUrl,
      ZEEBE_TOKEN_AUDIENCE: 'zeebe-api',
      CAMUNDA_TOKEN_DISK_CACHE_DISABLE: true,
      CAMUNDA_LOG_LEVEL: 'none',
    });
    const oAuthProvider = constructOAuthProvider(configuration, { explicitFromConstructor: true });
    const app = express();
    app.use(
      '/v2',
      camundaRestPassthrough({
        apiKey: API_KEY,
        logger: pino({ level: 'silent' }),
        restAddress: clusterUrl,
        clusterHeaders: () => oAuthProvider.getHeaders('ZEEBE'),
      }) as express.Router,
    );
    const found = await request(app).post('/v2/process-instances/search').set(BROWSER).send({});
    expect(found.status).toBe(200);
    expect(seen).toHaveLength(1);
    expect(seen[0].authorization).toBe(`Bearer ${token}`);
    expect(seen[0].cookie).toBeUndefined();
    expect(tokenRequests[0]).toContain('client_id=baton-app');
  });
  it("passes back what describes the answer, not the cluster's cookies, login challenge or CORS grants", async () => {
    const clusterUrl = await serve((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.setHeader('set-cookie', 'OPERATE-SESSION=from-the-cluster; Path=/');
      res.setHeader('access-control-allow-origin', '*');
      res.setHeader('access-control-allow-credentials', 'true');
      res.setHeader('www-authenticate', 'Basic realm="camunda"');
      res.setHeader('etag', '"v1"');
      res.end(JSON.stringify({ items: [], page: { totalItems: 0 } }));
    });
    const app = express();
    app.use(
      '/v2',
      camundaRestPassthrough({
        apiKey: API_KEY,
        logger: pino({ level: 'silent' }),
        restAddress: clusterUrl,
      }) as express.Router,
    );
    const found = await request(app).post('/v2/incidents/search').send({});
    expect(found.status).toBe(200);
    expect(found.body).toEqual({ items: [], page: { totalItems: 0 } });
    expect(found.headers.etag).toBe('"v1"');
    for (const name of [
      'set-cookie',
      'access-control-allow-origin',
      'access-control-allow-credentials',
      'www-authenticate',
    ]) {
      expect([name, found.headers[name]]).toEqual([name, undefined]);
    }
  });
  it('answers 502 for a redirect (a login page), without following it', async () => {
    const followed: string[] = [];
    const clusterUrl = await serve((req, res) => {
      if (req.url?.startsWith('/login')) {
        followed.push(req.url);
        res.setHeader('content-type', 'application/json');
        res.end('{"items":[],"page":{"totalItems":0}}');
        return;
      }
      res.writeHead(302, { location: '/login?next=/v2' });
      res.end();
    });
    const app = express();
    app.use(
      '/v2',
      camundaRestPassthrough({
        apiKey: API_KEY,
        logger: pino({ level: 'silent' }),
        restAddress: clusterUrl,
      }) as express.Router,
    );
    const answer = await request(app).post('/v2/variables/search').send({});
    expect(answer.status).toBe(502);
    expect(answer.headers.location).toBeUndefined();
    expect(answer.body.detail).toMatch(/redirect \(302\).*ZEEBE_REST_ADDRESS/);
    expect(followed).toEqual([]);
  });
  it('never names the password a REST address may carry', async () => {
    const app = express();
    app.use(
      '/v2',
      camundaRestPassthrough({
        apiKey: API_KEY,
        logger: pino({ level: 'silent' }),
        restAddress: 'http://baton:address-s3cret@127.0.0.1:9',
      }) as express.Router,
    );
    const answer = await request(app).post('/v2/process-instances/search').send({});
    expect(answer.status).toBe(502);
    expect(answer.text).toContain('http://127.0.0.1:9');
    expect(answer.text).not.toContain('address-s3cret');
  });
});
