/// <reference lib="dom" />
/**
 * End to end in Debian's Chromium, issue 23's "usable with the keyboard and a screen reader" on the main
 * paths: the models list, the instances list, the instance view and the incidents view. On each, every form
 * control has a name a screen reader announces (unlabelled-controls.ts), the main landmarks are there, Tab
 * walks through the page's controls in reading order with each one showing where the focus is, and the
 * page does not scroll sideways at 1280×720. Fails on any console error, page error, failed request or HTTP
 * error answer.
 */
import type { Page } from 'playwright-core';
import { eventually } from '../support/eventually';
import { openBrowser, type TestBrowser } from './support/browser';
import { API_KEY, type BatonForUi, buildUi, startBatonForUi } from './support/start-baton-for-ui';
import { unlabelledControls } from './support/unlabelled-controls';

const STEP_MS = 30_000;

jest.setTimeout(300_000);

let server: BatonForUi;
let browser: TestBrowser;
let page: Page;
let stuckOrder: string;

const auth = { Authorization: `Bearer ${API_KEY}`, 'Content-Type': 'application/json' };

async function v2<T>(pathAndQuery: string, body: unknown): Promise<T> {
  const res = await fetch(`${server.url}/v2/${pathAndQuery}`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as T;
}

interface Focused {
  description: string;
  visible: boolean;
  top: number;
}

/** Tabs through the page `count` times; what got the focus each time and whether it shows it. */
async function tabWalk(count: number): Promise<Focused[]> {
  const seen: Focused[] = [];
  for (let i = 0; i < count; i++) {
    await page.keyboard.press('Tab');
    seen.push(
      await page.evaluate(() => {
        const element = document.activeElement as HTMLElement | null;
        if (!element || element === document.body) return { description: 'body', visible: true, top: 0 };
        const style = getComputedStyle(element);
        const ring = (style.outlineStyle !== 'none' && style.outlineWidth !== '0px') || style.boxShadow !== 'none';
        const name = element.getAttribute('aria-label') ?? element.textContent?.trim().slice(0, 40) ?? '';
        return {
          description: `${element.tagName.toLowerCase()}${element.dataset.testid ? `[${element.dataset.testid}]` : ''} ${name}`,
          visible: ring,
          top: element.getBoundingClientRect().top,
        };
      }),
    );
  }
  return seen;
}

async function checkPage(hash: string, ready: string): Promise<Focused[]> {
  await page.goto(`${server.url}/${hash}`);
  await page.locator(ready).first().waitFor();
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  expect(await unlabelledControls(page)).toEqual([]);
  await expect(page.locator('header nav[aria-label="Main"]').count()).resolves.toBe(1);
  await expect(page.locator('main').count()).resolves.toBe(1);
  await expect(
    page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth),
  ).resolves.toBe(true);
  const walk = await tabWalk(14);
  expect(walk.filter((f) => !f.visible).map((f) => f.description)).toEqual([]);
  return walk;
}

beforeAll(async () => {
  buildUi();
  server = await startBatonForUi();
  browser = await openBrowser();
  page = browser.page;
  page.setDefaultTimeout(STEP_MS);
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.addInitScript((key) => localStorage.setItem('baton.apiKey', key), API_KEY);
  const started = await v2<{ processInstanceKey: string }>('process-instances', {
    processDefinitionId: 'order-fulfilment',
    variables: {
      orderId: 'k-1',
      customerId: 'customer-1',
      items: [{ sku: 'SKU-BOOK', quantity: 1 }],
      amount: 5,
      currency: 'euro',
    },
  });
  stuckOrder = String(started.processInstanceKey);
  await eventually(
    async () =>
      (
        await v2<{ items: { hasIncident: boolean }[] }>('process-instances/search', {
          filter: { processInstanceKey: stuckOrder },
        })
      ).items[0],
    (i) => i?.hasIncident === true,
    'the stuck order',
    STEP_MS,
  );
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

afterEach(() => {
  expect(browser.errors).toEqual([]);
});

const reached = (walk: Focused[], testId: string) => walk.some((f) => f.description.includes(`[${testId}]`));

test('the first Tab stop skips the top bar to the page', async () => {
  await page.goto(`${server.url}/#/instances`);
  await page.locator('[data-testid="filter-q"]').waitFor();
  await page.keyboard.press('Tab');
  await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Skip to content');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  // the page's first control, not the top bar's
  await expect(page.evaluate(() => document.activeElement?.closest('header'))).resolves.toBeNull();
  await expect(page.evaluate(() => document.activeElement?.closest('main') !== null)).resolves.toBe(true);
});

test('the models list: labelled, and Tab reaches the models after the top bar', async () => {
  const walk = await checkPage('#/models', '[data-testid="model-link-order-fulfilment"]');
  expect(reached(walk, 'model-link-order-fulfilment')).toBe(true);
});

test('the instances list: labelled filters; Tab reaches the search box, announced by its name', async () => {
  const walk = await checkPage('#/instances', '[data-testid^="instance-row-"]');
  expect(walk.find((f) => f.description.includes('[filter-q]'))?.description).toContain('Search by business key');
});

test('the instance view: labelled, Tab reaches the incident and its Retry', async () => {
  const walk = await checkPage(`#/instances/${stuckOrder}`, '[data-testid="state-pill"]');
  // the incident on the diagram is a Tab stop that says what went wrong
  expect(walk.find((f) => f.description.includes('[incident-badge-register-order]'))?.description).toContain(
    'Incident: Invalid input variables',
  );
  expect(reached(walk, 'retry-button')).toBe(true);
});

test('the incidents view: labelled, Tab reaches the group retry', async () => {
  const walk = await checkPage('#/incidents', '[data-testid="incident-group-register-order-retry"]');
  expect(reached(walk, 'incident-group-register-order-retry')).toBe(true);
});
