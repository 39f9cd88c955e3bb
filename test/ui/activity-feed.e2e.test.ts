/// <reference lib="dom" />
/**
 * End to end in Debian's Chromium, issue 24 item 5's UI half: the instance view's live activity feed. A person
 * has an order's instance open while it is stuck on an incident (no stage event yet), fixes it, and sees the
 * order's stage events appear one after the other in the order they happened, without reloading the page and
 * without another order's events; an onboarding's view follows its customer id and shows its completion when
 * the kickoff arrives. The feed reads the app's /api/events/stream, not Camunda's /v2. Fails on any console
 * error, page error, failed request or HTTP error answer.
 */
import type { Page } from 'playwright-core';
import { eventually } from '../support/eventually';
import { openBrowser, type TestBrowser } from './support/browser';
import { API_KEY, type BatonForUi, buildUi, startBatonForUi } from './support/start-baton-for-ui';

const STEP_MS = 30_000;

jest.setTimeout(300_000);

let server: BatonForUi;
let browser: TestBrowser;
let page: Page;

const byTestId = (id: string) => page.locator(`[data-testid="${id}"]`);
const auth = { Authorization: `Bearer ${API_KEY}`, 'Content-Type': 'application/json' };

async function post<T>(path: string, body: unknown, status: number): Promise<T> {
  const res = await fetch(`${server.url}${path}`, { method: 'POST', headers: auth, body: JSON.stringify(body) });
  expect(res.status).toBe(status);
  return (await res.json()) as T;
}

const instanceOf = async (key: string) =>
  (
    await post<{ items: { state: string; hasIncident: boolean }[] }>(
      '/v2/process-instances/search',
      { filter: { processInstanceKey: key } },
      200,
    )
  ).items[0];

/** the stage-event types the feed shows, top to bottom */
const feedTypes = () =>
  byTestId('feed-event').evaluateAll((items) => items.map((item) => item.getAttribute('data-type')));

/** the subject's events in the app's log, in the order they happened */
async function loggedTypes(subject: string): Promise<string[]> {
  const res = await fetch(`${server.url}/api/events?subject=${encodeURIComponent(subject)}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: { event: { type: string } }[] }).items.map((item) => item.event.type);
}

beforeAll(async () => {
  buildUi();
  server = await startBatonForUi();
  browser = await openBrowser();
  page = browser.page;
  page.setDefaultTimeout(STEP_MS);
  await page.addInitScript((key) => localStorage.setItem('baton.apiKey', key), API_KEY);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

test('an order’s stage events appear live, in order, once it is fixed', async () => {
  // another customer's order, done before: none of its events belongs in this feed
  const other = await post<{ id: string; processInstanceKey: string }>(
    '/api/orders',
    {
      orderId: 'feed-other',
      customerId: 'customer-1',
      items: [{ sku: 'SKU-MUG', quantity: 1 }],
      amount: 9.5,
      currency: 'EUR',
    },
    201,
  );
  await eventually(
    () => loggedTypes('feed-other'),
    (types) => types.includes('order.completed'),
    'the other order completed',
    STEP_MS,
  );
  expect(other.id).toBe('feed-other');

  // register-order fails on the currency: an incident, and no stage event yet
  const { processInstanceKey } = await post<{ processInstanceKey: string }>(
    '/v2/process-instances',
    {
      processDefinitionId: 'order-fulfilment',
      variables: {
        orderId: 'feed-1',
        customerId: 'customer-1',
        items: [{ sku: 'SKU-BOOK', quantity: 1 }],
        amount: 12,
        currency: 'euro',
      },
    },
    200,
  );
  const key = String(processInstanceKey);
  await eventually(
    () => instanceOf(key),
    (i) => i?.hasIncident === true,
    'the incident',
    STEP_MS,
  );

  await page.goto(`${server.url}/#/instances/${key}`);
  await byTestId('state-pill').filter({ hasText: 'INCIDENT' }).waitFor();
  await byTestId('activity-feed').waitFor();
  await byTestId('activity-feed-empty').waitFor();
  await expect(byTestId('feed-event').count()).resolves.toBe(0);
  // a marker on the page: still there at the end means no reload brought the events
  await page.evaluate(() => Object.assign(window, { feedPageMarker: true }));

  await byTestId('tab-variables').click();
  await byTestId('edit-variable-currency').click();
  await byTestId('variable-editor').fill('"EUR"');
  await byTestId('dialog-confirm').click();
  await byTestId('variable-currency').filter({ hasText: 'EUR' }).filter({ hasNotText: 'euro' }).waitFor();
  await byTestId('tab-incidents').click();
  await byTestId('retry-button').click();

  await page.locator('[data-testid="feed-event"][data-type="order.completed"]').waitFor();
  await expect(feedTypes()).resolves.toEqual([
    'order.placed',
    'order.payment.charged',
    'order.inventory.reserved',
    'order.shipped',
    'order.completed',
  ]);
  await expect(byTestId('activity-feed-empty').isHidden()).resolves.toBe(true);
  await expect(byTestId('feed-event').first().textContent()).resolves.toContain('Order placed');
  await expect(page.evaluate(() => (window as { feedPageMarker?: boolean }).feedPageMarker)).resolves.toBe(true);
  // what the feed shows is the app's log for this order, nothing more
  await expect(feedTypes()).resolves.toEqual(await loggedTypes('feed-1'));
  expect(browser.errors).toEqual([]);
});

test('an onboarding’s view follows its customer id and shows the completion live', async () => {
  const started = await post<{ processInstanceKey: string }>(
    '/api/onboardings',
    { customerId: 'cust-feed', email: 'feed@example.com', company: 'Feed Ltd' },
    201,
  );
  const key = String(started.processInstanceKey);
  await page.goto(`${server.url}/#/instances/${key}`);
  await page.locator('[data-testid="feed-event"][data-type="onboarding.started"]').waitFor();
  await expect(feedTypes()).resolves.not.toContain('onboarding.completed');
  await page.evaluate(() => Object.assign(window, { feedPageMarker: 'onboarding' }));

  await post('/api/onboardings/cust-feed/kickoff-completed', {}, 202);
  await page.locator('[data-testid="feed-event"][data-type="onboarding.completed"]').waitFor();
  const logged = await eventually(
    () => loggedTypes('cust-feed'),
    (types) => types.includes('onboarding.completed'),
    'the onboarding completed in the log',
    STEP_MS,
  );
  await expect(feedTypes()).resolves.toEqual(logged);
  expect(logged[0]).toBe('onboarding.started');
  await expect(page.evaluate(() => (window as { feedPageMarker?: string }).feedPageMarker)).resolves.toBe('onboarding');
  expect(browser.errors).toEqual([]);
});
