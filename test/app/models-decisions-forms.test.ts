/**
 * The models API for the three kinds of file in bpmn/: processes (.bpmn), decisions (`{name}.dmn`) and forms
 * (`{name}.form`). Each is listed with its kind, read as its own media type, saved after its checks (a decision
 * or form the engine's deploy would refuse is a draft with the reason in plain words; a document that is not
 * XML/JSON is 400 naming the body; not DMN at all 422; the wrong media type 415) and deployed to the embedded
 * engine, which then evaluates the decision and serves the form.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { dmnXml, formJson, sizeTable } from '../support/dmn-and-form';
import { restClientFor } from '../support/rest-client';
import { AUTH, expectProblem, startTestApp, type TestApp } from './app-harness';

const RATES = dmnXml('rates', { rate: sizeTable() }, 'Rates');

describe('models API: decisions and forms', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ engine: true });
    writeFileSync(path.join(t.modelsDir, 'rates.dmn'), RATES);
    writeFileSync(path.join(t.modelsDir, 'approval.form'), formJson('approval-form'));
    writeFileSync(path.join(t.modelsDir, 'notes.txt'), 'not a model');
  });
  afterAll(() => t.close());

  const put = (name: string, text: string, type: string) =>
    request(t.app).put(`/api/models/${name}`).set(AUTH).set('Content-Type', type).send(text);
  const onDisk = (file: string) => readFileSync(path.join(t.modelsDir, file), 'utf8');

  it('lists processes, decisions and forms with their kind', async () => {
    const res = await request(t.app).get('/api/models');
    expect(res.status).toBe(200);
    expect(res.body.map((m: { name: string; kind: string; fileName: string }) => [m.name, m.kind, m.fileName])).toEqual(
      [
        ['approval', 'form', 'approval.form'],
        ['approve-large-tenant', 'form', 'approve-large-tenant.form'],
        ['customer-onboarding', 'bpmn', 'customer-onboarding.bpmn'],
        ['order-fulfilment', 'bpmn', 'order-fulfilment.bpmn'],
        ['rates', 'dmn', 'rates.dmn'],
        ['shipping-carrier', 'dmn', 'shipping-carrier.dmn'],
      ],
    );
  });

  it('reads a decision as XML (or JSON with its kind) and a form as JSON', async () => {
    const dmn = await request(t.app).get('/api/models/rates.dmn').buffer(true);
    expect(dmn.status).toBe(200);
    expect(dmn.headers['content-type']).toMatch(/^application\/xml/);
    expect(dmn.text).toBe(RATES);
    const wrapped = await request(t.app).get('/api/models/rates.dmn').set('Accept', 'application/json');
    expect(wrapped.body).toMatchObject({ name: 'rates', kind: 'dmn', xml: RATES, etag: dmn.headers.etag });
    const form = await request(t.app).get('/api/models/approval.form').buffer(true);
    expect(form.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(form.text)).toMatchObject({ id: 'approval-form' });
    expectProblem(await request(t.app).get('/api/models/missing.dmn'), 404);
  });

  it('saves a clean decision (201, kind dmn) and deploys it; the engine evaluates the saved rules', async () => {
    const changed = dmnXml('carrier-rules', {
      carrier: {
        inputs: ['weight'],
        outputs: ['name'],
        rules: [
          [['< 5'], ['"parcelco"']],
          [['>= 5'], ['"swiftship"']],
        ],
      },
    });
    const saved = await put('carrier.dmn', changed, 'application/xml');
    expect(saved.body.detail).toBeUndefined();
    expect(saved.status).toBe(201);
    expect(saved.body).toEqual({ name: 'carrier', kind: 'dmn', created: true, etag: expect.any(String), warnings: [] });
    expect(saved.headers.location).toBe('/api/models/carrier.dmn');
    expect(onDisk('carrier.dmn')).toBe(changed);
    const deployed = await request(t.app).post('/api/models/carrier.dmn/deployment').set(AUTH);
    expect(deployed.status).toBe(201);
    expect(deployed.body.decisions).toEqual([
      { decisionId: 'carrier', version: 1, decisionKey: expect.any(String), decisionRequirementsId: 'carrier-rules' },
    ]);
    const client = restClientFor(t.engine?.restAddress as string);
    const result = (await client.evaluateDecision({
      decisionDefinitionId: 'carrier',
      variables: { weight: 7 },
    } as never)) as {
      output: string;
    };
    expect(JSON.parse(result.output)).toBe('swiftship');
  });

  it('a decision the engine would refuse is a draft with the reason; deploy refuses it', async () => {
    const broken = dmnXml('carrier-rules', {
      carrier: { inputs: ['weight'], outputs: ['name'], rules: [[['< 5'], ['"parcel" +']]] },
    });
    const before = onDisk('carrier.dmn');
    const res = await put('carrier.dmn', broken, 'application/xml');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ kind: 'dmn', draft: true });
    expect(res.body.problems).toEqual([
      expect.objectContaining({
        rule: 'deploy',
        category: 'error',
        message: expect.stringMatching(/failed to parse expression '"parcel" \+'/),
      }),
    ]);
    expect(res.body.problems[0].message).not.toMatch(/^Expected to deploy new resources/);
    expect(onDisk('carrier.dmn')).toBe(before);
    const list = await request(t.app).get('/api/models');
    expect(list.body.find((m: { fileName: string }) => m.fileName === 'carrier.dmn')).toMatchObject({ draft: true });
    const deploy = await request(t.app).post('/api/models/carrier.dmn/deployment').set(AUTH);
    expectProblem(deploy, 422);
    expect(deploy.body.problems).toHaveLength(1);
  });

  it('a decision that is not XML is 400 naming the body; XML that is not DMN is 422; JSON is 415', async () => {
    const notXml = expectProblem(await put('odd.dmn', '<dmn:definitions', 'application/xml'), 400);
    expect(notXml.errors).toEqual([{ field: '(body)', message: expect.stringMatching(/not well-formed/) }]);
    expectProblem(await put('odd.dmn', onDisk('order-fulfilment.bpmn'), 'application/xml'), 422);
    expectProblem(await put('odd.dmn', '{}', 'application/json'), 415);
    expect(existsSync(path.join(t.modelsDir, 'odd.dmn'))).toBe(false);
  });

  it('saves a form, keeps one without an id as a draft, deploys the clean one (GET /v2/forms/{key})', async () => {
    const form = JSON.stringify({
      ...JSON.parse(formJson('review-form')),
      components: [{ key: 'note', label: 'Note', type: 'textfield' }],
    });
    const saved = await put('review.form', form, 'application/json');
    expect(saved.status).toBe(201);
    expect(saved.body).toMatchObject({ name: 'review', kind: 'form', created: true, warnings: [] });
    const noId = await put('review.form', JSON.stringify({ type: 'default', components: [] }), 'application/json');
    expect(noId.status).toBe(200);
    expect(noId.body.draft).toBe(true);
    expect(noId.body.problems.map((p: { rule: string }) => p.rule)).toEqual(['form-id']);
    expect(onDisk('review.form')).toBe(form);
    expectProblem(await request(t.app).post('/api/models/review.form/deployment').set(AUTH), 422);
    expect((await put('review.form', form, 'application/json')).status).toBe(200);
    const deployed = await request(t.app).post('/api/models/review.form/deployment').set(AUTH);
    expect(deployed.status).toBe(201);
    expect(deployed.body.forms).toEqual([{ formId: 'review-form', version: 1, formKey: expect.any(String) }]);
    const served = await fetch(`${t.engine?.restAddress}/v2/forms/${deployed.body.forms[0].formKey}`);
    expect(JSON.stringify(((await served.json()) as { schema: unknown }).schema)).toContain('"note"');
  });

  it('a form that is not JSON or not an object is 400 naming the body; XML for a form is 415', async () => {
    const bad = expectProblem(await put('bad.form', '{ "id": ', 'application/json'), 400);
    expect(bad.errors).toEqual([{ field: '(body)', message: expect.stringMatching(/^not valid JSON/) }]);
    const list = expectProblem(await put('bad.form', '[1, 2]', 'application/json'), 400);
    expect(list.detail).toMatch(/must be a JSON object/);
    expectProblem(await put('bad.form', '<form/>', 'application/xml'), 415);
    expect(existsSync(path.join(t.modelsDir, 'bad.form'))).toBe(false);
  });

  it("checks a decision or form without saving it (the modeler's Check)", async () => {
    const check = (name: string, text: string, type: string) =>
      request(t.app).post(`/api/models/${name}/check`).set(AUTH).set('Content-Type', type).send(text);
    const broken = dmnXml('check-rules', { checked: { inputs: ['x'], outputs: ['y'], rules: [[['< 5'], ['x(']]] } });
    const res = await check('checked.dmn', broken, 'application/xml');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      name: 'checked',
      kind: 'dmn',
      problems: [expect.objectContaining({ category: 'error', message: expect.stringContaining("'x('") })],
    });
    expect((await check('checked.form', formJson('checked-form'), 'application/json')).body.problems).toEqual([]);
    expectProblem(await check('checked.form', 'nope', 'application/json'), 400);
    expect(existsSync(path.join(t.modelsDir, 'checked.dmn'))).toBe(false);
  });

  it('a clean decision that would stop the next start (a decision id twice in bpmn/) is a draft, no file written', async () => {
    const clash = dmnXml('other-rates', { rate: sizeTable('label') });
    const res = await put('other-rates.dmn', clash, 'application/xml');
    expect([res.status, res.body.draft]).toEqual([201, true]);
    expect(res.body.problems[0].message).toMatch(/would not deploy: [\s\S]*duplicated id 'rate'/);
    expect(existsSync(path.join(t.modelsDir, 'other-rates.dmn'))).toBe(false);
  });

  it('a bad model name is 400 naming the field, whatever its kind', async () => {
    const body = expectProblem(await request(t.app).get('/api/models/..%2Fsecret.dmn'), 400);
    expect(body.errors).toEqual([{ field: 'name', message: expect.any(String) }]);
  });
});
