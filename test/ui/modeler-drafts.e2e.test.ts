/// <reference lib="dom" />
/**
 * End to end in Debian's Chromium, the modeler for people who are not developers (issue 23): a one-word
 * change saves as a one-line change of the file (byte for byte the original otherwise); a problem is told in
 * plain words with a link that shows the element; a draft with a problem saves (the file start-up deploys
 * stays as it was) and only Deploy is blocked; the draft opens again after a reload, marked in the list; a
 * clean save writes the file and drops the draft; the job type picker offers the task types with workers.
 * Fails on any console error, page error, failed request or HTTP error answer.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { openBrowser, type TestBrowser } from './support/browser';
import { renameOnCanvas } from './support/modeler-steps';
import { API_KEY, type BatonForUi, buildUi, startBatonForUi } from './support/start-baton-for-ui';

const STEP_MS = 20_000;
jest.setTimeout(240_000);

let server: BatonForUi;
let browser: TestBrowser;
let page: Page;

const byTestId = (id: string) => page.locator(`[data-testid="${id}"]`);
const shape = (elementId: string) => page.locator(`.djs-element[data-element-id="${elementId}"]`);
const onDisk = (...parts: string[]) => readFileSync(path.join(server.bpmnDir, ...parts), 'utf8');
const jobTypeField = () => page.locator('#bio-properties-panel-taskDefinitionType');

beforeAll(async () => {
  buildUi();
  server = await startBatonForUi();
  browser = await openBrowser();
  page = browser.page;
  page.setDefaultTimeout(STEP_MS);
});

afterEach(() => expect(browser.errors.splice(0)).toEqual([]));

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function openJobType(elementId: string): Promise<void> {
  await page.mouse.click(700, 700);
  await shape(elementId).click();
  const group = page.locator('.bio-properties-panel-group-header', { hasText: 'Task definition' });
  if (!(await jobTypeField().isVisible())) await group.click();
  await jobTypeField().waitFor();
}

test('a one-word change is a one-line change of the file', async () => {
  const original = onDisk('order-fulfilment.bpmn');
  expect(original.split('name="Notify customer"')).toHaveLength(2);
  await page.goto(`${server.url}/#/models/order-fulfilment`);
  await byTestId('lint-summary').filter({ hasText: 'No problems' }).waitFor();
  await renameOnCanvas(page, 'notify-customer', 'Email the customer');
  await byTestId('save-button').click();
  await byTestId('api-key-input').fill(API_KEY);
  await byTestId('dialog-confirm').click();
  await byTestId('toast-success').filter({ hasText: 'Saved order-fulfilment.bpmn' }).waitFor();
  expect(onDisk('order-fulfilment.bpmn')).toBe(original.replace('name="Notify customer"', 'name="Email the customer"'));
});

test('a problem in plain words with a link to its element; the draft saves, only Deploy is blocked', async () => {
  const saved = onDisk('order-fulfilment.bpmn');
  await openJobType('charge-payment');
  await jobTypeField().fill('');
  const problem = byTestId('lint-item').filter({ hasText: 'charge-payment' });
  await problem.waitFor();
  await expect(problem.locator('[data-testid="lint-message"]').textContent()).resolves.toBe(
    'Choose a job type (Task definition → Job type): it names the worker that does this step.',
  );
  await expect(byTestId('deploy-button').isDisabled()).resolves.toBe(true);

  // the link shows the element: it becomes the selection
  await shape('notify-customer').click();
  await expect(page.locator('.djs-element.selected[data-element-id="charge-payment"]').count()).resolves.toBe(0);
  await problem.locator('[data-testid="lint-element-link"]').click();
  await page.locator('.djs-element.selected[data-element-id="charge-payment"]').waitFor();

  // saved as a draft: the deployable file stays as it was
  await byTestId('save-button').click();
  await byTestId('toast-info').filter({ hasText: 'Saved order-fulfilment.bpmn as a draft' }).waitFor();
  await byTestId('toast-info').filter({ hasText: '1 problem to fix before it can be deployed' }).waitFor();
  await expect(byTestId('editor-title').textContent()).resolves.toBe('order-fulfilment');
  expect(onDisk('order-fulfilment.bpmn')).toBe(saved);
  const draft = onDisk('.drafts', 'order-fulfilment.bpmn');
  const changed = draft.split('\n').filter((line, i) => line !== saved.split('\n')[i]);
  expect(changed).toHaveLength(1);
  expect(changed[0]).toContain('zeebe:taskDefinition');

  // the draft opens again, marked in the list, with its problem
  await page.reload();
  await byTestId('model-link-order-fulfilment').filter({ hasText: 'draft' }).waitFor();
  await byTestId('lint-item').filter({ hasText: 'charge-payment' }).waitFor();
  await expect(byTestId('deploy-button').isDisabled()).resolves.toBe(true);
});

test('fixed and saved: the file is written and the draft is gone', async () => {
  const saved = onDisk('order-fulfilment.bpmn');
  await openJobType('charge-payment');
  await jobTypeField().fill('charge-payment');
  await byTestId('lint-summary').filter({ hasText: 'No problems' }).waitFor();
  await byTestId('save-button').click();
  await byTestId('toast-success').filter({ hasText: 'Saved order-fulfilment.bpmn' }).waitFor();
  expect(onDisk('order-fulfilment.bpmn')).toBe(saved);
  expect(existsSync(path.join(server.bpmnDir, '.drafts', 'order-fulfilment.bpmn'))).toBe(false);
  await page.reload();
  await byTestId('lint-summary').filter({ hasText: 'No problems' }).waitFor();
  await expect(byTestId('model-link-order-fulfilment').textContent()).resolves.not.toContain('draft');
});

// (issue 21: execution listeners run, so the panel offers them)
test('the properties panel offers what the engine runs, execution listeners included', async () => {
  await openJobType('reserve-inventory');
  const headers = page.locator('.bio-properties-panel-group-header-title');
  await headers.filter({ hasText: 'Task definition' }).waitFor();
  const titles = await headers.allTextContents();
  expect(titles).toEqual(
    expect.arrayContaining(['General', 'Task definition', 'Input mapping', 'Output mapping', 'Headers']),
  );
  expect(titles).toContain('Execution listeners');
});

test('the job type picker lists the task types with workers and says what a typed type will meet', async () => {
  await openJobType('charge-payment');
  await expect(jobTypeField().getAttribute('list')).resolves.toBe('baton-job-types');
  const options = byTestId('job-type-options').locator('option');
  const labels = await options.evaluateAll((all) => all.map((o) => (o as HTMLOptionElement).label));
  expect(labels).toEqual(
    expect.arrayContaining([
      'charge-payment — order-fulfilment · worker running',
      'send-welcome-email — customer-onboarding · worker running',
    ]),
  );
  await byTestId('job-type-hint')
    .filter({ hasText: 'Done by the charge-payment worker (order-fulfilment). It reads' })
    .waitFor();
  await jobTypeField().fill('charge-paymnet');
  await byTestId('job-type-hint')
    .filter({ hasText: 'No worker of this app handles “charge-paymnet”: the step would wait for one.' })
    .waitFor();
  await expect(byTestId('job-type-hint').evaluate((hint) => getComputedStyle(hint).color)).resolves.toBe(
    'rgb(180, 83, 9)',
  );
});
