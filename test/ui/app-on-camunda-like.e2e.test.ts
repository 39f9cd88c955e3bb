/// <reference lib="dom" />
/**
 * Issue 27's "done": `npm start`'s bundle (scripts/run-built.cjs main) started as against an external
 * cluster — ZEEBE_GRPC_ADDRESS, ZEEBE_REST_ADDRESS, CAMUNDA_AUTH_STRATEGY=BASIC and a user, nothing else —
 * where the cluster is Baton's engine in its Camunda-like profile (a process of its own, its API protected,
 * its reads trailing by a PT0.5S flush: test/support/camunda-like-engine.ts). The app deploys its models,
 * completes an order and an onboarding (kickoff message and all), reads their state over the protected REST
 * API, and in Debian's Chromium the instance view (through the app's /v2 passthrough, which must add the
 * cluster's credentials) highlights the path an order took and shows an order's incident where it stands.
 * It starts its own cluster, so it runs in every `npm test`, not only the Camunda-like run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { envWithoutAppSettings } from '../app/app-harness';
import { type CamundaLikeCluster, startCamundaLikeCluster } from '../support/camunda-like-engine';
import { type StartedChild, spawnNode, waitWhileRunning } from '../support/child-process';
import { eventually } from '../support/eventually';
import { freePort } from '../support/free-port';
import { openBrowser, type TestBrowser } from './support/browser';
import { API_KEY, buildUi } from './support/start-baton-for-ui';

/** a read of what the app wrote may trail it by a flush; an order's five workers run one after another */
const WAIT_MS = 30_000;

jest.setTimeout(240_000);

interface InstanceState {
  state: string;
  activeElementIds: string[];
  completedElementIds: string[];
  incidents: { elementId: string; message: string }[];
}

let cluster: CamundaLikeCluster;
let app: StartedChild;
let appUrl: string;
let dataDir: string;
let browser: TestBrowser;
let page: Page;

const auth = { Authorization: `Bearer ${API_KEY}`, 'Content-Type': 'application/json' };
const byTestId = (id: string) => page.locator(`[data-testid="${id}"]`);
const shape = (elementId: string) => page.locator(`.djs-element[data-element-id="${elementId}"]`);
const classOf = (elementId: string) => shape(elementId).getAttribute('class');

async function post(pathname: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${appUrl}${pathname}`, { method: 'POST', headers: auth, body: JSON.stringify(body) });
  return { status: res.status, json: (await res.json().catch(() => ({}))) as Record<string, unknown> };
}

/**
 * GET /api/process-instances/{key} until `done` holds: what the app reads from the cluster's REST API (an
 * instance the app did not start itself may answer 404 until the cluster's reads show it)
 */
async function instanceUntil(key: string, done: (state: InstanceState) => boolean, what: string) {
  const read = async () => {
    const res = await fetch(`${appUrl}/api/process-instances/${key}`);
    return res.ok ? ((await res.json()) as InstanceState) : { status: res.status };
  };
  const state = await eventually(read, (s) => 'state' in s && done(s), what, WAIT_MS);
  return state as InstanceState;
}

/** Opens an instance in the UI and waits until its state pill says `state`. */
async function openInstance(key: string, state: string): Promise<void> {
  await page.goto(`${appUrl}/#/instances/${key}`);
  await byTestId('instance-key').filter({ hasText: key }).waitFor();
  await byTestId('state-pill').first().filter({ hasText: state }).waitFor();
}

beforeAll(async () => {
  buildUi();
  cluster = await startCamundaLikeCluster();
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'baton-app-on-camunda-like-'));
  const port = await freePort();
  appUrl = `http://127.0.0.1:${port}`;
  app = spawnNode([path.join('scripts', 'run-built.cjs'), 'main'], {
    ...envWithoutAppSettings(),
    ...cluster.clientEnv,
    PORT: String(port),
    DATA_DIR: dataDir,
    API_KEY,
    LOG_LEVEL: 'warn',
  });
  await waitWhileRunning(
    app,
    async () =>
      (await fetch(`${appUrl}/ready`).then(
        (r) => r.status,
        () => 0,
      )) === 200,
    'the app on the Camunda-like cluster answering /ready',
    120_000,
  );
  browser = await openBrowser();
  page = browser.page;
  page.setDefaultTimeout(WAIT_MS);
});

afterAll(async () => {
  await browser?.close();
  if (app && app.child.exitCode === null) {
    app.child.kill('SIGTERM');
    await app.exited;
  }
  await cluster?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test('an order completes, and the instance view highlights the path it took', async () => {
  const created = await post('/api/orders', {
    customerId: 'customer-1',
    items: [{ sku: 'SKU-MUG', quantity: 1 }],
    amount: 9.5,
    currency: 'EUR',
  });
  expect(created.status).toBe(201);
  const key = String(created.json.processInstanceKey);
  const order = await eventually(
    async () => (await (await fetch(`${appUrl}/api/orders/${created.json.id}`)).json()) as { status: string },
    (body) => body.status !== 'in_progress',
    'the order to finish',
    WAIT_MS,
  );
  expect(order.status).toBe('completed');
  const state = await instanceUntil(key, (s) => s.state === 'COMPLETED', 'the order instance to read COMPLETED');
  expect(state.completedElementIds).toEqual(expect.arrayContaining(['charge-payment', 'notify-customer']));

  await openInstance(key, 'COMPLETED');
  for (const id of ['register-order', 'charge-payment', 'reserve-inventory', 'create-shipment', 'notify-customer']) {
    await expect(classOf(id)).resolves.toContain('baton-completed');
  }
  // Camunda names a taken flow "<instance>_<flow id>": the view must still find the BPMN flow
  await expect(classOf('to-register-order')).resolves.toContain('baton-taken');
  await expect(classOf('to-order-completed')).resolves.toContain('baton-taken');
  await expect(classOf('to-mark-order-rejected')).resolves.not.toContain('baton-taken');
  expect(browser.errors).toEqual([]);
});

test('an onboarding waits for its kickoff, completes when the API publishes it, and shows its path', async () => {
  const started = await post('/api/onboardings', {
    customerId: 'cust-camunda-like',
    email: 'camunda-like@example.com',
    company: 'Camunda-like Ltd',
  });
  expect(started.status).toBe(201);
  const key = String(started.json.processInstanceKey);
  await instanceUntil(
    key,
    (s) => s.activeElementIds.includes('wait-kickoff'),
    'the onboarding to wait for its kickoff',
  );

  const kickoff = await post('/api/onboardings/cust-camunda-like/kickoff-completed', {});
  expect(kickoff.status).toBe(202);
  await instanceUntil(key, (s) => s.state === 'COMPLETED', 'the onboarding to complete');

  await openInstance(key, 'COMPLETED');
  await expect(classOf('wait-kickoff')).resolves.toContain('baton-completed');
  await expect(classOf('onboarding-completed')).resolves.toContain('baton-completed');
  await expect(classOf('to-report-analytics')).resolves.toContain('baton-taken');
  await expect(classOf('to-send-kickoff-reminder')).resolves.not.toContain('baton-taken');
  expect(browser.errors).toEqual([]);
});

test("an order's incident shows where it stands, with its message", async () => {
  // started through the app's /v2 passthrough (Baton's API key), as the UI's start button does
  const started = await post('/v2/process-instances', {
    processDefinitionId: 'order-fulfilment',
    variables: {
      orderId: `camunda-like-${Date.now()}`,
      customerId: 'customer-1',
      items: [{ sku: 'SKU-BOOK', quantity: 1 }],
      amount: 24.9,
      currency: 'euro', // register-order validates it: an incident naming the field
    },
  });
  expect(started.status).toBe(200);
  const key = String(started.json.processInstanceKey);
  const state = await instanceUntil(key, (s) => s.incidents.length > 0, 'the incident at register-order');
  expect(state.incidents[0]).toMatchObject({ elementId: 'register-order', message: expect.stringMatching(/currency/) });

  await openInstance(key, 'INCIDENT');
  await byTestId('incident-badge-register-order').waitFor();
  await expect(classOf('register-order')).resolves.toContain('baton-incident');
  await expect(classOf('to-register-order')).resolves.toContain('baton-taken');
  await byTestId('tab-incidents').click();
  await byTestId('incident').filter({ hasText: 'currency' }).waitFor();
  expect(browser.errors).toEqual([]);
});
