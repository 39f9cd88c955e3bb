/// <reference lib="dom" />
/**
 * End to end in Debian's Chromium against a cluster whose REST v2 lags its engine, as Camunda's secondary
 * storage does: the embedded engine as an external cluster, its REST port behind a proxy that hides each
 * instance for a while after it is first asked about (test/support/lagging-rest-proxy.ts). The instance view
 * of a just-started order says it is waiting for Camunda, looks again, and then shows the instance and its
 * history, instead of opening on an error panel.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import type { Page } from 'playwright-core';
import { type EngineServices, startEngineServices } from '../../src/boot/engine-gateways';
import type { RunningBaton } from '../../src/boot/start-baton';
import { createEngine } from '../../src/engine/engine';
import { openTestDatabase } from '../data/test-database';
import { type HidingRestProxy, startHidingRestProxy } from '../support/hiding-rest-proxy';
import { startTestBaton } from '../support/test-baton';
import { openBrowser, type TestBrowser } from './support/browser';
import { API_KEY, buildUi, ROOT } from './support/start-baton-for-ui';

/** long enough that the view's first looks miss, short of its bounded wait */
const HIDDEN_MS = 2_500;
const logger = pino({ level: 'silent' });

jest.setTimeout(240_000);

let engine: ReturnType<typeof createEngine>;
let services: EngineServices;
let proxy: HidingRestProxy;
let baton: RunningBaton;
let dataDir: string;
let browser: TestBrowser;
let page: Page;

const byTestId = (id: string) => page.locator(`[data-testid="${id}"]`);

beforeAll(async () => {
  buildUi();
  engine = createEngine({ logger });
  services = await startEngineServices(engine, { grpcPort: 0, restPort: 0, host: '127.0.0.1', logger });
  proxy = await startHidingRestProxy(`http://127.0.0.1:${services.restPort}`, HIDDEN_MS);
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'baton-ui-waiting-'));
  baton = await startTestBaton({
    dataDir,
    env: {
      API_KEY,
      ZEEBE_GRPC_ADDRESS: `grpc://127.0.0.1:${services.grpcPort}`,
      ZEEBE_REST_ADDRESS: proxy.url,
    },
    openDatabase: openTestDatabase,
    uiDirectory: path.join(ROOT, 'modeler-ui', 'dist'),
  });
  browser = await openBrowser();
  page = browser.page;
  page.setDefaultTimeout(20_000);
});

afterAll(async () => {
  await browser?.close();
  await baton?.close(5_000);
  await proxy?.close();
  await services?.close();
  engine?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test("a just-started order's instance view waits for Camunda, then shows the instance", async () => {
  const created = await fetch(`${baton.url}/api/orders`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${API_KEY}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ customerId: 'c-1', items: [{ sku: 'SKU-MUG', quantity: 1 }], amount: 9.5, currency: 'EUR' }),
  });
  expect(created.status).toBe(201);
  const key = String(((await created.json()) as { processInstanceKey: string }).processInstanceKey);

  // Camunda's 404s for the instance it does not show yet are what the view waits through
  browser.allow(new RegExp(`404.*/v2/process-instances/${key}\\)?$`));
  await page.goto(`${baton.url}/#/instances/${key}`);
  await byTestId('instance-waiting').filter({ hasText: 'Waiting for Camunda' }).waitFor();
  await byTestId('instance-key').filter({ hasText: key }).waitFor();
  await byTestId('state-pill').waitFor();
  // its element history, once shown, lists the start event
  await page
    .locator('[data-testid="tab-panel"], .tab-panel')
    .filter({ hasText: /Order received|start/i })
    .first()
    .waitFor();
  await expect(byTestId('load-error').count()).resolves.toBe(0);
  expect(proxy.hiddenReads.has(key)).toBe(true);
  expect(browser.errors).toEqual([]);
});
