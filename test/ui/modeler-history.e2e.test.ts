/// <reference lib="dom" />
/**
 * End to end in Debian's Chromium, the model's version history (issue 23): after a renamed task is deployed as
 * version 2, History compares version 1 with version 2 — the change listed in words and the task marked in
 * colour on the drawing of version 2. Fails on any console error, page error, failed request or HTTP error.
 */
import type { Page } from 'playwright-core';
import { openBrowser, type TestBrowser } from './support/browser';
import { renameOnCanvas } from './support/modeler-steps';
import { API_KEY, type BatonForUi, buildUi, startBatonForUi } from './support/start-baton-for-ui';

jest.setTimeout(240_000);

let server: BatonForUi;
let browser: TestBrowser;
let page: Page;

const byTestId = (id: string) => page.locator(`[data-testid="${id}"]`);

beforeAll(async () => {
  buildUi();
  server = await startBatonForUi();
  browser = await openBrowser();
  page = browser.page;
  page.setDefaultTimeout(20_000);
});

afterEach(() => expect(browser.errors.splice(0)).toEqual([]));

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

test('History compares two deployed versions: the change in words and marked on the diagram', async () => {
  await page.goto(`${server.url}/#/models/order-fulfilment`);
  await byTestId('lint-summary').filter({ hasText: 'No problems' }).waitFor();
  await renameOnCanvas(page, 'notify-customer', 'Email the customer');
  await byTestId('deploy-button').click();
  await byTestId('api-key-input').fill(API_KEY);
  await byTestId('dialog-confirm').click();
  await byTestId('toast-success')
    .filter({ hasText: 'Deployed order-fulfilment' })
    .filter({ hasText: 'version 2' })
    .waitFor();

  // a cluster's searches may trail a deploy by a flush: until version 2 shows, History says there is one
  const dialog = byTestId('history-dialog');
  for (let attempt = 0; ; attempt++) {
    await byTestId('history-button').click();
    await dialog.waitFor();
    await page.locator('[data-testid="history-empty"], [data-testid="history-from"]').first().waitFor();
    if ((await byTestId('history-from').count()) > 0 || attempt === 20) break;
    await byTestId('dialog-confirm').click();
    await dialog.waitFor({ state: 'detached' });
    await page.waitForTimeout(250);
  }
  await expect(byTestId('history-from').locator('option:checked').textContent()).resolves.toBe('Version 1');
  await expect(byTestId('history-to').locator('option:checked').textContent()).resolves.toBe('Version 2');
  await byTestId('history-change')
    .filter({ hasText: 'Changed Service task Email the customer: name “Notify customer” → “Email the customer”' })
    .waitFor();
  const marked = page.locator(
    '[data-testid="history-canvas"] .djs-element.diff-changed[data-element-id="notify-customer"]',
  );
  await marked.waitFor();
  await expect(
    marked.locator('.djs-visual > :first-child').evaluate((outline) => getComputedStyle(outline).stroke),
  ).resolves.toBe('rgb(180, 83, 9)');
  await expect(byTestId('history-change').count()).resolves.toBe(1);
  await byTestId('dialog-confirm').click();
  await dialog.waitFor({ state: 'detached' });
});
