/// <reference lib="dom" />
/**
 * End to end in Debian's Chromium, issue 22 items 1 and 2 in the instance view: "Move token" takes the token
 * from the step it waits in to another (one modification: the step is terminated, the other started), and
 * "Migrate" moves the instance to the process's newer version, its active step mapped to the same id. The
 * diagram and header follow. Fails on any console error, page error, failed request or HTTP error answer.
 */
import type { Page } from 'playwright-core';
import { bpmnXml, serviceTask } from '../support/bpmn';
import { eventually } from '../support/eventually';
import { openBrowser, type TestBrowser } from './support/browser';
import { API_KEY, type BatonForUi, buildUi, startBatonForUi } from './support/start-baton-for-ui';

const STEP_MS = 30_000;
jest.setTimeout(300_000);

let server: BatonForUi;
let browser: TestBrowser;
let page: Page;

const byTestId = (id: string) => page.locator(`[data-testid="${id}"]`);
const auth = { Authorization: `Bearer ${API_KEY}` };
/** A line of elements with its diagram (shapes left to right), so the instance view can draw it. */
function withLayout(xml: string, ids: string[]): string {
  const ns =
    'xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI"';
  const box = (i: number) => ({ x: 100 + i * 160, y: 100, w: 100, h: 80 });
  const shapes = ids.map((id, i) => {
    const b = box(i);
    return `<bpmndi:BPMNShape id="${id}_di" bpmnElement="${id}"><dc:Bounds x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}"/></bpmndi:BPMNShape>`;
  });
  const edges = ids.slice(1).map((id, i) => {
    const from = box(i);
    const to = box(i + 1);
    return `<bpmndi:BPMNEdge id="flow_${ids[i]}_${id}_di" bpmnElement="flow_${ids[i]}_${id}"><di:waypoint x="${from.x + from.w}" y="140"/><di:waypoint x="${to.x}" y="140"/></bpmndi:BPMNEdge>`;
  });
  const diagram = `<bpmndi:BPMNDiagram id="d" ${ns}><bpmndi:BPMNPlane id="p" bpmnElement="ops-e2e">${shapes.join('')}${edges.join('')}</bpmndi:BPMNPlane></bpmndi:BPMNDiagram>`;
  return xml.replace('</bpmn:definitions>', `${diagram}</bpmn:definitions>`);
}

const version = (last: string) =>
  withLayout(
    bpmnXml({
      id: 'ops-e2e',
      elements: `<bpmn:startEvent id="start"/>${serviceTask('hold', 'ops-e2e-hold')}${serviceTask('next', 'ops-e2e-next')}${serviceTask(last, `ops-e2e-${last}`)}<bpmn:endEvent id="end"/>`,
      flows: [`start -> hold -> next -> ${last} -> end`],
    }),
    ['start', 'hold', 'next', last, 'end'],
  );

/** through the app's own SDK client (the app's /v2 serves no deployments) */
async function deploy(xml: string): Promise<void> {
  await server.baton.camunda
    .getZeebeGrpcApiClient()
    .deployResources([{ name: 'ops-e2e.bpmn', process: Buffer.from(xml) }]);
}

async function v2<T>(pathAndQuery: string, body: unknown): Promise<T> {
  const res = await fetch(`${server.url}/v2/${pathAndQuery}`, {
    method: 'POST',
    headers: { ...auth, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as T;
}

const activeSteps = async (key: string) =>
  (
    await v2<{ items: { elementId: string; state: string; type: string }[] }>('element-instances/search', {
      filter: { processInstanceKey: key, state: 'ACTIVE' },
    })
  ).items
    .filter((e) => e.type !== 'PROCESS')
    .map((e) => e.elementId);

beforeAll(async () => {
  buildUi();
  server = await startBatonForUi();
  browser = await openBrowser();
  page = browser.page;
  page.setDefaultTimeout(STEP_MS);
  await page.addInitScript((key) => localStorage.setItem('baton.apiKey', key), API_KEY);
  await deploy(version('last'));
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

afterEach(() => {
  expect(browser.errors).toEqual([]);
});

test('Move token, then Migrate to version 2, from the instance view', async () => {
  const { processInstanceKey: key } = await v2<{ processInstanceKey: string }>('process-instances', {
    processDefinitionId: 'ops-e2e',
  });
  await page.goto(`${server.url}/#/instances/${key}`);
  await byTestId('token-badge-hold').waitFor();

  await byTestId('move-token-button').click();
  await byTestId('move-from').selectOption('hold');
  await byTestId('move-to').selectOption('next');
  await byTestId('dialog-confirm').click();
  await byTestId('toast-success').filter({ hasText: 'Token moved' }).waitFor();
  await byTestId('token-badge-next').waitFor();
  await eventually(
    () => activeSteps(key),
    (steps) => steps.join() === 'next',
    'the token on next',
    STEP_MS,
  );

  await deploy(version('final'));
  // (on a cluster whose searches lag, the dialog lists version 2 only once a search finds it)
  await eventually(
    () => v2<{ items: unknown[] }>('process-definitions/search', { filter: { processDefinitionId: 'ops-e2e' } }),
    (found) => found.items.length === 2,
    'version 2 to be found',
    STEP_MS,
  );
  await byTestId('migrate-button').click();
  await byTestId('migrate-target').filter({ hasText: 'Version 2' }).waitFor();
  await byTestId('map-next').waitFor();
  await byTestId('dialog-confirm').click();
  await byTestId('toast-success').filter({ hasText: 'migrated' }).waitFor();
  await page.locator('h1').filter({ hasText: 'v2' }).waitFor();
  const instance = await v2<{ items: { processDefinitionVersion: number }[] }>('process-instances/search', {
    filter: { processInstanceKey: key },
  });
  expect(instance.items[0].processDefinitionVersion).toBe(2);
  await byTestId('token-badge-next').waitFor();
});
