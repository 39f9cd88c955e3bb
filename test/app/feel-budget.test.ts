/**
 * Issue 20, as a client meets it: the app started as `npm start` starts it, with ENGINE_FEEL_MAX_ITEMS set; a
 * model deployed through the engine's REST port whose script task goes over the limit gets an incident naming
 * the element and the limit, and the app and the engine answer the next requests.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import type { RunningBaton } from '../../src/boot/start-baton';
import { bpmnXml } from '../support/bpmn';
import { startTestBaton } from '../support/test-baton';

const xml = bpmnXml({
  id: 'counting',
  elements: `<bpmn:startEvent id="start"/>
    <bpmn:scriptTask id="compute"><bpmn:extensionElements><zeebe:script expression="= count(for i in 1..n return i)" resultVariable="total"/></bpmn:extensionElements></bpmn:scriptTask>
    <bpmn:endEvent id="end"/>`,
  flows: ['start -> compute -> end'],
});

let dataDir: string;
let baton: RunningBaton | undefined;

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'baton-feel-budget-app-'));
});
afterEach(async () => {
  await baton?.close(5_000);
  baton = undefined;
  rmSync(dataDir, { recursive: true, force: true });
});

test('ENGINE_FEEL_MAX_ITEMS reaches the engine: a script task over it is an incident naming element and limit, and the next requests are served', async () => {
  baton = await startTestBaton({ dataDir, env: { ENGINE_FEEL_MAX_ITEMS: '2000' } });
  const rest = baton.restAddress as string;
  const deployed = await request(rest).post('/v2/deployments').attach('resources', Buffer.from(xml), 'counting.bpmn');
  expect(deployed.status).toBe(200);

  const over = await request(rest)
    .post('/v2/process-instances')
    .send({ processDefinitionId: 'counting', variables: { n: 5000 } });
  expect(over.status).toBe(200);
  const incidents = await request(rest)
    .post('/v2/incidents/search')
    .send({ filter: { processInstanceKey: over.body.processInstanceKey, state: 'ACTIVE' } });
  expect(incidents.body.items).toEqual([
    expect.objectContaining({
      errorType: 'EXTRACT_VALUE_ERROR',
      elementId: 'compute',
      errorMessage:
        "failed to evaluate expression 'count(for i in 1..n return i)' of element 'compute': the evaluation exceeded the FEEL evaluation limit of 2000 items (ENGINE_FEEL_MAX_ITEMS)",
    }),
  ]);

  expect((await request(baton.url).get('/health')).status).toBe(200);
  const within = await request(rest)
    .post('/v2/process-instances')
    .send({ processDefinitionId: 'counting', variables: { n: 1000 }, awaitCompletion: true });
  expect(within.status).toBe(200);
  expect(within.body.variables).toMatchObject({ total: 1000 });
});
