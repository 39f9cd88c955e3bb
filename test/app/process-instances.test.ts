/**
 * GET /api/process-instances/{key} hands the reader's answer through: 200 with the state, 404 for an unknown
 * instance, 400 for a key that is not a key, 503 when the Camunda REST API cannot be reached.
 */
import request from 'supertest';
import {
  type ProcessInstanceState,
  ProcessStateUnavailableError,
} from '../../src/app/process-state/process-state-reader';
import { expectProblem, startTestApp, type TestApp } from './app-harness';

const state: ProcessInstanceState = {
  processInstanceKey: '2251799813685251',
  bpmnProcessId: 'order-fulfilment',
  processDefinitionKey: '2251799813685249',
  version: 1,
  state: 'ACTIVE',
  startDate: '2026-01-01T00:00:00.000Z',
  activeElementIds: ['create-shipment'],
  completedElementIds: ['start', 'charge-payment', 'reserve-inventory'],
  incidents: [
    { key: '2251799813685300', elementId: 'create-shipment', message: 'carrier down', errorType: 'JOB_NO_RETRIES' },
  ],
  variables: { orderId: 'o-1' },
};

describe('process instances API', () => {
  let t: TestApp;
  const asked: string[] = [];
  beforeAll(async () => {
    t = await startTestApp({
      processState: {
        async read(key) {
          asked.push(key);
          if (key === '13') throw new ProcessStateUnavailableError('Camunda REST API at http://x failed: fetch failed');
          return key === state.processInstanceKey ? state : undefined;
        },
      },
    });
  });
  afterAll(() => t.close());

  it('returns the state with the contract fields', async () => {
    const res = await request(t.app).get(`/api/process-instances/${state.processInstanceKey}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(state);
    expect(asked).toContain(state.processInstanceKey);
  });

  it('answers 404 for an unknown instance', async () => {
    expectProblem(await request(t.app).get('/api/process-instances/2251799813689999'), 404);
  });

  it.each(['abc', '-1', '0', '12345678901234567890', '1.5'])('answers 400 for the key %s', async (key) => {
    const body = expectProblem(await request(t.app).get(`/api/process-instances/${key}`), 400);
    expect(body.errors).toEqual([{ field: 'key', message: expect.stringContaining('key') }]);
  });

  it('answers 503 when the REST API cannot be reached', async () => {
    const body = expectProblem(await request(t.app).get('/api/process-instances/13'), 503);
    expect(body.detail).toContain('Camunda REST API');
  });
});
