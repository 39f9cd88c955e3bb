/**
 * The app's log lines as a log shipper reads them: every line is one JSON object whose top-level keys are
 * unique (pino writes a child's bindings after its parent's without merging them, and a JSON parser keeps
 * only the last of two `module`s), and each part of the app names its own module.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import request from 'supertest';
import { openTestDatabase } from '../data/test-database';
import { eventually } from '../support/eventually';
import { startTestBaton } from '../support/test-baton';

/** The keys of a JSON object's top level, in order, repeats included. */
function topLevelKeys(json: string): string[] {
  const keys: string[] = [];
  let depth = 0;
  let expectKey = false;
  for (let i = 0; i < json.length; i++) {
    const c = json[i];
    if (c === '"') {
      let end = i + 1;
      while (json[end] !== '"') end += json[end] === '\\' ? 2 : 1;
      if (depth === 1 && expectKey) keys.push(JSON.parse(json.slice(i, end + 1)));
      expectKey = false;
      i = end;
    } else if (c === '{' || c === '[') {
      depth++;
      expectKey = depth === 1;
    } else if (c === '}' || c === ']') depth--;
    else if (c === ',' && depth === 1) expectKey = true;
  }
  return keys;
}

test('topLevelKeys sees a repeated key and skips nested ones', () => {
  expect(topLevelKeys('{"a":1,"b":{"a":[{"c":"x,\\"d"}]},"a":"}"}')).toEqual(['a', 'b', 'a']);
});

test('every line of a started app placing an order has unique top-level keys and names its module', async () => {
  // raw lines, not parsed ones as recordingLogger (test/engine/snapshot-fixture.ts) keeps: parsing drops repeats
  const lines: string[] = [];
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'baton-logs-'));
  const apiKey = 'log-lines-key-0123456789';
  const baton = await startTestBaton({
    dataDir,
    env: { ENGINE_DATA: 'memory', API_KEY: apiKey },
    openDatabase: openTestDatabase,
    logger: pino({ level: 'info' }, { write: (line: string) => lines.push(line.trimEnd()) }),
  });
  try {
    const created = await request(baton.url)
      .post('/api/orders')
      .set({ Authorization: `Bearer ${apiKey}` })
      .send({ customerId: 'customer-1', items: [{ sku: 'SKU-BOOK', quantity: 1 }], amount: 20, currency: 'EUR' });
    expect(created.status).toBe(201);
    const order = await eventually(
      () => request(baton.url).get(`/api/orders/${created.body.id}`),
      (res) => res.body.status !== 'in_progress',
      'the order to finish',
      45_000, // patience for a loaded CI machine, not a timing
    );
    expect(order.body.status).toBe('completed');
  } finally {
    await baton.close(5_000);
    rmSync(dataDir, { recursive: true, force: true });
  }

  const repeated = lines.filter((line) => {
    const keys = topLevelKeys(line);
    return new Set(keys).size !== keys.length;
  });
  expect(repeated).toEqual([]);
  const modules = new Set(lines.map((line) => JSON.parse(line).module));
  for (const module of ['grpc-gateway', 'http', 'workers']) expect(modules).toContain(module);
}, 90_000);
