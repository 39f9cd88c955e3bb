/**
 * GET /api/job-types (issue 23): the modeler's job-type picker lists every task type the app has a worker
 * for, with its process, the variables it reads and writes and its BPMN errors, and — in a started app —
 * whether that worker runs (here only charge-payment is started). Without that knowledge `running` is absent.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import type { RunningBaton } from '../../src/boot/start-baton';
import { openTestDatabase } from '../data/test-database';
import { startTestBaton } from '../support/test-baton';
import { startTestApp, type TestApp } from './app-harness';

describe('job types for the modeler', () => {
  it('lists the registry’s task types with what each worker reads, writes and throws', async () => {
    const t: TestApp = await startTestApp();
    try {
      const res = await request(t.app).get('/api/job-types');
      expect(res.status).toBe(200);
      const types = res.body.map((j: { type: string }) => j.type);
      expect(types).toEqual([...types].sort());
      expect(types).toEqual(expect.arrayContaining(['charge-payment', 'create-crm-record', 'send-welcome-email']));
      expect(res.body.find((j: { type: string }) => j.type === 'charge-payment')).toEqual({
        type: 'charge-payment',
        process: 'order-fulfilment',
        reads: expect.arrayContaining(['orderId', 'customerId', 'amount', 'currency']),
        writes: expect.any(Array),
        bpmnErrors: ['PAYMENT_DECLINED'],
      });
    } finally {
      await t.close();
    }
  });

  it('in a started app, says which workers run', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'baton-job-types-'));
    let baton: RunningBaton | undefined;
    try {
      baton = await startTestBaton({
        dataDir,
        env: { ENGINE_DATA: 'memory', API_KEY: 'job-types-key-0123456789' },
        openDatabase: openTestDatabase,
        workers: { taskTypes: ['charge-payment'] },
      });
      const res = await request(baton.url).get('/api/job-types');
      const running = res.body.filter((j: { running?: boolean }) => j.running).map((j: { type: string }) => j.type);
      expect(running).toEqual(['charge-payment']);
      expect(res.body.every((j: { running?: boolean }) => typeof j.running === 'boolean')).toBe(true);
    } finally {
      await baton?.close(5_000);
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
