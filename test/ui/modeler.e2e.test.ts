/// <reference lib="dom" />
/**
 * End to end in Debian's Chromium: open the order model, rename a task label, undo/redo, save (asked for
 * the API key once), see the lint panel clean, deploy, start an instance (bad JSON first: a clear message),
 * watch its token badge reach register-order where an incident (bad currency) shows red with its message on
 * hover, fix the variable, retry from the UI and see the instance complete along the highlighted path.
 * Fails on any browser console error, page error, failed request or HTTP error answer. Screenshots go to
 * test-output/ui/ (ignored by git); UPDATE_SCREENSHOTS=1 also refreshes the README's docs/instance-view.png.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { openBrowser, type TestBrowser } from './support/browser';
import { API_KEY, type BatonForUi, buildUi, ROOT, startBatonForUi } from './support/start-baton-for-ui';

const SHOTS = path.join(ROOT, 'test-output', 'ui');
const STEP_MS = 20_000;

jest.setTimeout(240_000);

let server: BatonForUi;
let browser: TestBrowser;
let page: Page;

const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
const byTestId = (id: string) => page.locator(`[data-testid="${id}"]`);
const shape = (elementId: string) => page.locator(`.djs-element[data-element-id="${elementId}"]`);
/** the colour an element's outline is drawn in */
const strokeOf = (elementId: string) =>
  shape(elementId)
    .locator('.djs-visual > :first-child')
    .evaluate((outline) => getComputedStyle(outline).stroke);
const RED = 'rgb(220, 38, 38)';
const GREEN = 'rgb(21, 128, 61)';

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  buildUi();
  server = await startBatonForUi();
  browser = await openBrowser();
  page = browser.page;
  page.setDefaultTimeout(STEP_MS);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

test('edit, save, lint, deploy, start, watch an incident, retry and complete an order', async () => {
  // 1. the model list and the order model in the modeler with the Camunda 8 properties panel
  await page.goto(`${server.url}/#/models`);
  await byTestId('model-link-order-fulfilment').click();
  await expect(byTestId('editor-title').textContent()).resolves.toBe('order-fulfilment');
  await shape('notify-customer').waitFor();
  await byTestId('lint-summary').filter({ hasText: 'No problems' }).waitFor();
  await page.locator('.bio-properties-panel').waitFor();
  await expect(page.locator('.bjs-powered-by').count()).resolves.toBe(1); // the bpmn.io watermark stays

  // 2. rename a task label on the canvas (direct editing), then undo and redo it
  await shape('notify-customer').dblclick();
  const label = page.locator('.djs-direct-editing-parent');
  await label.waitFor();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('Email the customer');
  await page.mouse.click(700, 700); // an empty spot of the canvas ends editing
  await shape('notify-customer').filter({ hasText: 'Email the customer' }).waitFor();
  await expect(byTestId('editor-title').textContent()).resolves.toBe('order-fulfilment •');
  await byTestId('undo-button').click();
  await shape('notify-customer').filter({ hasText: 'Notify customer' }).waitFor();
  await byTestId('redo-button').click();
  await shape('notify-customer').filter({ hasText: 'Email the customer' }).waitFor();
  await shot('01-renamed');

  // 3. save: the API key is asked for once; the file on disk changes; the lint panel stays clean
  await byTestId('save-button').click();
  await byTestId('api-key-input').fill(API_KEY);
  await byTestId('dialog-confirm').click();
  await byTestId('toast-success').filter({ hasText: 'Saved order-fulfilment.bpmn' }).waitFor();
  await expect(byTestId('editor-title').textContent()).resolves.toBe('order-fulfilment');
  const saved = readFileSync(path.join(server.bpmnDir, 'order-fulfilment.bpmn'), 'utf8');
  expect(saved).toContain('name="Email the customer"');
  await expect(byTestId('lint-panel').getAttribute('data-errors')).resolves.toBe('0');
  await expect(byTestId('lint-summary').textContent()).resolves.toContain('No problems');

  // 4. deploy: a new version, since the XML changed
  await byTestId('deploy-button').click();
  await byTestId('toast-success')
    .filter({ hasText: 'Deployed order-fulfilment' })
    .filter({ hasText: 'version 2' })
    .waitFor();
  await shot('02-deployed');

  // 5. start: invalid JSON is refused with a clear message, then an order with a bad currency starts
  await byTestId('start-button').click();
  await byTestId('start-variables').fill('{ "orderId": "ui-1", }');
  await byTestId('dialog-confirm').click();
  await byTestId('dialog-error').filter({ hasText: 'not valid JSON' }).waitFor();
  await byTestId('start-variables').fill('["not", "an", "object"]');
  await byTestId('dialog-confirm').click();
  await byTestId('dialog-error').filter({ hasText: 'must be a JSON object' }).waitFor();
  const variables = {
    orderId: `ui-order-${Date.now()}`,
    customerId: 'customer-1',
    items: [{ sku: 'SKU-BOOK', quantity: 1 }],
    amount: 24.9,
    currency: 'euro', // register-order validates it: an incident naming the field
  };
  await byTestId('start-variables').fill(JSON.stringify(variables, null, 2));
  await byTestId('dialog-confirm').click();
  await page.waitForURL(/#\/instances\/\d+$/);
  const processInstanceKey = /#\/instances\/(\d+)$/.exec(page.url())?.[1] as string;
  await expect(byTestId('instance-key').textContent()).resolves.toBe(processInstanceKey);

  // 6. the token badge reaches register-order, which turns red with the incident message on hover
  await byTestId('token-badge-register-order').filter({ hasText: '1' }).waitFor();
  await byTestId('incident-badge-register-order').waitFor();
  await expect(shape('register-order').getAttribute('class')).resolves.toContain('baton-incident');
  await expect(strokeOf('register-order')).resolves.toBe(RED); // drawn red, not only marked
  await expect(shape('order-received').getAttribute('class')).resolves.toContain('baton-completed');
  await expect(shape('to-register-order').getAttribute('class')).resolves.toContain('baton-taken');
  // the pill comes from the instance, the badges from the incident search: one poll may read them a moment apart
  await byTestId('state-pill').first().filter({ hasText: 'INCIDENT' }).waitFor();
  await expect(byTestId('state-pill').first().textContent()).resolves.toBe('INCIDENT');
  await shape('notify-customer').filter({ hasText: 'Email the customer' }).waitFor(); // the deployed version 2
  await byTestId('tab-incidents').click();
  await byTestId('incident').filter({ hasText: 'currency' }).waitFor();
  // dismiss the notifications: a clean picture for the README
  for (let left = await page.locator('.toast-close').count(); left > 0; left -= 1)
    await page.locator('.toast-close').first().click();
  await byTestId('incident-badge-register-order').hover();
  await byTestId('incident-tooltip-register-order').filter({ hasText: 'currency' }).waitFor({ state: 'visible' });
  await shot('03-incident');
  if (process.env.UPDATE_SCREENSHOTS === '1')
    await page.screenshot({ path: path.join(ROOT, 'docs', 'instance-view.png') });

  // 7. an operator fixes the data (SetVariables over gRPC), then retries from the UI
  await server.baton.camunda.getZeebeGrpcApiClient().setVariables({
    elementInstanceKey: processInstanceKey,
    variables: { currency: 'EUR' },
    local: false,
  });
  await byTestId('retry-button').click();

  // 8. the instance completes; the path is highlighted and no token is left
  await byTestId('state-pill').filter({ hasText: 'COMPLETED' }).first().waitFor();
  await expect(byTestId('token-badge-register-order').count()).resolves.toBe(0);
  await expect(byTestId('incident-badge-register-order').count()).resolves.toBe(0);
  for (const id of [
    'register-order',
    'charge-payment',
    'reserve-inventory',
    'create-shipment',
    'notify-customer',
    'order-completed',
  ]) {
    await expect(shape(id).getAttribute('class')).resolves.toContain('baton-completed');
  }
  await expect(shape('to-order-completed').getAttribute('class')).resolves.toContain('baton-taken');
  await expect(strokeOf('notify-customer')).resolves.toBe(GREEN);
  await expect(shape('to-mark-order-rejected').getAttribute('class')).resolves.not.toContain('baton-taken');
  await byTestId('tab-history').click();
  await byTestId('history-notify-customer').waitFor();
  await byTestId('tab-variables').click();
  await byTestId('variable-currency').filter({ hasText: '"EUR"' }).waitFor();
  await shot('04-completed');

  // 9. the instance list of this process (back from the instance), filtered by state in the UI
  await page.locator('.back-link').click();
  await page.waitForURL(/#\/instances\?process=order-fulfilment$/);
  const row = byTestId(`instance-row-${processInstanceKey}`);
  await row.filter({ hasText: 'COMPLETED' }).waitFor();
  await byTestId('filter-state').selectOption('ACTIVE');
  await page.waitForURL(/state=ACTIVE/);
  await byTestId('no-instances').waitFor();
  await expect(row.count()).resolves.toBe(0);
  await byTestId('filter-state').selectOption('COMPLETED');
  await row.filter({ hasText: 'COMPLETED' }).filter({ hasText: 'order-fulfilment' }).waitFor();
  await shot('05-instances');

  expect(browser.errors).toEqual([]);
});
