/**
 * Debian's Chromium driven by playwright-core for the UI tests, with everything that points at a bug
 * collected (a test fails on any): console errors, uncaught page errors, requests that failed on the network
 * and answers with status >= 400. A test that provokes such an answer on purpose (the API down, a wrong API
 * key) says so first with `allow(pattern)`. On a cluster whose reads lag (TEST_ENGINE=camunda-like) the
 * 404s of an instance its secondary storage does not show yet are allowed from the start: the instance view
 * waits through them (test/ui/waiting-for-camunda.e2e.test.ts shows it saying so). Chromium is not
 * downloaded by playwright: CI's .ci/run installs the Debian package, and a machine without it gets a
 * message saying how to install it.
 */
import { existsSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface TestBrowser {
  browser: Browser;
  page: Page;
  /** console errors, uncaught exceptions, failed requests and HTTP errors, in order (minus allowed ones) */
  errors: string[];
  /** from now on, problems whose text matches are expected and not collected; returns a function undoing it */
  allow(pattern: RegExp): () => void;
  close(): Promise<void>;
}

/** an instance view's read of an instance Camunda does not show yet, as the response and as the console line */
const JUST_STARTED_INSTANCE_404 = /404.*\/v2\/process-instances\/\d+\)?$/;

export async function openBrowser(): Promise<TestBrowser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is missing at ${CHROMIUM}: install it with "apt-get install -y chromium" (.ci/run does)`);
  }
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
  const page = await context.newPage();
  const errors: string[] = [];
  const allowed = new Set<RegExp>();
  if (process.env.TEST_ENGINE === 'camunda-like') allowed.add(JUST_STARTED_INSTANCE_404);
  const report = (problem: string) => {
    if (![...allowed].some((pattern) => pattern.test(problem))) errors.push(problem);
  };
  page.on('console', (message) => {
    if (message.type() === 'error') report(`console.error: ${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (err) => report(`uncaught: ${err.message}`));
  page.on('requestfailed', (request) => {
    // a download's blob: URL and requests cut short by leaving a page are no bugs
    const failure = request.failure()?.errorText ?? 'failed';
    if (request.url().startsWith('blob:') || failure === 'net::ERR_ABORTED') return;
    report(`request failed: ${request.method()} ${request.url()} ${failure}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) {
      report(`HTTP ${response.status()}: ${response.request().method()} ${response.url()}`);
    }
  });
  return {
    browser,
    page,
    errors,
    allow(pattern) {
      allowed.add(pattern);
      return () => allowed.delete(pattern);
    },
    close: () => browser.close(),
  };
}
