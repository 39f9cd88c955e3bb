/**
 * Drafts (issue 23): a model with lint errors is saved as a draft in
 * bpmn/.drafts/ — the deployable file stays byte for byte as it was, reading the model gives the draft, Deploy
 * refuses it with the problems, and a clean save replaces the file and drops the draft.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { AUTH, expectProblem, ROOT, startTestApp, type TestApp } from './app-harness';

const ORDER_XML = readFileSync(path.join(ROOT, 'bpmn', 'order-fulfilment.bpmn'), 'utf8');
const NO_JOB_TYPE = ORDER_XML.replace(/<zeebe:taskDefinition [^>]*\/>/, '');

describe('model drafts', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ engine: true });
  });
  afterAll(() => t.close());

  const put = (name: string, xml: string) =>
    request(t.app).put(`/api/models/${name}`).set(AUTH).set('Content-Type', 'application/xml').send(xml);
  const draftFile = (name: string) => path.join(t.modelsDir, '.drafts', `${name}.bpmn`);

  it('saves a model with a lint error as a draft; the file start-up deploys is untouched', async () => {
    const res = await put('order-fulfilment', NO_JOB_TYPE);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      name: 'order-fulfilment',
      kind: 'bpmn',
      created: false,
      etag: expect.any(String),
      warnings: expect.any(Array),
      draft: true,
      problems: expect.arrayContaining([expect.objectContaining({ category: 'error', elementId: 'register-order' })]),
    });
    expect(readFileSync(path.join(t.modelsDir, 'order-fulfilment.bpmn'), 'utf8')).toBe(ORDER_XML);
    expect(readFileSync(draftFile('order-fulfilment'), 'utf8')).toBe(NO_JOB_TYPE);
  });

  it('reads the draft back (XML with X-Model-Draft, JSON with draft: true) and lists the model as a draft', async () => {
    const xml = await request(t.app).get('/api/models/order-fulfilment').buffer(true);
    expect(xml.headers['x-model-draft']).toBe('true');
    const json = await request(t.app).get('/api/models/order-fulfilment').set('Accept', 'application/json');
    expect(json.body).toEqual(expect.objectContaining({ xml: NO_JOB_TYPE, draft: true, etag: xml.headers.etag }));
    const list = await request(t.app).get('/api/models');
    expect(list.body.find((m: { name: string }) => m.name === 'order-fulfilment')).toEqual(
      expect.objectContaining({ draft: true }),
    );
  });

  it('Deploy refuses a draft (422) with its problems', async () => {
    const body = expectProblem(await request(t.app).post('/api/models/order-fulfilment/deployment').set(AUTH), 422);
    expect(body.detail).toMatch(/draft/);
    expect(body.problems).toEqual(expect.arrayContaining([expect.objectContaining({ elementId: 'register-order' })]));
  });

  it('If-Match refers to the draft while there is one', async () => {
    const current = await request(t.app).get('/api/models/order-fulfilment').set('Accept', 'application/json');
    expectProblem(await put('order-fulfilment', ORDER_XML).set('If-Match', '"stale"'), 412);
    const res = await put('order-fulfilment', ORDER_XML).set('If-Match', current.body.etag);
    expect(res.status).toBe(200);
    expect(res.body.draft).toBeUndefined();
    expect(existsSync(draftFile('order-fulfilment'))).toBe(false);
    const json = await request(t.app).get('/api/models/order-fulfilment').set('Accept', 'application/json');
    expect(json.body.draft).toBeUndefined();
  });

  it('a new diagram with problems is created (201) as a draft only', async () => {
    const created = await put('half-done', NO_JOB_TYPE.replace(/="order-fulfilment"/g, '="half-done"'));
    expect(created.status).toBe(201);
    expect(created.body.draft).toBe(true);
    expect(existsSync(path.join(t.modelsDir, 'half-done.bpmn'))).toBe(false);
    const list = await request(t.app).get('/api/models');
    expect(list.body.map((m: { name: string }) => m.name)).toContain('half-done');
  });
});
