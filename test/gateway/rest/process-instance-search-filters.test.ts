/**
 * The filters of POST /v2/process-instances/search that Camunda 8.8 matches on what belongs to an instance:
 * its variables (`variables: [{ name, value }]`, value as JSON text), an active incident's `errorMessage`,
 * and the element it is at (`elementId` with `elementInstanceState`), also inside `$or` groups. The instances UI searches orders by
 * order id and filters by step and error with them.
 */
import express from 'express';
import pino from 'pino';
import request from 'supertest';
import { createRestRouter } from '../../../src/gateway/rest';
import { serviceTask } from '../../support/bpmn';
import { activateOne, deployProcesses, newEngine } from '../../support/in-process';

describe('process instance search by variables, error message and element', () => {
  const engine = newEngine();
  const app = express();
  app.use(express.json());
  app.use('/v2', createRestRouter(engine, pino({ level: 'silent' })).router);
  const find = async (filter: Record<string, unknown>) => {
    const res = await request(app).post('/v2/process-instances/search').send({ filter });
    expect(res.status).toBe(200);
    return (res.body.items as { processInstanceKey: string }[]).map((i) => i.processInstanceKey).sort();
  };
  const keys: Record<string, string> = {};
  afterAll(() => engine.close());

  beforeAll(async () => {
    await deployProcesses(engine, {
      id: 'filters',
      elements: `<bpmn:startEvent id="start"/>${serviceTask('charge', 'filters-charge')}<bpmn:endEvent id="end"/>`,
      flows: ['start -> charge -> end'],
    });
    for (const [orderId, customerId, amount] of [
      ['o-1', 'c-1', 10],
      ['o-2', 'c-2', 20],
      ['o-3', 'c-1', 30],
    ] as const) {
      const created = engine.createProcessInstance({
        bpmnProcessId: 'filters',
        variables: { orderId, customerId, amount },
      });
      keys[orderId] = created.processInstanceKey;
    }
    const job = activateOne(engine, 'filters-charge');
    engine.failJob(job.key, 0, 'card declined', 0);
  });

  test('variables match on their JSON text; every entry must match', async () => {
    expect(await find({ variables: [{ name: 'orderId', value: '"o-3"' }] })).toEqual([keys['o-3']]);
    expect(await find({ variables: [{ name: 'customerId', value: '"c-1"' }] })).toEqual(
      [keys['o-1'], keys['o-3']].sort(),
    );
    expect(
      await find({
        variables: [
          { name: 'customerId', value: '"c-1"' },
          { name: 'amount', value: { $gt: 15 } },
        ],
      }),
    ).toEqual([keys['o-3']]);
    expect(await find({ variables: [{ name: 'orderId', value: { $like: '*o-*' } }] })).toHaveLength(3);
    expect(await find({ variables: [{ name: 'orderId', value: 'o-3' }] })).toEqual([]);
  });

  test('errorMessage matches an active incident; elementId with elementInstanceState the step it is at', async () => {
    const failed = await find({ errorMessage: { $like: '*declined*' } });
    expect(failed).toHaveLength(1);
    expect(await find({ elementId: 'charge', elementInstanceState: 'ACTIVE' })).toHaveLength(3);
    expect(await find({ elementId: 'end' })).toEqual([]);
    expect(await find({ hasElementInstanceIncident: true })).toEqual(failed);
  });

  test('$or: the top-level fields and any one of the groups (a search over several business keys)', async () => {
    const byEither = {
      $or: [
        { variables: [{ name: 'orderId', value: '"c-2"' }] },
        { variables: [{ name: 'customerId', value: '"c-2"' }] },
      ],
    };
    expect(await find(byEither)).toEqual([keys['o-2']]);
    expect(await find({ ...byEither, hasIncident: true })).toEqual(
      (await find({ hasIncident: true })).filter((k) => k === keys['o-2']),
    );
    const res = await request(app)
      .post('/v2/process-instances/search')
      .send({ filter: { $or: [{ nope: 1 }] } });
    expect(res.status).toBe(400);
    expect(res.body.detail).toMatch(/filter\.\$or\[0\]\.nope/);
  });

  test('a malformed variables filter is a 400 naming the field', async () => {
    const res = await request(app)
      .post('/v2/process-instances/search')
      .send({ filter: { variables: [{ value: '"x"' }] } });
    expect(res.status).toBe(400);
    expect(res.body.detail).toMatch(/filter\.variables\[0\]\.name/);
  });
});
