/**
 * `npm start` with CAMUNDA_DATA_SECONDARYSTORAGE_RDBMS_FLUSHINTERVAL: its embedded engine's REST port (which the
 * app's own REST client reads) answers searches and GETs from the last flush, as a Camunda cluster's secondary
 * storage does, and its clock changes fire due timers after answering.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import type { RunningBaton } from '../../src/boot/start-baton';
import { bpmnXml, serviceTask } from '../support/bpmn';
import { startTestBaton } from '../support/test-baton';

const xml = bpmnXml({
  id: 'lagging',
  elements: `<bpmn:startEvent id="start"/>${serviceTask('work', 'lagging-work')}<bpmn:endEvent id="end"/>`,
  flows: ['start -> work -> end'],
});

let dataDir: string;
let baton: RunningBaton | undefined;

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'baton-flush-interval-app-'));
});
afterEach(async () => {
  await baton?.close(5_000);
  baton = undefined;
  rmSync(dataDir, { recursive: true, force: true });
});

test('the flush interval reaches the embedded engine: a created instance is not found until the next flush', async () => {
  // PT10M: no flush but the one at start happens during the test
  baton = await startTestBaton({ dataDir, env: { CAMUNDA_DATA_SECONDARYSTORAGE_RDBMS_FLUSHINTERVAL: 'PT10M' } });
  const rest = baton.restAddress as string;
  const deployed = await request(rest).post('/v2/deployments').attach('resources', Buffer.from(xml), 'lagging.bpmn');
  expect(deployed.status).toBe(200);
  const created = await request(rest).post('/v2/process-instances').send({ processDefinitionId: 'lagging' });
  expect(created.status).toBe(200);
  const key = created.body.processInstanceKey as string;
  expect((await request(rest).get(`/v2/process-instances/${key}`)).status).toBe(404);
  expect(baton.engine?.getProcessInstance(key)?.state).toBe('ACTIVE');
  expect(baton.engine?.clockTimersLater).toBe(true);
}, 90_000); // a whole app starts: patience for a loaded CI machine
