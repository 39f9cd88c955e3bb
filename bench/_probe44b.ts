import pino from 'pino';
import { startBaton } from '../src/app/start-baton';
import { loadConfig } from '../src/config';
import { openPgliteDatabase } from '../src/data/pglite-database';
import { migrate } from '../src/data/migrate';
import { createRepositories } from '../src/data';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

async function main() {
  const config = loadConfig({ DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'p44-')), ENGINE_DATA: 'memory', LOG_LEVEL: 'silent', API_KEY: 'bench-api-key-0123456789' });
  const baton = await startBaton({
    config, logger: pino({ level: 'silent' }), host: '127.0.0.1', apiPort: 0, grpcPort: 0, restPort: 0,
    openDatabase: async () => { const db = await openPgliteDatabase({}); await migrate(db); return db; },
    workers: { taskTypes: [] },
  });
  const repos = createRepositories(baton.db);
  const N = 300;
  let t = performance.now();
  for (let i = 0; i < N; i++) await repos.orders.create({ id: `o-${i}`, customerId: 'c', items: [{ sku: 'SKU-MUG', quantity: 1 }], amountMinor: 1250, currency: 'EUR' });
  console.log('orders.create ms', (performance.now() - t) / N);
  t = performance.now();
  for (let i = 0; i < N; i++) await repos.orders.attachProcessInstance(`o-${i}`, '123');
  console.log('attach ms', (performance.now() - t) / N);
  t = performance.now();
  for (let i = 0; i < N; i++) await baton.processes.startProcess('order-fulfilment', { orderId: `x-${i}`, customerId: 'c', items: [{ sku: 'SKU-MUG', quantity: 1 }], amount: 12.5, currency: 'EUR' });
  console.log('startProcess serial ms', (performance.now() - t) / N);
  t = performance.now();
  await Promise.all(Array.from({length: N}, (_, i) => baton.processes.startProcess('order-fulfilment', { orderId: `y-${i}`, customerId: 'c', items: [{ sku: 'SKU-MUG', quantity: 1 }], amount: 12.5, currency: 'EUR' })));
  console.log('startProcess parallel ms/each', (performance.now() - t) / N);
  await baton.close(5000);
  process.exit(0);
}
main();
