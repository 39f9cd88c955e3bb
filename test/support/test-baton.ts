/**
 * The whole app started in-process for a test (startBaton as `npm start` runs it), on loopback and any free
 * ports, quiet, without the built UI, and with SDK timings that let jest exit right after the suite.
 */
import path from 'node:path';
import pino from 'pino';
import request from 'supertest';
import { type RunningBaton, type StartBatonOptions, startBaton } from '../../src/boot/start-baton';
import { loadConfig } from '../../src/config';
import { eventually } from './eventually';

/**
 * The SDK leaves timers of these lengths running after close (the "channel ready" debounce, each long
 * poll's client-side timeout): short ones, so jest exits right after the test instead of ~50 s later.
 */
export const QUICK_SDK_TIMERS = {
  ZEEBE_GRPC_CLIENT_CONNECTION_TOLERANCE_MS: 10,
  ZEEBE_GRPC_WORKER_POLL_INTERVAL_MS: 50,
  ZEEBE_GRPC_WORKER_LONGPOLL_SECONDS: 1,
};

export interface TestBatonOptions extends Partial<Omit<StartBatonOptions, 'config'>> {
  dataDir: string;
  /** environment the app's config is read from, beside DATA_DIR and LOG_LEVEL=silent */
  env?: Record<string, string>;
}

export function startTestBaton({ dataDir, env = {}, ...options }: TestBatonOptions): Promise<RunningBaton> {
  return startBaton({
    config: loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...env }),
    logger: pino({ level: 'silent' }),
    host: '127.0.0.1',
    apiPort: 0,
    grpcPort: 0,
    restPort: 0,
    uiDirectory: path.join(dataDir, 'no-ui'),
    zeebeGrpcSettings: QUICK_SDK_TIMERS,
    ...options,
  });
}

/** An order placed through a running app (writes need `auth`), finished by its workers; its instance key. */
export async function completedOrder(baton: RunningBaton, auth: Record<string, string>): Promise<string> {
  const created = await request(baton.url)
    .post('/api/orders')
    .set(auth)
    .send({ customerId: 'customer-1', items: [{ sku: 'SKU-MUG', quantity: 1 }], amount: 9.5, currency: 'EUR' });
  expect(created.status).toBe(201);
  const order = await eventually(
    async () => (await request(baton.url).get(`/api/orders/${created.body.id}`)).body,
    (body) => body.status !== 'in_progress',
    'the order to finish',
    // patience for a loaded CI machine, not a timing: an idle one finishes the order in well under a second
    45_000,
  );
  expect(order.status).toBe('completed');
  return String(created.body.processInstanceKey);
}
