/**
 * The app on an embedded engine whose journal cannot be written (a full disk): orders get a 503 that says
 * why, /ready and the engine's /v2/status turn 503, and Topology reports the partition UNHEALTHY, as a
 * Zeebe broker out of disk space does; the orders acknowledged before it are all there after a restart. Below
 * ENGINE_DISK_FREE_MIN the app will not start, and a disk that fills later refuses orders until it has room.
 */
import fs, { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import type { RunningBaton } from '../../src/boot/start-baton';
import { openTestDatabase } from '../data/test-database';
import { pollFor } from '../support/eventually';
import { startTestBaton } from '../support/test-baton';

const API_KEY = 'halted-engine-key-0123456789';
const order = { customerId: 'customer-1', items: [{ sku: 'SKU-LAMP', quantity: 1 }], amount: 29.9, currency: 'EUR' };

describe('the app when the engine cannot write its journal', () => {
  let dataDir: string;
  let baton: RunningBaton | undefined;
  beforeEach(() => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'baton-halted-'));
  });
  /** POST /api/orders on the running app, with the API key. */
  const post = () =>
    request(baton?.url as string)
      .post('/api/orders')
      .set({ Authorization: `Bearer ${API_KEY}` });
  afterEach(async () => {
    jest.restoreAllMocks();
    await baton?.close(5_000);
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('orders are refused with the reason, readiness and topology say so, and a restart has what was acknowledged', async () => {
    const start = () =>
      startTestBaton({ dataDir, env: { API_KEY }, openDatabase: openTestDatabase, workers: { taskTypes: [] } });
    baton = await start();
    const acknowledged = await post().send({ ...order, orderId: 'before-the-disk-filled' });
    expect(acknowledged.status).toBe(201);
    expect((await request(baton.url).get('/ready')).status).toBe(200);

    // the journal's next fdatasync fails: the disk is gone or full (PGlite, in memory here, does not sync)
    const enospc = Object.assign(new Error('ENOSPC: no space left on device, fdatasync'), { code: 'ENOSPC' });
    const failing = (_fd: number, cb: fs.NoParamCallback) => void setImmediate(() => cb(enospc));
    jest.spyOn(fs, 'fdatasync').mockImplementationOnce(failing as unknown as typeof fs.fdatasync);
    const refusedFirst = await post().send({ ...order, orderId: 'the one whose write failed' });
    expect(refusedFirst.status).toBe(503);
    expect(refusedFirst.body.detail).toContain('could not be written (ENOSPC: no space left on device, fdatasync)');
    // not ready from then on, before any other command finds the journal failed
    const ready = await request(baton.url).get('/ready');
    expect(ready.status).toBe(503);
    expect(JSON.stringify(ready.body)).toContain('no healthy leader for partition 1');
    const refusedLater = await post().send({ ...order, orderId: 'any later one' });
    expect(refusedLater.status).toBe(503);
    expect(refusedLater.body.detail).toContain('could not be written (ENOSPC: no space left on device, fdatasync)');
    const rest = baton.restAddress as string;
    expect((await request(rest).get('/v2/status')).status).toBe(503);
    const topology = await request(rest).get('/v2/topology');
    expect(topology.body.brokers[0].partitions[0]).toMatchObject({ role: 'leader', health: 'unhealthy' });

    jest.restoreAllMocks(); // room on the disk again: a restart takes commands
    await baton.close(5_000);
    baton = await start();
    expect((await request(baton.url).get('/ready')).status).toBe(200);
    // (the test database is in memory: the engine's journal is what must have kept the acknowledged order)
    const instance = await request(baton.url).get(`/api/process-instances/${acknowledged.body.processInstanceKey}`);
    expect(instance.status).toBe(200);
    expect(instance.body.variables).toMatchObject({ orderId: 'before-the-disk-filled' });
    expect((await post().send({ ...order, orderId: 'after-the-restart' })).status).toBe(201);
  }, 120_000); // two app starts: patience for a loaded CI machine (no timing asserted)

  test('below ENGINE_DISK_FREE_MIN it does not start and says why; orders meet a 503 naming it when the disk fills later', async () => {
    const start = (env: Record<string, string>) =>
      startTestBaton({ dataDir, env: { API_KEY, ...env }, openDatabase: openTestDatabase, workers: { taskTypes: [] } });
    // more than any disk here has free (and still a safe integer of bytes)
    await expect(start({ ENGINE_DISK_FREE_MIN: '8000TB' })).rejects.toThrow(
      /^The embedded engine takes no commands: Cannot accept requests for partition 1\. Broker is out of disk space: \d+ MiB free under .*, below ENGINE_DISK_FREE_MIN \(8388608000 MiB\); make room there or lower ENGINE_DISK_FREE_MIN$/,
    );
    baton = await start({ ENGINE_DISK_FREE_MIN: '1MB' }); // the same directory: nothing was left locked
    const engine = baton.engine as NonNullable<RunningBaton['engine']>;
    // the disk fills: as the monitor finds it, the engine refuses commands
    jest.spyOn(fs, 'statfsSync').mockReturnValue({ bavail: 0, bsize: 4096 } as fs.StatsFs);
    await pollFor('the engine to find the disk full', () => engine.haltedBecause() !== undefined, 3000);
    const refused = await post().send(order);
    expect(refused.status).toBe(503);
    expect(refused.headers['retry-after']).toBe('1');
    expect(refused.body.detail).toContain('Broker is out of disk space');
    expect((await request(baton.url).get('/ready')).status).toBe(503);
    jest.restoreAllMocks(); // room again
    await pollFor('the engine to find room again', () => engine.haltedBecause() === undefined, 3000);
    const accepted = await post().send(order);
    expect(accepted.status).toBe(201);
  });
});
