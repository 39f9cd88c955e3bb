/**
 * GET /api/process-instances/{key} names the step that failed (issue 23): the full stack on the embedded
 * engine, a job failed with no retries left, and the answer carrying `failedStep` (element id and name, error
 * type and message, incident key) next to the unchanged contract fields; without an incident it is absent.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import type { RunningBaton } from '../../src/boot/start-baton';
import { openTestDatabase } from '../data/test-database';
import { bpmnXml } from '../support/bpmn';
import { eventually } from '../support/eventually';
import { startTestBaton } from '../support/test-baton';

const API_KEY = 'failed-step-key-0123456789';
const xml = bpmnXml({
  id: 'failed-step',
  elements: `<bpmn:startEvent id="start"/>
    <bpmn:serviceTask id="book-courier" name="Book courier"><bpmn:extensionElements>
      <zeebe:taskDefinition type="failed-step-courier"/></bpmn:extensionElements></bpmn:serviceTask>
    <bpmn:endEvent id="end"/>`,
  flows: ['start -> book-courier -> end'],
});

describe('GET /api/process-instances/{key} failedStep', () => {
  let baton: RunningBaton;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'baton-failed-step-'));
    baton = await startTestBaton({ dataDir, env: { ENGINE_DATA: 'memory', API_KEY }, openDatabase: openTestDatabase });
    await baton.engine!.deploy([{ name: 'failed-step.bpmn', content: xml }]);
  });
  afterAll(async () => {
    await baton?.close(5_000);
    rmSync(dataDir, { recursive: true, force: true });
  });

  const read = async (key: string) => {
    const res = await request(baton.url).get(`/api/process-instances/${key}`);
    expect(res.status).toBe(200);
    return res.body;
  };

  it('names the failed step and its error, keeping the other fields', async () => {
    const engine = baton.engine!;
    const { processInstanceKey } = engine.createProcessInstance({ bpmnProcessId: 'failed-step', variables: {} });
    const [job] = engine.activateJobs({
      type: 'failed-step-courier',
      worker: 't',
      timeout: 60_000,
      maxJobsToActivate: 1,
    });
    engine.failJob(job.key, 0, 'courier API down', 0);

    const body = await eventually(
      () => read(processInstanceKey),
      (s) => !!s.failedStep,
      'the failed step',
      10_000,
    );
    expect(body.failedStep).toEqual({
      elementId: 'book-courier',
      elementName: 'Book courier',
      errorType: 'JOB_NO_RETRIES',
      message: 'courier API down',
      incidentKey: body.incidents[0].key,
    });
    expect(body).toMatchObject({
      processInstanceKey,
      bpmnProcessId: 'failed-step',
      state: 'ACTIVE',
      activeElementIds: ['book-courier'],
      incidents: [{ elementId: 'book-courier', message: 'courier API down', errorType: 'JOB_NO_RETRIES' }],
    });
  });

  it('leaves it out while no step has failed', async () => {
    const { processInstanceKey } = baton.engine!.createProcessInstance({ bpmnProcessId: 'failed-step', variables: {} });
    const body = await eventually(
      () => read(processInstanceKey),
      (s) => !!s.activeElementIds?.length,
      'the instance',
      10_000,
    );
    expect(body.incidents).toEqual([]);
    expect(body).not.toHaveProperty('failedStep');
  });
});
