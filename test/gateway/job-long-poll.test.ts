/**
 * The long poll both gateways share (src/gateway/job-long-poll.ts): what happens when the activation it was
 * woken for is refused, when the activation cannot be made durable, and when the client left before the
 * answer. Over REST with supertest, and on pollForJobs itself for what gRPC's handler relies on.
 */
import express from 'express';
import pino from 'pino';
import request from 'supertest';
import type { ActivatedJob } from '../../src/engine/engine-api';
import { EngineError } from '../../src/engine/errors';
import { pollForJobs } from '../../src/gateway/job-long-poll';
import { createRestRouter } from '../../src/gateway/rest';
import { serviceTask } from '../support/bpmn';
import { pollFor } from '../support/eventually';
import { deployProcesses, newEngine } from '../support/in-process';

const logger = pino({ level: 'silent' });

describe('job long polling', () => {
  const engine = newEngine();
  const app = express();
  app.use('/v2', createRestRouter(engine, logger).router);
  const ctx = { engine, logger, durable: () => engine.durable() };
  afterAll(() => engine.close());
  afterEach(() => jest.restoreAllMocks());

  beforeAll(async () => {
    await deployProcesses(engine, {
      id: 'polled',
      elements: `<bpmn:startEvent id="start"/>${serviceTask('work', 'polled-work')}<bpmn:endEvent id="end"/>`,
      flows: ['start -> work -> end'],
    });
  });

  const startInstance = () => engine.createProcessInstance({ bpmnProcessId: 'polled' }).processInstanceKey;
  /** A held REST poll; resolves with its response. */
  const restPoll = () =>
    request(app)
      .post('/v2/jobs/activation')
      .send({ type: 'polled-work', timeout: 60_000, maxJobsToActivate: 5, requestTimeout: 5_000 })
      .then((r) => r);

  test('an activation refused after the poll was woken answers with the rejection, not an uncaught error', async () => {
    const activate = engine.activateJobs.bind(engine);
    const spy = jest.spyOn(engine, 'activateJobs');
    const pending = restPoll();
    await pollFor('the poll to be held', () => spy.mock.calls.length === 1);
    spy.mockImplementation((command) => {
      if (command.type !== 'polled-work') return activate(command);
      throw new EngineError(
        'RESOURCE_EXHAUSTED',
        'Cannot accept requests for partition 1. Broker is out of disk space',
      );
    });
    startInstance();
    const response = await pending;
    expect(response.status).toBe(429);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(response.body).toMatchObject({ title: 'RESOURCE_EXHAUSTED', detail: expect.stringContaining('disk space') });
    spy.mockRestore();
    // the job was never handed out: the next poll gets it
    const again = await restPoll();
    expect(again.body.jobs).toHaveLength(1);
    engine.completeJob(again.body.jobs[0].jobKey, {});
  });

  test('an activation whose journal write failed answers 503 like every other write', async () => {
    jest
      .spyOn(engine, 'durable')
      .mockRejectedValueOnce(new EngineError('UNAVAILABLE', "the engine's journal could not be written"));
    startInstance();
    const response = await restPoll();
    expect(response.status).toBe(503);
    expect(response.body).toMatchObject({ title: 'UNAVAILABLE', detail: expect.stringContaining('journal') });
  });

  test('jobs activated for a client that left are activatable again at once, retries unchanged', async () => {
    const answered: string[] = [];
    let gone = false;
    let release = () => {};
    const durableLater = new Promise<void>((resolve) => {
      release = resolve;
    });
    jest.spyOn(engine, 'durable').mockReturnValueOnce(durableLater);
    const processInstanceKey = startInstance();
    pollForJobs(
      ctx,
      { type: 'polled-work', worker: 'leaving', timeout: 60_000, maxJobsToActivate: 5 },
      5_000,
      new Set(),
      {
        jobs: (jobs: ActivatedJob[]) => answered.push(`jobs ${jobs.length}`),
        empty: () => answered.push('empty'),
        error: () => answered.push('error'),
        gone: () => gone,
      },
    );
    const held = [...engine.listJobs()].find((j) => j.processInstanceKey === processInstanceKey);
    expect(held).toMatchObject({ state: 'ACTIVATED', worker: 'leaving' });
    if (!held) return;
    gone = true;
    release();
    const [next] = await pollFor('the job to be activatable again', () => {
      const jobs = engine.activateJobs({ type: 'polled-work', worker: 'next', timeout: 60_000, maxJobsToActivate: 1 });
      return jobs.length > 0 && jobs;
    });
    expect(next.key).toBe(held.key);
    expect(answered).toEqual([]);
    const job = [...engine.listJobs()].find((j) => j.key === held.key);
    expect(job).toMatchObject({ worker: 'next', retries: held.retries });
  });
});
