/// <reference lib="dom" />
/**
 * End to end in Debian's Chromium: a decision (.dmn) and a form (.form) in bpmn/ open in the modeler
 * (dmn-js, form-js); a rule cell edited in the decision table, saved and deployed from the UI is what the
 * engine then evaluates through REST v2; a field added to the form, saved and deployed, is in
 * GET /v2/forms/{key}, and the preview shows it; a new decision starts from a template that deploys as it is.
 * Fails on any console error, page error, failed request or HTTP error answer.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { pollFor } from '../support/eventually';
import { openBrowser, type TestBrowser } from './support/browser';
import { API_KEY, type BatonForUi, buildUi, startBatonForUi } from './support/start-baton-for-ui';

const STEP_MS = 20_000;
jest.setTimeout(240_000);

let server: BatonForUi;
let browser: TestBrowser;
let page: Page;

const byTestId = (id: string) => page.locator(`[data-testid="${id}"]`);
const onDisk = (file: string) => readFileSync(path.join(server.bpmnDir, file), 'utf8');

const CARRIER_DMN = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" xmlns:dmndi="https://www.omg.org/spec/DMN/20191111/DMNDI/" xmlns:dc="http://www.omg.org/spec/DMN/20180521/DC/" id="carrier-rules" name="Carrier rules" namespace="http://camunda.org/schema/1.0/dmn">
  <decision id="ui-carrier" name="Pick a carrier">
    <decisionTable id="carrier-table" hitPolicy="FIRST">
      <input id="weight-input" label="Weight">
        <inputExpression id="weight-expression" typeRef="number"><text>weight</text></inputExpression>
      </input>
      <output id="carrier-output" label="Carrier" name="carrier" typeRef="string" />
      <rule id="light"><inputEntry id="light-in"><text>&lt; 5</text></inputEntry><outputEntry id="light-out"><text>"parcelco"</text></outputEntry></rule>
      <rule id="heavy"><inputEntry id="heavy-in"><text>&gt;= 5</text></inputEntry><outputEntry id="heavy-out"><text>"swiftship"</text></outputEntry></rule>
    </decisionTable>
  </decision>
  <dmndi:DMNDI><dmndi:DMNDiagram id="carrier-diagram"><dmndi:DMNShape id="carrier-shape" dmnElementRef="ui-carrier"><dc:Bounds height="80" width="180" x="160" y="100" /></dmndi:DMNShape></dmndi:DMNDiagram></dmndi:DMNDI>
</definitions>
`;

const REVIEW_FORM = `${JSON.stringify(
  {
    id: 'ui-review',
    type: 'default',
    schemaVersion: 19,
    components: [{ id: 'Field_note', type: 'textfield', key: 'note', label: 'Note' }],
  },
  null,
  2,
)}\n`;

beforeAll(async () => {
  buildUi();
  server = await startBatonForUi();
  writeFileSync(path.join(server.bpmnDir, 'carrier.dmn'), CARRIER_DMN);
  writeFileSync(path.join(server.bpmnDir, 'review.form'), REVIEW_FORM);
  browser = await openBrowser();
  page = browser.page;
  page.setDefaultTimeout(STEP_MS);
});

afterEach(() => expect(browser.errors.splice(0)).toEqual([]));

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** The engine's own REST v2 (the app's /v2 passes on only what the UI calls); a read may trail by a flush. */
async function v2(pathAndQuery: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const call = async () => {
    const response = await fetch(`${server.engineRest.address}/v2${pathAndQuery}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { ...server.engineRest.headers, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, json: (await response.json()) as Record<string, unknown> };
  };
  return pollFor(`${pathAndQuery} to answer`, async () => {
    const answer = await call();
    return answer.status !== 404 && answer;
  });
}

/** Clicks beside the table, so the cell's FEEL editor hands its text to the table. */
const leaveCell = () => page.locator('.hit-policy .dms-label').click();

async function saveWithKey(label: string): Promise<void> {
  await byTestId('save-button').click();
  const keyInput = byTestId('api-key-input');
  if (await keyInput.isVisible().catch(() => false)) {
    await keyInput.fill(API_KEY);
    await byTestId('dialog-confirm').click();
  }
  await byTestId('toast-success')
    .filter({ hasText: `Saved ${label}` })
    .waitFor();
}

test('a decision: edit a rule cell in the table, save, deploy; the engine evaluates the edit', async () => {
  await page.goto(`${server.url}/#/models`);
  await byTestId('model-link-carrier.dmn').click();
  await byTestId('dmn-editor').waitFor();
  await byTestId('lint-summary').filter({ hasText: 'No problems' }).waitFor();
  await page.locator('.dmn-canvas .bjs-powered-by').first().waitFor({ state: 'attached' });

  await page.locator('[data-testid="dmn-editor"][data-dirty="false"]').waitFor();
  await byTestId('dmn-view-tab').filter({ hasText: 'Table' }).click();
  await page.locator('[data-testid="dmn-editor"][data-dirty="false"]').waitFor();
  const cell = page.locator('td[data-row-id="heavy"][data-col-id="carrier-output"]');
  await cell.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('"cargo-co"');
  await leaveCell();
  await page.locator('[data-testid="dmn-editor"][data-dirty="true"]').waitFor();

  await saveWithKey('carrier.dmn');
  expect(onDisk('carrier.dmn')).toContain('"cargo-co"');
  expect(onDisk('carrier.dmn')).not.toContain('"swiftship"');

  await byTestId('deploy-button').click();
  await byTestId('toast-success').filter({ hasText: 'Deployed carrier.dmn' }).waitFor();

  const evaluated = await v2('/decision-definitions/evaluation', {
    decisionDefinitionId: 'ui-carrier',
    variables: { weight: 12 },
  });
  expect(evaluated.status).toBe(200);
  expect(JSON.parse(String(evaluated.json.output))).toBe('cargo-co');
});

test('a decision with a broken expression: Check names it in plain words, Save keeps a draft', async () => {
  const cell = page.locator('td[data-row-id="light"][data-col-id="carrier-output"]');
  await cell.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('"parcel" +');
  await leaveCell();
  await byTestId('check-button').click();
  const problem = byTestId('lint-item').filter({ hasText: 'is not valid FEEL' });
  await problem.waitFor();
  await expect(problem.locator('[data-testid="lint-message"]').textContent()).resolves.toMatch(
    /^The expression ""parcel" \+" is not valid FEEL/,
  );
  const saved = onDisk('carrier.dmn');
  await byTestId('save-button').click();
  await byTestId('toast-info').filter({ hasText: 'Saved carrier.dmn as a draft' }).waitFor();
  expect(onDisk('carrier.dmn')).toBe(saved);
  expect(onDisk(path.join('.drafts', 'carrier.dmn'))).toContain('"parcel" +');
  await expect(byTestId('deploy-button').isDisabled()).resolves.toBe(true);
});

test('a form: add a field, save, deploy; GET /v2/forms/{key} has it and the preview shows it', async () => {
  await page.goto(`${server.url}/#/models/review.form`);
  await byTestId('form-editor').waitFor();
  await page.locator('.fjs-powered-by').waitFor({ state: 'attached' });
  await page.locator('.fjs-form-field-textfield').waitFor();
  await page.locator('[data-testid="form-editor"][data-dirty="false"]').waitFor();
  await page.locator('.fjs-palette-field[data-field-type="number"]').focus();
  await page.keyboard.press('Enter');
  await page.locator('[data-testid="form-editor"][data-dirty="true"]').waitFor();
  await page.locator('.fjs-form-field-number').click();
  await page.locator('.bio-properties-panel-group-header', { hasText: 'General' }).click();
  const label = page.locator('#bio-properties-panel-label');
  await label.waitFor();
  await label.fill('Amount to approve');
  const key = page.locator('#bio-properties-panel-key');
  await key.fill('amountToApprove');
  // the properties panel hands its inputs to the form debounced: save once the canvas shows the label
  await page.locator('.fjs-form-field-number label', { hasText: 'Amount to approve' }).waitFor();

  await saveWithKey('review.form');
  expect(JSON.parse(onDisk('review.form')).components.map((c: { key?: string }) => c.key)).toEqual([
    'note',
    'amountToApprove',
  ]);
  expect(onDisk('review.form')).toContain('"Amount to approve"');

  const deployed = page.waitForResponse((r) => r.url().endsWith('/api/models/review.form/deployment'));
  await byTestId('deploy-button').click();
  await byTestId('toast-success').filter({ hasText: 'Deployed review.form' }).waitFor();
  await page.locator('[data-testid="form-editor"][data-dirty="false"]').waitFor();
  const { forms } = (await (await deployed).json()) as { forms: { formKey: string; formId: string }[] };
  expect(forms.map((f) => f.formId)).toEqual(['ui-review']);
  const form = await v2(`/forms/${forms[0].formKey}`);
  expect(form.status).toBe(200);
  expect(JSON.stringify(form.json.schema)).toContain('amountToApprove');

  await byTestId('preview-button').click();
  await byTestId('form-preview').getByText('Amount to approve').waitFor();
  await byTestId('dialog-confirm').click();
});

test('a new decision from the template deploys as it is, under the name given', async () => {
  await page.goto(`${server.url}/#/models`);
  await byTestId('new-dmn-button').click();
  await byTestId('dmn-editor').waitFor();
  await byTestId('dmn-view-tab').first().waitFor();
  await byTestId('deploy-button').click();
  await byTestId('model-name-input').fill('first-decision');
  await byTestId('dialog-confirm').click();
  await byTestId('toast-success').filter({ hasText: 'Deployed first-decision.dmn' }).waitFor();
  await byTestId('model-link-first-decision.dmn').waitFor();
  expect(onDisk('first-decision.dmn')).toContain('<decisionTable');
});

test('a new form from the template deploys as it is, and its preview shows the template field', async () => {
  await page.goto(`${server.url}/#/models`);
  await byTestId('new-form-button').click();
  await byTestId('form-editor').waitFor();
  await page.locator('.fjs-form-field-textfield').waitFor();
  await byTestId('preview-button').click();
  await byTestId('form-preview').getByText('Comment').waitFor();
  await byTestId('dialog-confirm').click();
  await byTestId('deploy-button').click();
  await byTestId('model-name-input').fill('first-form');
  await byTestId('dialog-confirm').click();
  await byTestId('toast-success').filter({ hasText: 'Deployed first-form.form' }).waitFor();
  await byTestId('model-link-first-form.form').waitFor();
  expect(JSON.parse(onDisk('first-form.form'))).toMatchObject({ type: 'default', components: [{ key: 'comment' }] });
});
