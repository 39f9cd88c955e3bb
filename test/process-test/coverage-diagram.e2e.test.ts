/**
 * Coverage on the diagram, checked in Chromium (issue 28: "the coverage report is checked in a real browser
 * for the diagram overlay"): the report of two tests over bpmn/order-fulfilment.bpmn, its diagram page opened
 * from file://, bpmn-js draws the model, the elements and flows the tests reached are marked covered (green)
 * and the others uncovered (red); choosing one test case repaints with that test's coverage only.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeCoveragePart, writeCoverageReport } from '../../src/process-test';
import { openBrowser, type TestBrowser } from '../ui/support/browser';
import { HAPPY_ELEMENTS, HAPPY_FLOWS, happyOrder } from './order-coverage-fixture';

const FILE = 'test/orders.test.ts';
const declined = {
  processInstanceKey: '2',
  processDefinitionId: 'order-fulfilment',
  state: 'COMPLETED',
  elementIds: [
    'order-received',
    'register-order',
    'charge-payment',
    'payment-declined',
    'mark-order-rejected',
    'order-rejected',
  ],
  flowIds: ['to-register-order', 'to-charge-payment', 'to-mark-order-rejected', 'to-order-rejected'],
  test: { file: FILE, name: 'orders a declined payment' },
};

describe('process coverage on the diagram, in Chromium', () => {
  let dir: string;
  let browser: TestBrowser;
  const savedRun = process.env.PROCESS_COVERAGE_RUN;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'coverage-diagram-'));
    const bpmnDir = path.join(dir, 'bpmn');
    mkdirSync(bpmnDir);
    cpSync(
      path.join(__dirname, '..', '..', 'bpmn', 'order-fulfilment.bpmn'),
      path.join(bpmnDir, 'order-fulfilment.bpmn'),
    );
    process.env.PROCESS_COVERAGE_RUN = 'diagram-test';
    writeCoveragePart(dir, {
      suite: 'orders',
      instances: [happyOrder('1', { file: FILE, name: 'orders the happy path' }), declined],
    });
    writeCoverageReport(dir, bpmnDir);
    browser = await openBrowser();
  }, 60_000);
  afterAll(async () => {
    if (savedRun === undefined) delete process.env.PROCESS_COVERAGE_RUN;
    else process.env.PROCESS_COVERAGE_RUN = savedRun;
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const markerOf = (id: string) =>
    browser.page.evaluate((elementId) => {
      const node = document.querySelector(`[data-element-id="${elementId}"]`);
      if (!node) return 'missing';
      return node.classList.contains('covered')
        ? 'covered'
        : node.classList.contains('uncovered')
          ? 'uncovered'
          : 'none';
    }, id);
  const strokeOf = (id: string) =>
    browser.page.evaluate((elementId) => {
      const visual = document.querySelector(`[data-element-id="${elementId}"] .djs-visual > *`);
      return visual ? getComputedStyle(visual).stroke : 'missing';
    }, id);

  it('draws the model and marks what any test reached green, the rest red', async () => {
    const { page } = browser;
    await page.goto(pathToFileURL(path.join(dir, 'index.html')).href);
    await page.click('a[href="diagrams/order-fulfilment.html"]');
    await page.waitForSelector('body[data-painted="0"]', { timeout: 20_000 });
    expect(await markerOf('register-order')).toBe('covered');
    expect(await markerOf('mark-order-rejected')).toBe('covered');
    expect(await markerOf('to-order-rejected')).toBe('covered');
    expect(await markerOf('refund-payment')).toBe('uncovered');
    expect(await markerOf('to-escalate-shipment')).toBe('uncovered');
    expect(await strokeOf('register-order')).toBe('rgb(26, 127, 55)');
    expect(await strokeOf('refund-payment')).toBe('rgb(198, 40, 40)');
    const reached = new Set([...HAPPY_ELEMENTS, ...HAPPY_FLOWS, ...declined.elementIds, ...declined.flowIds]);
    expect(await page.evaluate(() => document.body.dataset.covered)).toBe(String(reached.size));
    expect(Number(await page.evaluate(() => document.body.dataset.uncovered))).toBeGreaterThan(0);
    expect(await page.textContent('#summary')).toMatch(/^all tests: \d+%$/);
    expect(browser.errors).toEqual([]);
  }, 60_000);

  it('shows one test case: only what its instances reached is green', async () => {
    const { page } = browser;
    const option = await page.$$eval('#scope option', (options) =>
      options.find((o) => o.textContent?.endsWith('orders a declined payment'))?.getAttribute('value'),
    );
    expect(option).toBeDefined();
    await page.selectOption('#scope', option as string);
    await page.waitForSelector(`body[data-painted="${option}"]`);
    expect(await markerOf('mark-order-rejected')).toBe('covered');
    expect(await markerOf('reserve-inventory')).toBe('uncovered');
    expect(await page.evaluate(() => document.body.dataset.covered)).toBe(
      String(declined.elementIds.length + declined.flowIds.length),
    );
    expect(browser.errors).toEqual([]);
  }, 60_000);
});
