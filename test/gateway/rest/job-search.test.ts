/**
 * POST /v2/jobs/search (Camunda 8.8) on the embedded engine: a job failed with no retries left is found by
 * its instance with its retries (0), state FAILED and last error message, as the instance view shows them.
 */
import express from 'express';
import pino from 'pino';
import request from 'supertest';
import { createRestRouter } from '../../../src/gateway/rest';
import { serviceTask } from '../../support/bpmn';
import { activateOne, deployProcesses, newEngine } from '../../support/in-process';

describe('POST /v2/jobs/search', () => {
  const engine = newEngine();
  const app = express();
  app.use(express.json());
  app.use('/v2', createRestRouter(engine, pino({ level: 'silent' })).router);
  afterAll(() => engine.close());

  it('shows a failed job with its retries and last error', async () => {
    await deployProcesses(engine, {
      id: 'job-search',
      elements: `<bpmn:startEvent id="start"/>${serviceTask('ship', 'job-search-ship')}<bpmn:endEvent id="end"/>`,
      flows: ['start -> ship -> end'],
    });
    const { processInstanceKey } = engine.createProcessInstance({ bpmnProcessId: 'job-search', variables: {} });
    const job = activateOne(engine, 'job-search-ship');
    engine.failJob(job.key, 0, 'carrier down', 0);

    const res = await request(app).post('/v2/jobs/search').send({ filter: { processInstanceKey } });
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      expect.objectContaining({
        jobKey: job.key,
        type: 'job-search-ship',
        state: 'FAILED',
        retries: 0,
        errorMessage: 'carrier down',
        elementId: 'ship',
        processInstanceKey,
        hasFailedWithRetriesLeft: false,
      }),
    ]);
    const bad = await request(app)
      .post('/v2/jobs/search')
      .send({ filter: { nope: 1 } });
    expect(bad.status).toBe(400);
  });
});
