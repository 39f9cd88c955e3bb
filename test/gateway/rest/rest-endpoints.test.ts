/**
 * Every REST v2 endpoint of the embedded engine over HTTP (supertest), with Camunda's status codes and
 * problem+json errors; each class of bad input is answered 400/404/409 naming the field, and leaves the
 * engine's state as it was.
 */
import express from 'express';
import pino from 'pino';
import request from 'supertest';
import { createRestRouter } from '../../../src/gateway/rest';
import { bpmnXml, serviceTask } from '../../support/bpmn';
import { newEngine } from '../../support/in-process';

const xml = bpmnXml({
  id: 'rest-flow',
  elements: `<bpmn:startEvent id="start"/>${serviceTask('work', 'rest-work')}
    <bpmn:intermediateCatchEvent id="wait"><bpmn:messageEventDefinition messageRef="m"/></bpmn:intermediateCatchEvent>
    <bpmn:endEvent id="end"/>
    <bpmn:boundaryEvent id="failed" attachedToRef="work"><bpmn:errorEventDefinition errorRef="err"/></bpmn:boundaryEvent>
    <bpmn:endEvent id="failed-end"/>`,
  flows: ['start -> work -> wait -> end', 'failed -> failed-end'],
  definitions: `<bpmn:message id="m" name="go"><bpmn:extensionElements><zeebe:subscription correlationKey="= id"/></bpmn:extensionElements></bpmn:message>
    <bpmn:error id="err" errorCode="BROKEN"/>`,
});

describe('REST v2 endpoints', () => {
  const engine = newEngine();
  const app = express();
  app.use('/v2', createRestRouter(engine, pino({ level: 'silent' })).router);
  const http = () => request(app);
  afterAll(() => engine.close());

  /** Everything a rejected request must leave untouched. */
  const snapshot = () =>
    JSON.stringify({
      definitions: [...engine.listProcessDefinitions()],
      instances: [...engine.listProcessInstances()],
      elements: [...engine.listElementInstances()],
      jobs: [...engine.listJobs()],
      incidents: [...engine.listIncidents()],
      variables: [...engine.listVariables()],
    });

  let definitionKey: string;

  test('POST /v2/deployments takes multipart resources; an invalid model is 400 naming the element', async () => {
    const ok = await http().post('/v2/deployments').attach('resources', Buffer.from(xml), 'rest-flow.bpmn');
    expect(ok.status).toBe(200);
    expect(ok.body.deployments[0].processDefinition).toMatchObject({
      processDefinitionId: 'rest-flow',
      processDefinitionVersion: 1,
    });
    definitionKey = ok.body.deployments[0].processDefinition.processDefinitionKey;

    const before = snapshot();
    const bad = await http()
      .post('/v2/deployments')
      .attach('resources', Buffer.from(xml.replace('<zeebe:taskDefinition type="rest-work" />', '')), 'broken.bpmn');
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(bad.body).toMatchObject({ status: 400, title: 'INVALID_ARGUMENT' });
    expect(bad.body.detail).toMatch(/work/);
    const none = await http().post('/v2/deployments').field('tenantId', '<default>');
    expect(none.status).toBe(400);
    expect(snapshot()).toBe(before);
  });

  test('GET /v2/topology, /v2/process-definitions/{key}, its XML, and the definitions search', async () => {
    expect((await http().get('/v2/topology')).body).toMatchObject({ clusterSize: 1, partitionsCount: 1 });
    expect((await http().get(`/v2/process-definitions/${definitionKey}`)).body).toMatchObject({
      processDefinitionId: 'rest-flow',
    });
    const text = await http().get(`/v2/process-definitions/${definitionKey}/xml`);
    expect(text.headers['content-type']).toMatch(/xml/);
    expect(text.text).toContain('rest-flow');
    const found = await http()
      .post('/v2/process-definitions/search')
      .send({ filter: { isLatestVersion: true, processDefinitionId: 'rest-flow' } });
    expect(found.body.items).toHaveLength(1);
    expect((await http().get('/v2/process-definitions/123')).status).toBe(404);
    expect((await http().get('/v2/process-definitions/abc')).status).toBe(400);
  });

  test('the job lifecycle: activation, failure to an incident, PATCH, resolution, BPMN error', async () => {
    const created = await http()
      .post('/v2/process-instances')
      .send({ processDefinitionId: 'rest-flow', variables: { id: 'a' } });
    expect(created.status).toBe(200);
    const key = created.body.processInstanceKey;
    const activated = await http()
      .post('/v2/jobs/activation')
      .send({ type: 'rest-work', timeout: 60_000, maxJobsToActivate: 1, requestTimeout: -1 });
    expect(activated.body.jobs).toHaveLength(1);
    const job = activated.body.jobs[0];
    expect(job).toMatchObject({
      type: 'rest-work',
      processInstanceKey: key,
      elementId: 'work',
      variables: { id: 'a' },
    });

    expect(
      (await http().post(`/v2/jobs/${job.jobKey}/failure`).send({ retries: 0, errorMessage: 'down' })).status,
    ).toBe(204);
    const incidents = await http()
      .post('/v2/incidents/search')
      .send({ filter: { processInstanceKey: key, state: 'ACTIVE' } });
    expect(incidents.body.items).toEqual([
      expect.objectContaining({ errorType: 'JOB_NO_RETRIES', errorMessage: 'down', jobKey: job.jobKey }),
    ]);
    const incidentKey = incidents.body.items[0].incidentKey;
    expect((await http().get(`/v2/incidents/${incidentKey}`)).body.state).toBe('ACTIVE');
    expect(
      (
        await http()
          .patch(`/v2/jobs/${job.jobKey}`)
          .send({ changeset: { retries: 2 } })
      ).status,
    ).toBe(204);
    expect((await http().post(`/v2/incidents/${incidentKey}/resolution`).send({})).status).toBe(204);
    const again = await http()
      .post('/v2/jobs/activation')
      .send({ type: 'rest-work', timeout: 60_000, maxJobsToActivate: 1, requestTimeout: -1 });
    expect(again.body.jobs[0]).toMatchObject({ jobKey: job.jobKey, retries: 2 });
    expect(
      (await http().post(`/v2/jobs/${job.jobKey}/error`).send({ errorCode: 'BROKEN', errorMessage: 'no' })).status,
    ).toBe(204);
    const instance = await http().get(`/v2/process-instances/${key}`);
    expect(instance.body).toMatchObject({ state: 'COMPLETED', processDefinitionId: 'rest-flow', hasIncident: false });
    const flows = await http().get(`/v2/process-instances/${key}/sequence-flows`);
    expect(flows.body.items.map((f: { elementId: string }) => f.elementId)).toEqual([
      'flow_start_work',
      'flow_failed_failed-end',
    ]);
  });

  test('a long-polling activation is answered when a job appears; completion, messages, variables, search paging', async () => {
    const poll = http()
      .post('/v2/jobs/activation')
      .send({ type: 'rest-work', timeout: 60_000, maxJobsToActivate: 5, requestTimeout: 5_000 });
    const pending = poll.then((r) => r);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const created = await http()
      .post('/v2/process-instances')
      .send({ processDefinitionKey: definitionKey, variables: { id: 'b' } });
    const key = created.body.processInstanceKey;
    const activated = await pending;
    expect(activated.body.jobs.map((j: { processInstanceKey: string }) => j.processInstanceKey)).toEqual([key]);
    const jobKey = activated.body.jobs[0].jobKey;
    expect(
      (
        await http()
          .post(`/v2/jobs/${jobKey}/completion`)
          .send({ variables: { done: true } })
      ).status,
    ).toBe(204);

    const waiting = await http()
      .post('/v2/element-instances/search')
      .send({ filter: { processInstanceKey: key, elementId: 'wait', state: 'ACTIVE' } });
    expect(waiting.body.items).toHaveLength(1);
    const elementKey = waiting.body.items[0].elementInstanceKey;
    expect((await http().get(`/v2/element-instances/${elementKey}`)).body.elementId).toBe('wait');
    expect(
      (
        await http()
          .put(`/v2/element-instances/${key}/variables`)
          .send({ variables: { note: 'x' } })
      ).status,
    ).toBe(204);

    const published = await http()
      .post('/v2/messages/publication')
      .send({ name: 'go', correlationKey: 'b', variables: { via: 'message' } });
    expect(published.body.messageKey).toMatch(/^\d+$/);
    expect((await http().get(`/v2/process-instances/${key}`)).body.state).toBe('COMPLETED');

    const vars = await http()
      .post('/v2/variables/search')
      .send({ filter: { processInstanceKey: key }, sort: [{ field: 'name', order: 'ASC' }] });
    expect(vars.body.items.map((v: { name: string; value: string }) => [v.name, JSON.parse(v.value)])).toEqual([
      ['done', true],
      ['id', 'b'],
      ['note', 'x'],
      ['via', 'message'],
    ]);
    expect((await http().get(`/v2/variables/${vars.body.items[0].variableKey}`)).body.name).toBe('done');

    const firstPage = await http()
      .post('/v2/element-instances/search')
      .send({ filter: { processInstanceKey: key }, page: { limit: 2 } });
    expect(firstPage.body.items).toHaveLength(2);
    const total = firstPage.body.page.totalItems;
    const rest = await http()
      .post('/v2/element-instances/search')
      .send({ filter: { processInstanceKey: key }, page: { after: firstPage.body.page.endCursor, limit: 100 } });
    expect(rest.body.items).toHaveLength(total - 2);
    const like = await http()
      .post('/v2/process-instances/search')
      .send({ filter: { processDefinitionId: { $like: 'rest-*' }, state: { $in: ['COMPLETED'] } } });
    expect(like.body.items.length).toBeGreaterThanOrEqual(2);
  });

  test('cancellation, correlation without a subscriber, signals, clock, resource deletion', async () => {
    const created = await http()
      .post('/v2/process-instances')
      .send({ processDefinitionId: 'rest-flow', variables: { id: 'c' } });
    const key = created.body.processInstanceKey;
    expect((await http().post(`/v2/process-instances/${key}/cancellation`).send()).status).toBe(204);
    expect((await http().get(`/v2/process-instances/${key}`)).body.state).toBe('TERMINATED');
    expect((await http().post(`/v2/process-instances/${key}/cancellation`).send()).status).toBe(404);
    expect((await http().post('/v2/messages/correlation').send({ name: 'go', correlationKey: 'nobody' })).status).toBe(
      404,
    );
    expect((await http().post('/v2/signals/broadcast').send({ signalName: 'nothing-listens' })).body.signalKey).toMatch(
      /^\d+$/,
    );
    expect(
      (
        await http()
          .put('/v2/clock')
          .send({ timestamp: Date.parse('2031-05-01T00:00:00Z') })
      ).status,
    ).toBe(204);
    expect(engine.clock.now()).toBe(Date.parse('2031-05-01T00:00:00Z'));
    expect((await http().post('/v2/clock/reset')).status).toBe(204);
    expect((await http().post(`/v2/resources/${definitionKey}/deletion`).send({})).status).toBe(200);
    expect((await http().get(`/v2/process-definitions/${definitionKey}`)).status).toBe(404);
  });

  test.each([
    [
      'malformed JSON',
      () =>
        http().post('/v2/process-instances').set('content-type', 'application/json').send('{"processDefinitionId":'),
      400,
      /not valid JSON/,
    ],
    [
      'a wrong type',
      () => http().post('/v2/process-instances').send({ processDefinitionId: 42 }),
      400,
      /processDefinitionId/,
    ],
    [
      'an unknown field',
      () => http().post('/v2/messages/publication').send({ name: 'go', colour: 'red' }),
      400,
      /colour/,
    ],
    [
      'a missing field',
      () => http().post('/v2/jobs/activation').send({ timeout: 1000, maxJobsToActivate: 1 }),
      400,
      /type/,
    ],
    [
      'a negative timeout',
      () => http().post('/v2/jobs/activation').send({ type: 'x', timeout: -5, maxJobsToActivate: 1 }),
      400,
      /timeout/,
    ],
    [
      'an unknown filter field',
      () =>
        http()
          .post('/v2/incidents/search')
          .send({ filter: { colour: 'red' } }),
      400,
      /filter\.colour/,
    ],
    [
      'a bad page',
      () =>
        http()
          .post('/v2/variables/search')
          .send({ page: { limit: -1 } }),
      400,
      /page\.limit/,
    ],
    ['an unknown key', () => http().post('/v2/jobs/2251799813685999/completion').send({}), 404, /2251799813685999/],
    ['a non-numeric key', () => http().get('/v2/process-instances/abc'), 400, /processInstanceKey/],
    [
      'another tenant',
      () => http().post('/v2/signals/broadcast').send({ signalName: 's', tenantId: 'acme' }),
      400,
      /tenant/,
    ],
    ['an unknown endpoint', () => http().post('/v2/nothing-here').send({}), 404, /nothing-here/],
  ])('%s is answered with a problem naming it and changes nothing', async (_name, send, status, detail) => {
    const before = snapshot();
    const response = await send();
    expect(response.status).toBe(status);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(response.body.status).toBe(status);
    expect(response.body.detail).toMatch(detail);
    expect(JSON.stringify(response.body)).not.toMatch(/\bat .*\.ts:\d+/);
    expect(snapshot()).toBe(before);
  });
});
