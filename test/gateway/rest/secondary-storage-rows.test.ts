/**
 * Sequence flows and element instances over REST v2 as Camunda 8.8's secondary storage shows them: a taken
 * flow's `sequenceFlowId` is "<processInstanceKey>_<flowId>" with the BPMN id in `elementId` (Camunda's
 * SequenceFlowDbModel), and the process itself is never an element instance (its exporters skip PROCESS
 * records), so the instance's state is only on `GET /v2/process-instances/{key}`. Camunda's sequence flows
 * are a search by instance key: an instance it has no rows for answers no items, not 404.
 */
import express from 'express';
import pino from 'pino';
import request from 'supertest';
import { createRestRouter } from '../../../src/gateway/rest';
import { bpmnXml, serviceTask } from '../../support/bpmn';
import { newEngine } from '../../support/in-process';

const xml = bpmnXml({
  id: 'rows-flow',
  elements: `<bpmn:startEvent id="start"/>${serviceTask('work', 'rows-work')}<bpmn:endEvent id="end"/>`,
  flows: ['start -> work -> end'],
});

describe("REST v2 rows as Camunda's secondary storage has them", () => {
  const engine = newEngine();
  const app = express();
  app.use('/v2', createRestRouter(engine, pino({ level: 'silent' })).router);
  const http = () => request(app);
  afterAll(() => engine.close());

  let definitionKey: string;
  let key: string;

  beforeAll(async () => {
    const deployed = await http().post('/v2/deployments').attach('resources', Buffer.from(xml), 'rows-flow.bpmn');
    definitionKey = deployed.body.deployments[0].processDefinition.processDefinitionKey;
    key = (await http().post('/v2/process-instances').send({ processDefinitionId: 'rows-flow' })).body
      .processInstanceKey;
  });

  test('a taken flow: sequenceFlowId is "<processInstanceKey>_<flowId>", elementId the BPMN id', async () => {
    const flows = await http().get(`/v2/process-instances/${key}/sequence-flows`);
    expect(flows.status).toBe(200);
    expect(flows.body).toEqual({
      items: [
        {
          sequenceFlowId: `${key}_flow_start_work`,
          elementId: 'flow_start_work',
          processInstanceKey: key,
          processDefinitionKey: definitionKey,
          processDefinitionId: 'rows-flow',
          tenantId: '<default>',
        },
      ],
    });
  });

  test("an instance storage has no flows for: 200 with no items (Camunda's is a plain search), a bad key 400", async () => {
    const unknown = await http().get('/v2/process-instances/2251799813600000/sequence-flows');
    expect(unknown.status).toBe(200);
    expect(unknown.body).toEqual({ items: [] });
    expect((await http().get('/v2/process-instances/abc/sequence-flows')).status).toBe(400);
  });

  test('the element-instance search has no PROCESS row, filtered by instance or not, nor by type', async () => {
    const ofInstance = await http()
      .post('/v2/element-instances/search')
      .send({ filter: { processInstanceKey: key } });
    expect(ofInstance.body.items.map((e: { elementId: string; type: string }) => [e.elementId, e.type])).toEqual([
      ['start', 'START_EVENT'],
      ['work', 'SERVICE_TASK'],
    ]);
    expect(ofInstance.body.page.totalItems).toBe(2);
    const everything = await http().post('/v2/element-instances/search').send({});
    expect(everything.body.items.map((e: { type: string }) => e.type)).not.toContain('PROCESS');
    const byType = await http()
      .post('/v2/element-instances/search')
      .send({ filter: { type: 'PROCESS' } });
    expect(byType.body).toMatchObject({ items: [], page: { totalItems: 0 } });
  });

  test('the process instance is not an element instance: GET by its key is 404', async () => {
    const asElement = await http().get(`/v2/element-instances/${key}`);
    expect(asElement.status).toBe(404);
    expect(asElement.body).toMatchObject({ status: 404, title: 'NOT_FOUND' });
    // its state is where Camunda keeps it
    expect((await http().get(`/v2/process-instances/${key}`)).body).toMatchObject({ state: 'ACTIVE' });
  });

  test('a completed instance: every flow taken, still no PROCESS row', async () => {
    const job = (
      await http()
        .post('/v2/jobs/activation')
        .send({ type: 'rows-work', timeout: 60_000, maxJobsToActivate: 1, requestTimeout: -1 })
    ).body.jobs[0];
    expect((await http().post(`/v2/jobs/${job.jobKey}/completion`).send({})).status).toBe(204);
    expect((await http().get(`/v2/process-instances/${key}`)).body.state).toBe('COMPLETED');
    const flows = await http().get(`/v2/process-instances/${key}/sequence-flows`);
    expect(
      flows.body.items.map((f: { sequenceFlowId: string; elementId: string }) => [f.sequenceFlowId, f.elementId]),
    ).toEqual([
      [`${key}_flow_start_work`, 'flow_start_work'],
      [`${key}_flow_work_end`, 'flow_work_end'],
    ]);
    const rows = await http()
      .post('/v2/element-instances/search')
      .send({ filter: { processInstanceKey: key } });
    expect(rows.body.items.map((e: { elementId: string; state: string }) => [e.elementId, e.state])).toEqual([
      ['start', 'COMPLETED'],
      ['work', 'COMPLETED'],
      ['end', 'COMPLETED'],
    ]);
  });
});
