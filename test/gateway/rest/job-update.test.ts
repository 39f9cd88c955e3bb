/**
 * `PATCH /v2/jobs/{key}` as Zeebe's job UPDATE: retries and timeout change together or not at all, every
 * problem is named in one 400 INVALID_ARGUMENT, and an accepted update is journaled as one record that a
 * restart replays.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import pino from 'pino';
import request from 'supertest';
import { type Engine, openEngine } from '../../../src/engine/engine';
import { createRestRouter } from '../../../src/gateway/rest';
import { bpmnXml, serviceTask } from '../../support/bpmn';

const logger = pino({ level: 'silent' });
const xml = bpmnXml({
  id: 'patched',
  elements: `<bpmn:startEvent id="start"/>${serviceTask('work', 'patched-work')}<bpmn:endEvent id="end"/>`,
  flows: ['start -> work -> end'],
});

describe('PATCH /v2/jobs/{key}', () => {
  let dir: string;
  let engine: Engine;
  const http = () => {
    const app = express();
    app.use('/v2', createRestRouter(engine, logger).router);
    return request(app);
  };
  const jobOf = (processInstanceKey: string) =>
    [...engine.listJobs()].find((j) => j.processInstanceKey === processInstanceKey);
  const newJob = () => {
    const { processInstanceKey } = engine.createProcessInstance({ bpmnProcessId: 'patched' });
    const job = jobOf(processInstanceKey);
    if (!job) throw new Error('expected a job');
    return job;
  };
  const patch = (key: string, changeset: object) => http().patch(`/v2/jobs/${key}`).send({ changeset });

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'baton-job-update-'));
    engine = await openEngine({ dataDir: dir, logger, snapshotEvery: 0 });
    engine.clock.pin(Date.parse('2026-03-01T00:00:00Z'));
    await engine.deploy([{ name: 'patched.bpmn', content: xml }]);
  });
  afterEach(() => {
    engine.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a changeset with one bad field changes neither field', async () => {
    const job = newJob(); // not activated: its timeout cannot change
    const response = await patch(job.key, { retries: 5, timeout: 60_000 });
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(response.body).toMatchObject({
      title: 'INVALID_ARGUMENT',
      detail: `Expected to update the timeout of job with key '${job.key}', but it is not active`,
    });
    expect(jobOf(job.processInstanceKey)).toMatchObject({ retries: job.retries, state: 'CREATED' });
  });

  test('every problem of the changeset is named, joined as Zeebe joins them', async () => {
    const job = newJob();
    const response = await patch(job.key, { retries: 0, timeout: 60_000 });
    expect(response.status).toBe(400);
    expect(response.body.detail).toBe(
      `Expected to update retries for job with key '${job.key}' with a positive amount of retries, but the amount given was '0', ` +
        `Expected to update the timeout of job with key '${job.key}', but it is not active`,
    );
    expect(jobOf(job.processInstanceKey)?.retries).toBe(job.retries);
  });

  test('an unknown job is 404', async () => {
    const response = await patch('2251799813999999', { retries: 2 });
    expect(response.status).toBe(404);
    expect(response.body.detail).toContain('no such job was found');
  });

  test('retries and timeout change together, and a restart keeps both', async () => {
    const job = newJob();
    const [activated] = engine.activateJobs({
      type: 'patched-work',
      worker: 'w',
      timeout: 1_000,
      maxJobsToActivate: 1,
    });
    expect(activated.key).toBe(job.key);
    const response = await patch(job.key, { retries: 7, timeout: 3_600_000 });
    expect(response.status).toBe(204);
    const expected = { retries: 7, deadline: engine.clock.now() + 3_600_000, state: 'ACTIVATED' };
    expect(jobOf(job.processInstanceKey)).toMatchObject(expected);

    engine.close();
    engine = await openEngine({ dataDir: dir, logger, snapshotEvery: 0 });
    expect(jobOf(job.processInstanceKey)).toMatchObject(expected);
  });
});
