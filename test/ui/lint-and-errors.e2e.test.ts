/// <reference lib="dom" />
/**
 * End to end in Debian's Chromium, the parts of the modeler the order walk-through does not cross: a new
 * diagram linted as it is drawn (problems listed and marked on the diagram, deploy blocked while errors
 * remain, a warning allowed), the properties panel fixing an error, keyboard undo/redo, BPMN and SVG
 * downloads, saving a new model under a checked name, cancelling an instance guarded by the API key (a
 * wrong key is refused and asked for again) and the banner while the API does not answer.
 * Fails on any console error, page error, failed request or HTTP error answer the test did not provoke.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { openBrowser, type TestBrowser } from './support/browser';
import { API_KEY, type BatonForUi, buildUi, ROOT, startBatonForUi } from './support/start-baton-for-ui';

const SHOTS = path.join(ROOT, 'test-output', 'ui');
const STEP_MS = 20_000;
/** a spot of the canvas no element is drawn on: clicking it ends label editing */
const EMPTY_SPOT = { x: 420, y: 560 };

jest.setTimeout(240_000);

let server: BatonForUi;
let browser: TestBrowser;
let page: Page;
/** the instance the first test starts and the second cancels */
let processInstanceKey = '';

const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
const byTestId = (id: string) => page.locator(`[data-testid="${id}"]`);
/** the one shape (not its label) whose id starts with the prefix bpmn-js gives new elements */
const newShape = (prefix: string) =>
  page.locator(`.djs-shape[data-element-id^="${prefix}_"]:not([data-element-id$="_label"])`);
const contextPad = (action: string) => page.locator(`.djs-context-pad [data-action="${action}"]`);
/** waits until the problems panel counts this many errors and warnings (lint runs shortly after an edit) */
const lintCounts = (errors: number, warnings: number) =>
  page.locator(`[data-testid="lint-panel"][data-errors="${errors}"][data-warnings="${warnings}"]`).waitFor();
/** waits until nothing matches */
const gone = (locator: Locator) => locator.first().waitFor({ state: 'detached' });

/** selects one element on the canvas, which opens its context pad (a click on the selected one would not) */
async function select(element: Locator): Promise<void> {
  await page.mouse.click(EMPTY_SPOT.x, EMPTY_SPOT.y);
  await element.click();
}

async function typeLabel(text: string): Promise<void> {
  await page.locator('.djs-direct-editing-parent').waitFor();
  await page.keyboard.type(text);
  await page.mouse.click(EMPTY_SPOT.x, EMPTY_SPOT.y);
}

async function readDownload(click: () => Promise<void>): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  return { name: download.suggestedFilename(), text: readFileSync(await download.path(), 'utf8') };
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  buildUi();
  server = await startBatonForUi();
  browser = await openBrowser();
  page = browser.page;
  page.setDefaultTimeout(STEP_MS);
});

// every test: nothing went wrong in the page that the test did not provoke itself
afterEach(() => expect(browser.errors.splice(0)).toEqual([]));

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

test('a new diagram: linted while drawn, deploy blocked by errors but not by warnings, undo by keyboard, downloads, save', async () => {
  // 1. a new diagram opens with no problems showing (a start event joined to an end event, issue 23); without
  //    its end event, lint says in plain words that it cannot run yet
  await page.goto(`${server.url}/#/models`);
  await byTestId('new-diagram-button').click();
  await page.waitForURL(/#\/new$/);
  await expect(byTestId('editor-title').textContent()).resolves.toBe('New diagram');
  const start = newShape('StartEvent');
  await start.waitFor();
  await byTestId('lint-summary').filter({ hasText: 'No problems' }).waitFor();
  await lintCounts(0, 0);
  await select(newShape('EndEvent'));
  await contextPad('delete').click();
  await byTestId('lint-item').filter({ hasText: 'Process is missing end event' }).waitFor();
  await byTestId('lint-message')
    .filter({ hasText: 'Add an end event: the process needs a place where it finishes.' })
    .waitFor();
  await expect(byTestId('deploy-button').isDisabled()).resolves.toBe(true);

  // 2. append a task and make it a service task: Camunda 8 needs its job type, so lint reports an error,
  //    listed under Problems and marked (visibly red) on the task; deploy stays blocked
  await select(start);
  await contextPad('append.append-task').click();
  await typeLabel('Check stock');
  const task = newShape('Activity');
  await task.filter({ hasText: 'Check stock' }).waitFor();
  const taskId = (await task.getAttribute('data-element-id')) as string;
  await select(task);
  await contextPad('replace').click();
  await page.locator('.djs-popup [data-id="replace-with-service-task"]').click();
  const missingType = byTestId('lint-item').filter({ hasText: 'zeebe:TaskDefinition' });
  await missingType.filter({ hasText: taskId }).waitFor();
  const marker = page.locator(`.djs-overlays[data-container-id="${taskId}"] .djs-overlay-linting .bjsl-icon-error`);
  await marker.waitFor();
  await expect(marker.evaluate((icon) => getComputedStyle(icon).backgroundColor)).resolves.toMatch(/^rgb\(204, 0, 0/);
  await expect(byTestId('deploy-button').isDisabled()).resolves.toBe(true);
  await expect(byTestId('deploy-button').getAttribute('title')).resolves.toMatch(/^Fix the \d+ lint errors? first$/);
  await shot('11-lint-error');

  // 3. the properties panel sets the job type: that error goes
  await page.locator('.bio-properties-panel-group-header', { hasText: 'Task definition' }).click();
  await page.locator('#bio-properties-panel-taskDefinitionType').fill('check-stock');
  await gone(missingType);

  // 4. a gateway with one way in and one out is only a warning (superfluous-gateway); then an end event
  await select(task);
  await contextPad('append.gateway').click();
  const gateway = newShape('Gateway');
  await gateway.waitFor();
  await select(gateway);
  await contextPad('append.end-event').click();
  const end = newShape('Event');
  await end.waitFor();
  // an event's name is drawn by a separate label shape under it
  const endLabel = page.locator(`.djs-shape[data-element-id="${await end.getAttribute('data-element-id')}_label"]`);
  await end.dblclick();
  await typeLabel('Stock checked');
  await endLabel.filter({ hasText: 'Stock checked' }).waitFor();
  await lintCounts(0, 1);
  await byTestId('lint-summary').filter({ hasText: '0 errors, 1 warning' }).waitFor();
  await byTestId('lint-item').filter({ hasText: 'superfluous-gateway' }).waitFor();
  await expect(byTestId('deploy-button').isEnabled()).resolves.toBe(true);
  await shot('12-lint-warning-only');

  // 5. keyboard shortcuts on the canvas: Ctrl+Z takes the end event's label back (an error again), Ctrl+Y
  await page.mouse.click(EMPTY_SPOT.x, EMPTY_SPOT.y);
  await page.keyboard.press('Control+Z');
  await gone(endLabel.filter({ hasText: 'Stock checked' }));
  await lintCounts(1, 1);
  await expect(byTestId('deploy-button').isDisabled()).resolves.toBe(true);
  await page.keyboard.press('Control+Y');
  await endLabel.filter({ hasText: 'Stock checked' }).waitFor();
  await lintCounts(0, 1);
  await expect(byTestId('deploy-button').isEnabled()).resolves.toBe(true);

  // 6. downloads: the BPMN with the job type, the SVG picture
  const bpmn = await readDownload(() => byTestId('download-bpmn-button').click());
  expect(bpmn.name).toMatch(/^Process_\w+\.bpmn$/);
  expect(bpmn.text).toContain('<zeebe:taskDefinition type="check-stock"');
  expect(bpmn.text).toContain('name="Stock checked"');
  const svg = await readDownload(() => byTestId('download-svg-button').click());
  expect(svg.name).toMatch(/^Process_\w+\.svg$/);
  expect(svg.text).toMatch(/<svg[^>]*>/);
  expect(svg.text).toContain('Check stock');

  // 7. save as a new model: a bad file name is explained, then the API key is asked for; saved with the
  //    warning noted, and the browser moves to the model's own address
  await byTestId('save-button').click();
  await byTestId('model-name-input').fill('stock check');
  await byTestId('dialog-confirm').click();
  await byTestId('dialog-error').filter({ hasText: "letters, digits, '.', '_' or '-'" }).waitFor();
  await byTestId('model-name-input').fill('stock-check');
  await byTestId('dialog-confirm').click();
  await byTestId('api-key-input').fill(API_KEY);
  await byTestId('dialog-confirm').click();
  await byTestId('toast-success')
    .filter({ hasText: 'Saved stock-check.bpmn' })
    .filter({ hasText: '1 lint warning' })
    .waitFor();
  await page.waitForURL(/#\/models\/stock-check$/);
  await byTestId('model-link-stock-check').waitFor();
  expect(existsSync(path.join(server.bpmnDir, 'stock-check.bpmn'))).toBe(true);

  // 8. deploy (the warning does not block it) and start: nothing works on check-stock, the token waits there
  await byTestId('deploy-button').click();
  await byTestId('toast-success')
    .filter({ hasText: 'Deployed stock-check' })
    .filter({ hasText: 'version 1' })
    .waitFor();
  await byTestId('start-button').click();
  await byTestId('start-variables').fill('{"sku": "SKU-BOOK"}');
  await byTestId('dialog-confirm').click();
  await page.waitForURL(/#\/instances\/\d+$/);
  processInstanceKey = /#\/instances\/(\d+)$/.exec(page.url())?.[1] as string;
  await byTestId(`token-badge-${taskId}`).filter({ hasText: '1' }).waitFor();
  await page.locator('.live').waitFor();
  await byTestId('tab-variables').click();
  await byTestId('variable-sku').filter({ hasText: '"SKU-BOOK"' }).waitFor();
});

test('cancel is guarded by the API key: a wrong key is refused and asked for again', async () => {
  const key = processInstanceKey;
  expect(page.url()).toMatch(new RegExp(`#/instances/${key}$`));
  await page.evaluate(() => localStorage.setItem('baton.apiKey', 'not-the-key'));
  const expected = browser.allow(/401/);
  await byTestId('cancel-button').click();
  await byTestId('dialog-confirm').filter({ hasText: 'Cancel instance' }).click();
  const keyDialog = byTestId('api-key-dialog');
  await keyDialog.filter({ hasText: 'The server did not accept the API key' }).waitFor();
  expected();
  await byTestId('api-key-input').fill(API_KEY);
  await keyDialog.locator('[data-testid="dialog-confirm"]').click();
  await byTestId('toast-success')
    .filter({ hasText: `Instance ${key} cancelled` })
    .waitFor();
  await byTestId('state-pill').filter({ hasText: 'TERMINATED' }).first().waitFor();
  await gone(page.locator('[data-testid^="token-badge-"]'));
  await gone(page.locator('.live'));
  await expect(byTestId('cancel-button').isHidden()).resolves.toBe(true);
  const stored = await page.evaluate(() => localStorage.getItem('baton.apiKey'));
  expect(stored).toBe(API_KEY);
});

test('while the API does not answer a banner says so, and the page recovers by itself once it is back', async () => {
  const api = /\/(api|v2|health)(\/|$)/;
  const expected = browser.allow(/ERR_CONNECTION_REFUSED/);
  await page.route(api, (route) => route.abort('connectionrefused'));
  await byTestId('nav-instances').click();
  await byTestId('api-down-banner').filter({ hasText: 'not reachable' }).waitFor({ state: 'visible' });
  await byTestId('load-error').filter({ hasText: 'Could not load the instances' }).waitFor();
  await expect(page.locator('body').getAttribute('class')).resolves.toContain('api-down');
  await shot('13-api-down');

  await page.unroute(api);
  await byTestId('api-down-banner').locator('button', { hasText: 'Retry now' }).click();
  await byTestId('api-down-banner').waitFor({ state: 'hidden' });
  expected();
  await byTestId(`instance-row-${processInstanceKey}`).filter({ hasText: 'TERMINATED' }).waitFor();
  await expect(byTestId('load-error').count()).resolves.toBe(0);
});
