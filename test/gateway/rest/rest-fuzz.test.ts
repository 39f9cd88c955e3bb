/**
 * Hostile input at every REST v2 write and search endpoint (fast-check): wrong types, unknown keys, huge and
 * deeply nested values, negative numbers, non-JSON text. The gateway never answers 5xx, a rejected request
 * (4xx) changes nothing, and the engine keeps serving valid requests afterwards.
 */
import express from 'express';
import fc from 'fast-check';
import pino from 'pino';
import request from 'supertest';
import { createRestRouter } from '../../../src/gateway/rest';
import { bpmnXml, serviceTask } from '../../support/bpmn';
import { newEngine } from '../../support/in-process';

const ENDPOINTS: [method: 'post' | 'put' | 'patch', path: string][] = [
  ['post', '/v2/process-instances'],
  ['post', '/v2/process-instances/search'],
  ['post', '/v2/process-instances/KEY/cancellation'],
  ['post', '/v2/element-instances/search'],
  ['put', '/v2/element-instances/KEY/variables'],
  ['post', '/v2/incidents/search'],
  ['post', '/v2/incidents/KEY/resolution'],
  ['post', '/v2/variables/search'],
  ['post', '/v2/process-definitions/search'],
  ['post', '/v2/jobs/activation'],
  ['post', '/v2/jobs/KEY/completion'],
  ['post', '/v2/jobs/KEY/failure'],
  ['post', '/v2/jobs/KEY/error'],
  ['patch', '/v2/jobs/KEY'],
  ['post', '/v2/messages/publication'],
  ['post', '/v2/messages/correlation'],
  ['post', '/v2/signals/broadcast'],
  ['post', '/v2/conditionals/evaluation'],
  ['post', '/v2/element-instances/ad-hoc-activities/KEY/activation'],
  ['put', '/v2/clock'],
  ['post', '/v2/resources/KEY/deletion'],
];

const FIELDS = [
  'processDefinitionId',
  'processDefinitionKey',
  'variables',
  'type',
  'timeout',
  'maxJobsToActivate',
  'requestTimeout',
  'retries',
  'errorCode',
  'name',
  'correlationKey',
  'timeToLive',
  'messageId',
  'signalName',
  'timestamp',
  'filter',
  'sort',
  'page',
  'changeset',
  'tenantId',
  '__proto__',
  'constructor',
];

const hostileValue = fc.oneof(
  fc.integer({ min: -1e12, max: -1 }),
  fc.double(),
  fc.string({ maxLength: 20 }),
  fc.constant('x'.repeat(100_000)),
  fc.constant(null),
  fc.boolean(),
  fc.array(fc.anything({ maxDepth: 2 }), { maxLength: 5 }),
  fc.object({ maxDepth: 3 }),
  fc.constant({ $like: 7, $in: 'not-an-array' }),
);

const hostileBody = fc.oneof(
  fc.dictionary(fc.constantFrom(...FIELDS), hostileValue, { maxKeys: 5 }),
  fc.anything({ maxDepth: 3 }),
);

const keys = fc.oneof(
  fc.constant('2251799813685249'),
  fc.constant('-1'),
  fc.constant('99999999999999999999'),
  fc.string({ maxLength: 8 }),
);

describe('REST v2 under hostile input', () => {
  const engine = newEngine();
  const app = express();
  app.use('/v2', createRestRouter(engine, pino({ level: 'silent' })).router);
  afterAll(() => engine.close());

  const snapshot = () =>
    JSON.stringify([
      [...engine.listProcessDefinitions()],
      [...engine.listProcessInstances()],
      [...engine.listJobs()],
      [...engine.listIncidents()],
      [...engine.listVariables()],
      engine.clock.now(),
    ]);

  beforeAll(async () => {
    engine.clock.pin(Date.parse('2030-01-01T00:00:00Z'));
    await engine.deploy([
      {
        name: 'fuzz.bpmn',
        content: bpmnXml({
          id: 'fuzz',
          elements: `<bpmn:startEvent id="s"/>${serviceTask('t', 'fuzz')}<bpmn:endEvent id="e"/>`,
          flows: ['s -> t -> e'],
        }),
      },
    ]);
    engine.createProcessInstance({ bpmnProcessId: 'fuzz', variables: { a: 1 } });
  });

  test('no request is answered 5xx; a rejected one changes nothing', async () => {
    let rejected = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ENDPOINTS),
        keys,
        hostileBody,
        fc.boolean(),
        async ([method, path], key, body, asText) => {
          const before = snapshot();
          const req = request(app)
            [method](path.replace('KEY', encodeURIComponent(key)))
            .set('content-type', 'application/json');
          const response = await req.send(asText ? `${JSON.stringify(body) ?? ''}}{` : JSON.stringify(body ?? null));
          expect(response.status).toBeLessThan(500);
          if (response.status >= 400) {
            rejected++;
            expect(response.headers['content-type']).toMatch(/problem\+json/);
            expect(typeof response.body.detail).toBe('string');
            expect(snapshot()).toBe(before);
          }
        },
      ),
      { numRuns: 300, seed: 20261124 },
    );
    expect(rejected).toBeGreaterThan(250);

    // and it still serves
    const ok = await request(app)
      .post('/v2/process-instances')
      .send({ processDefinitionId: 'fuzz', variables: { b: 2 } });
    expect(ok.status).toBe(200);
  });
});
