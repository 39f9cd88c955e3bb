/**
 * A protected engine (CAMUNDA_SECURITY_AUTHENTICATION_UNPROTECTEDAPI=false) as a client meets it: the SDK with
 * CAMUNDA_AUTH_STRATEGY=BASIC and a user's credentials deploys, starts and works jobs over gRPC and REST;
 * without credentials, or with a wrong password, every call is refused in Camunda's words (gRPC
 * UNAUTHENTICATED as Zeebe's AuthenticationInterceptor, REST 401 problem+json as Spring Security) and the
 * journal on disk stays as it was. The default, unprotected API needs no credentials and ignores wrong ones.
 */
import * as grpc from '@grpc/grpc-js';
import request from 'supertest';
import { collect, rawClient } from '../gateway/grpc/raw-client';
import { bpmnXml, serviceTask } from '../support/bpmn';
import {
  basic,
  DEMO,
  filesOf,
  removeDir,
  type SecuredEngine,
  sdk,
  startSecuredEngine,
  tempDir,
} from './security-fixture';

const xml = bpmnXml({
  id: 'guarded',
  elements: `<bpmn:startEvent id="start"/>${serviceTask('work', 'guarded-work')}<bpmn:endEvent id="end"/>`,
  flows: ['start -> work -> end'],
});
const resource = { name: 'guarded.bpmn', process: Buffer.from(xml) };

describe('protected engine', () => {
  let target: SecuredEngine;
  const clients: { closeAllClients(): Promise<unknown> }[] = [];
  const client = (credentials?: { username: string; password: string }) => {
    const c = sdk(target, credentials);
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    target = await startSecuredEngine(tempDir('protected'));
  });
  afterAll(async () => {
    await target.stop();
    for (const c of clients) await c.closeAllClients();
    removeDir(target.dir);
  });

  test('the SDK with BASIC and the right credentials deploys, starts an instance and completes its job', async () => {
    const zeebe = client(DEMO).getZeebeGrpcApiClient();
    await zeebe.deployResource(resource);
    const done = zeebe.createProcessInstanceWithResult({ bpmnProcessId: 'guarded', variables: { n: 1 } });
    const worker = zeebe.createWorker({
      taskType: 'guarded-work',
      taskHandler: (job) => job.complete({ worked: true }),
    });
    try {
      expect((await done).variables).toEqual({ n: 1, worked: true });
    } finally {
      await worker.close();
    }
  });

  test('REST with BASIC: the SDK REST client and plain requests with the right credentials are served', async () => {
    const rest = client(DEMO).getCamundaRestClient();
    expect((await rest.getTopology()).brokers).toHaveLength(1);
    const res = await request(target.restUrl).get('/v2/topology').set('authorization', basic('demo', DEMO.password));
    expect(res.status).toBe(200);
  });

  test('gRPC without credentials: UNAUTHENTICATED in Zeebe words, and nothing reaches the journal', async () => {
    const before = filesOf(target.dir);
    const zeebe = client().getZeebeGrpcApiClient();
    await expect(zeebe.deployResource(resource)).rejects.toMatchObject({
      code: grpc.status.UNAUTHENTICATED,
      details: 'Expected authentication information at header with key [authorization], but found nothing',
    });
    await expect(zeebe.createProcessInstance({ bpmnProcessId: 'guarded', variables: {} })).rejects.toMatchObject({
      code: grpc.status.UNAUTHENTICATED,
    });
    expect(filesOf(target.dir)).toEqual(before);
  });

  test('gRPC with a wrong password or an unknown user: UNAUTHENTICATED "Invalid credentials"', async () => {
    const before = filesOf(target.dir);
    for (const credentials of [
      { username: 'demo', password: 'wrong' },
      { username: 'nobody', password: DEMO.password },
    ]) {
      const zeebe = client(credentials).getZeebeGrpcApiClient();
      await expect(zeebe.publishMessage({ name: 'm', correlationKey: 'k', variables: {} })).rejects.toMatchObject({
        code: grpc.status.UNAUTHENTICATED,
        details: 'Invalid credentials',
      });
      await expect(zeebe.topology()).rejects.toMatchObject({ code: grpc.status.UNAUTHENTICATED });
    }
    expect(filesOf(target.dir)).toEqual(before);
  });

  test('the streaming RPCs (ActivateJobs, StreamActivatedJobs) end UNAUTHENTICATED too, with a job waiting', async () => {
    const zeebe = client(DEMO).getZeebeGrpcApiClient();
    await zeebe.deployResource(resource);
    await zeebe.createProcessInstance({ bpmnProcessId: 'guarded', variables: {} });
    const raw = rawClient(target.services.grpcPort);
    try {
      const request = { type: 'guarded-work', worker: 'w', timeout: 60_000, maxJobsToActivate: 1, requestTimeout: 500 };
      for (const stream of [raw.ActivateJobs(request), raw.StreamActivatedJobs(request)]) {
        const { messages, status } = await collect(stream);
        expect(messages).toEqual([]);
        expect(status).toMatchObject({
          code: grpc.status.UNAUTHENTICATED,
          details: 'Expected authentication information at header with key [authorization], but found nothing',
        });
      }
      const metadata = new grpc.Metadata();
      metadata.set('authorization', basic('demo', 'wrong'));
      const { status } = await collect(raw.ActivateJobs(request, metadata));
      expect(status).toMatchObject({ code: grpc.status.UNAUTHENTICATED, details: 'Invalid credentials' });
    } finally {
      raw.close();
    }
    expect([...target.engine.listJobs()].filter((j) => j.type === 'guarded-work' && j.state === 'ACTIVATED')).toEqual(
      [],
    );
  });

  test('REST without credentials or with wrong ones: 401 problem+json in Spring words, no browser prompt', async () => {
    const before = filesOf(target.dir);
    const cases: [string | undefined, string][] = [
      [undefined, 'An Authentication object was not found in the SecurityContext'],
      ['Bearer abc', 'An Authentication object was not found in the SecurityContext'],
      [basic('demo', 'wrong'), 'Bad credentials'],
      [basic('nobody', DEMO.password), 'Bad credentials'],
      ['Basic !!!', 'Failed to decode basic authentication token'],
      [`Basic ${Buffer.from('no-colon').toString('base64')}`, 'Invalid basic authentication token'],
    ];
    for (const [authorization, detail] of cases) {
      const req = request(target.restUrl)
        .post('/v2/messages/publication')
        .send({ name: 'm', correlationKey: 'k', timeToLive: 60_000 });
      const res = await (authorization ? req.set('authorization', authorization) : req);
      expect(res.status).toBe(401);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.headers['www-authenticate']).toBeUndefined();
      expect(JSON.parse(res.text)).toEqual({
        type: 'about:blank',
        title: 'Unauthorized',
        status: 401,
        detail,
        instance: '/v2/messages/publication',
      });
    }
    const deploy = await request(target.restUrl)
      .post('/v2/deployments')
      .attach('resources', Buffer.from(xml), 'x.bpmn');
    expect(deploy.status).toBe(401);
    expect(filesOf(target.dir)).toEqual(before);
  });

  test('the paths Camunda leaves public answer without credentials', async () => {
    expect((await request(target.restUrl).get('/v2/status')).status).toBe(204);
    expect((await request(target.restUrl).get('/v2/topology')).status).toBe(401);
  });
});

describe('unprotected engine (the default, as Camunda 8 Run)', () => {
  let target: SecuredEngine;
  const clients: { closeAllClients(): Promise<unknown> }[] = [];

  beforeAll(async () => {
    target = await startSecuredEngine(tempDir('unprotected'), { unprotectedApi: true });
  });
  afterAll(async () => {
    await target.stop();
    for (const c of clients) await c.closeAllClients();
    removeDir(target.dir);
  });

  test('no credentials are needed, and wrong ones are not looked at', async () => {
    const plain = sdk(target);
    const wrong = sdk(target, { username: 'demo', password: 'wrong' });
    clients.push(plain, wrong);
    expect((await plain.getZeebeGrpcApiClient().topology()).brokers).toHaveLength(1);
    expect((await wrong.getZeebeGrpcApiClient().topology()).brokers).toHaveLength(1);
    expect((await request(target.restUrl).get('/v2/topology')).status).toBe(200);
    const res = await request(target.restUrl).get('/v2/topology').set('authorization', basic('demo', 'wrong'));
    expect(res.status).toBe(200);
  });
});
