/**
 * No single request to the engine's gateways is unbounded (src/gateway/request-limits.ts): JSON bodies,
 * multipart deployments (per file, per request, per part count) and gRPC messages over their limits are
 * refused naming the limit and its setting, malformed bodies are 400s, and nothing of a refused request
 * reaches the journal. A search whose `$like` would make a backtracking regex take minutes answers, and
 * other requests are served meanwhile.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import request from 'supertest';
import { type EngineServices, startEngineServices } from '../../src/boot/engine-gateways';
import { type Engine, openEngine } from '../../src/engine/engine';
import type { RequestLimits } from '../../src/gateway/request-limits';
import { MAX_FILTER_VALUES } from '../../src/gateway/rest/search';
import { silent } from '../engine/snapshot-fixture';
import { bpmnXml } from '../support/bpmn';
import { type RawGatewayClient, rawClient, unary } from './grpc/raw-client';

const KB = 1024;
const limits: RequestLimits = {
  maxMessageSize: 64 * KB,
  multipartMaxFileSize: 16 * KB,
  multipartMaxRequestSize: 40 * KB,
  multipartMaxPartCount: 5,
};

/** A deployable model padded with a documentation text to about `bytes`. */
function model(id: string, bytes = 0): Buffer {
  const padding = bytes > 0 ? `<bpmn:documentation>${'x'.repeat(bytes)}</bpmn:documentation>` : '';
  return Buffer.from(
    bpmnXml({
      id,
      elements: `<bpmn:startEvent id="s">${padding}</bpmn:startEvent><bpmn:endEvent id="e"/>`,
      flows: ['s -> e'],
    }),
  );
}

describe('request bounds of the engine gateways', () => {
  let dir: string;
  let engine: Engine;
  let services: EngineServices;
  let http: ReturnType<typeof request>;
  let client: RawGatewayClient;
  const journalBytes = () => statSync(join(dir, 'journal.log')).size;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'baton-request-bounds-'));
    engine = await openEngine({ dataDir: dir, logger: silent, snapshotEvery: 0, diskFreeMin: 0 });
    // a process id of 60 characters: the value a many-wildcard $like is matched against
    await engine.deploy([{ name: 'long.bpmn', content: model(`${'a'.repeat(59)}c`) }]);
    services = await startEngineServices(engine, {
      grpcPort: 0,
      restPort: 0,
      host: '127.0.0.1',
      logger: silent,
      limits,
    });
    http = request(`http://127.0.0.1:${services.restPort}`);
    client = rawClient(services.grpcPort);
  });
  afterAll(async () => {
    client.close();
    await services.close();
    engine.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const expectProblem = (res: request.Response, status: number, detail: RegExp) => {
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(JSON.parse(res.text)).toMatchObject({ status, detail: expect.stringMatching(detail) });
  };

  test('a JSON body over the maximum message size is a 413 naming the limit; malformed JSON a 400', async () => {
    const before = journalBytes();
    const big = { processDefinitionId: 'x', variables: { blob: 'x'.repeat(64 * KB) } };
    expectProblem(
      await http.post('/v2/process-instances').send(big),
      413,
      /larger than 65536 bytes \(ZEEBE_BROKER_NETWORK_MAXMESSAGESIZE\)/,
    );
    expectProblem(
      await http.post('/v2/process-instances').set('content-type', 'application/json').send('{"processDefinitionId":'),
      400,
      /not valid JSON/,
    );
    expect(journalBytes()).toBe(before);
  });

  test('malformed multipart is a 400, never a 500, and deploys nothing', async () => {
    const before = journalBytes();
    expectProblem(
      await http.post('/v2/deployments').set('content-type', 'multipart/form-data').send('garbage'),
      400,
      /multipart request is malformed/,
    );
    expectProblem(
      await http
        .post('/v2/deployments')
        .set('content-type', 'multipart/form-data; boundary=XYZ')
        .send('--XYZ\r\nContent-Disposition: form-data; name="resources"; filename="a.bpmn"\r\n\r\n<bpmn'),
      400,
      /multipart request is malformed/,
    );
    expect(journalBytes()).toBe(before);
  });

  test('a deployment over the per-file, per-request or part limits is a 413 naming it; nothing is journaled', async () => {
    const before = journalBytes();
    expectProblem(
      await http.post('/v2/deployments').attach('resources', model('big', 20 * KB), 'big.bpmn'),
      413,
      /file 'big\.bpmn' is larger than 16384 bytes \(SPRING_SERVLET_MULTIPART_MAX_FILE_SIZE\)/,
    );
    const three = http.post('/v2/deployments');
    for (const id of ['one', 'two', 'three']) three.attach('resources', model(id, 14 * KB), `${id}.bpmn`);
    expectProblem(await three, 413, /larger than 40960 bytes \(SPRING_SERVLET_MULTIPART_MAX_REQUEST_SIZE\)/);
    const many = http.post('/v2/deployments');
    for (let i = 0; i < 6; i++) many.attach('resources', model(`p${i}`), `p${i}.bpmn`);
    expectProblem(await many, 413, /more than 5 parts \(SERVER_TOMCAT_MAX_PART_COUNT\)/);
    expectProblem(
      await http
        .post('/v2/deployments')
        .field('tenantId', 'x'.repeat(17 * KB))
        .attach('resources', model('small'), 'small.bpmn'),
      413,
      /field 'tenantId' is larger than 16384 bytes \(SPRING_SERVLET_MULTIPART_MAX_FILE_SIZE\)/,
    );
    expect(journalBytes()).toBe(before);
    expect([...engine.listProcessDefinitions()]).toHaveLength(1);

    const ok = http.post('/v2/deployments');
    for (const id of ['one', 'two']) ok.attach('resources', model(id, 14 * KB), `${id}.bpmn`);
    expect((await ok).status).toBe(200);
    expect(journalBytes()).toBeGreaterThan(before);
  });

  test('a multipart body sent without Content-Length is counted as it streams and cut at the request limit', async () => {
    const before = journalBytes();
    const boundary = 'bound';
    const part = (id: string) =>
      Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="resources"; filename="${id}.bpmn"\r\nContent-Type: text/xml\r\n\r\n`,
        ),
        model(id, 14 * KB),
        Buffer.from('\r\n'),
      ]);
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port: services.restPort,
          method: 'POST',
          path: '/v2/deployments',
          headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'transfer-encoding': 'chunked' },
        },
        (res) => {
          let body = '';
          res.on('data', (chunk) => {
            body += chunk;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      for (const id of ['c1', 'c2', 'c3']) req.write(part(id));
      req.end(`--${boundary}--\r\n`);
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body).detail).toMatch(/larger than 40960 bytes/);
    expect(journalBytes()).toBe(before);
  });

  test('a gRPC DeployResource over the maximum message size is RESOURCE_EXHAUSTED naming it; nothing is journaled', async () => {
    const before = journalBytes();
    const refused = await unary(client, 'DeployResource', {
      resources: [{ name: 'huge.bpmn', content: model('huge', 70 * KB) }],
    }).catch((err: grpc.ServiceError) => err);
    expect(refused).toMatchObject({ code: grpc.status.RESOURCE_EXHAUSTED });
    expect((refused as grpc.ServiceError).details).toMatch(/65536/);
    expect(journalBytes()).toBe(before);
  });

  test('a $like with eight wildcards answers, another request is served meanwhile, and a big $in is a 400', async () => {
    const slow = http
      .post('/v2/process-definitions/search')
      .send({ filter: { processDefinitionId: { $like: '*a*a*a*a*a*a*a*a*b' } } })
      .then((res) => res);
    const meanwhile = await http.get('/v2/topology');
    expect(meanwhile.status).toBe(200);
    const answered = await slow;
    expect(answered.status).toBe(200);
    expect(answered.body.items).toEqual([]);
    const found = await http
      .post('/v2/process-definitions/search')
      .send({ filter: { processDefinitionId: { $like: '*a*a*a*a*a*a*a*a*c' } } });
    expect(found.body.items).toHaveLength(1);

    const values = Array.from({ length: MAX_FILTER_VALUES + 1 }, (_, i) => `process-${i}`);
    expectProblem(
      await http.post('/v2/process-definitions/search').send({ filter: { processDefinitionId: { $in: values } } }),
      400,
      /more than 1000 values.*'filter\.processDefinitionId\.\$in'/,
    );
  });
});
