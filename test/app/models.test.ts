/**
 * The model endpoints over a temporary copy of bpmn/: list, read (XML and JSON), save after lint, deploy to
 * the embedded engine over gRPC. Every rejected upload (not well-formed, DOCTYPE/entities, too large, not
 * BPMN, wrong media type, bad name, stale ETag) answers problem+json listing the problems and leaves the
 * file on disk byte for byte as it was.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { AUTH, expectProblem, ROOT, startTestApp, type TestApp } from './app-harness';

const ORDER_XML = readFileSync(path.join(ROOT, 'bpmn', 'order-fulfilment.bpmn'), 'utf8');
const MAX_BYTES = 200_000;

describe('models API', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ engine: true, maxModelBytes: MAX_BYTES });
  });
  afterAll(() => t.close());

  const fileOf = (name: string) => path.join(t.modelsDir, `${name}.bpmn`);
  const onDisk = (name: string) => readFileSync(fileOf(name), 'utf8');
  const put = (name: string, xml: string, type = 'application/xml') =>
    request(t.app).put(`/api/models/${name}`).set(AUTH).set('Content-Type', type).send(xml);

  it('lists the .bpmn files (beside the decisions and forms)', async () => {
    const res = await request(t.app).get('/api/models');
    expect(res.status).toBe(200);
    const processes = res.body.filter((m: { kind: string }) => m.kind === 'bpmn');
    expect(processes.map((m: { name: string }) => m.name)).toEqual(['customer-onboarding', 'order-fulfilment']);
    expect(processes[1]).toEqual({
      name: 'order-fulfilment',
      kind: 'bpmn',
      fileName: 'order-fulfilment.bpmn',
      size: Buffer.byteLength(ORDER_XML),
      modifiedAt: expect.any(String),
    });
  });

  it('reads a model as XML with an ETag, or as JSON when asked', async () => {
    const xml = await request(t.app)
      .get('/api/models/order-fulfilment')
      .buffer(true)
      .parse((res, done) => {
        let text = '';
        res.on('data', (chunk: Buffer) => {
          text += chunk.toString('utf8');
        });
        res.on('end', () => done(null, text));
      });
    expect(xml.status).toBe(200);
    expect(xml.headers['content-type']).toMatch(/^application\/xml/);
    expect(xml.body).toBe(onDisk('order-fulfilment'));
    expect(xml.headers.etag).toMatch(/^".+"$/);
    const json = await request(t.app).get('/api/models/order-fulfilment.bpmn').set('Accept', 'application/json');
    expect(json.body).toEqual({
      name: 'order-fulfilment',
      kind: 'bpmn',
      xml: onDisk('order-fulfilment'),
      etag: xml.headers.etag,
      modifiedAt: expect.any(String),
    });
  });

  it('answers 404 for an unknown model, and 400 for a name that could leave the directory', async () => {
    expectProblem(await request(t.app).get('/api/models/no-such-model'), 404);
    const body = expectProblem(await request(t.app).get('/api/models/..%2F..%2Fpackage.json'), 400);
    expect(body.errors).toEqual([{ field: 'name', message: expect.any(String) }]);
    expectProblem(await put('.hidden', ORDER_XML), 400);
  });

  it('saves a changed model that lints clean (200) and writes it to disk', async () => {
    const changed = ORDER_XML.replace('name="Charge payment"', 'name="Charge the card"');
    expect(changed).not.toBe(ORDER_XML);
    const res = await put('order-fulfilment', changed);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      name: 'order-fulfilment',
      kind: 'bpmn',
      created: false,
      etag: expect.any(String),
      warnings: expect.any(Array),
    });
    expect(res.headers.etag).toBe(res.body.etag);
    expect(onDisk('order-fulfilment')).toBe(changed);
  });

  it('creates a new model (201) under a new name', async () => {
    const xml = ORDER_XML.replace(/="order-fulfilment"/g, '="order-fulfilment-copy"');
    const res = await put('order-copy', xml, 'text/xml');
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe('/api/models/order-copy');
    expect(onDisk('order-copy')).toBe(xml);
  });

  describe('rejected uploads leave the file untouched', () => {
    const rejected: [string, () => string, number, RegExp][] = [
      ['not well-formed XML', () => ORDER_XML.replace('</bpmn:process>', '</bpmn:proces>'), 400, /well-formed/],
      [
        'a DOCTYPE with an external entity (XXE)',
        () =>
          ORDER_XML.replace(
            '<bpmn:definitions',
            '<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<bpmn:definitions',
          ).replace('name="Charge payment"', 'name="&xxe;"'),
        400,
        /DOCTYPE/,
      ],
      [
        'entity expansion (billion laughs)',
        () =>
          `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><lolz>&lol2;</lolz>`,
        400,
        /DOCTYPE/,
      ],
      [
        'a document over the size limit',
        () => ORDER_XML.replace('</bpmn:definitions>', `<!--${'x'.repeat(MAX_BYTES)}--></bpmn:definitions>`),
        400,
        /limit/,
      ],
      ['an empty document', () => '', 400, /empty/],
      ['XML that is not BPMN', () => '<?xml version="1.0"?><html><body/></html>', 422, /BPMN|import/],
    ];

    it.each(rejected)('%s', async (_name, makeXml, status, detail) => {
      const before = onDisk('customer-onboarding');
      const body = expectProblem(await put('customer-onboarding', makeXml()), status);
      expect(body.detail).toMatch(detail);
      expect(body.problems).toEqual(expect.arrayContaining([expect.objectContaining({ message: expect.any(String) })]));
      expect(onDisk('customer-onboarding')).toBe(before);
    });

    it('lint errors are saved as a draft beside the file (issue 23), naming the element and rule', async () => {
      const before = onDisk('customer-onboarding');
      const res = await put('order-fulfilment', ORDER_XML.replace(/<zeebe:taskDefinition [^>]*\/>/, ''));
      expect(res.status).toBe(200);
      expect(res.body.draft).toBe(true);
      expect(res.body.problems).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ category: 'error', rule: expect.any(String), elementId: expect.any(String) }),
        ]),
      );
      expect(onDisk('customer-onboarding')).toBe(before);
      // a clean save replaces the draft again
      const clean = await put('order-fulfilment', onDisk('order-fulfilment'));
      expect(clean.status).toBe(200);
      expect(clean.body.draft).toBeUndefined();
    });

    it('a body that is not XML (JSON) is 415', async () => {
      const before = onDisk('customer-onboarding');
      const res = await request(t.app).put('/api/models/customer-onboarding').set(AUTH).send({ xml: ORDER_XML });
      expectProblem(res, 415);
      expect(onDisk('customer-onboarding')).toBe(before);
    });

    it('a stale If-Match is 412; the current ETag saves', async () => {
      const current = await request(t.app).get('/api/models/customer-onboarding').set('Accept', 'application/json');
      const before = onDisk('customer-onboarding');
      const changed = before.replace('name="Create CRM record"', 'name="Create the CRM record"');
      expect(changed).not.toBe(before);
      const stale = await put('customer-onboarding', changed).set('If-Match', '"stale"');
      expectProblem(stale, 412);
      expect(onDisk('customer-onboarding')).toBe(before);
      const fresh = await put('customer-onboarding', changed).set('If-Match', current.body.etag);
      expect(fresh.body).toEqual(expect.objectContaining({ created: false }));
      expect(fresh.status).toBe(200);
      expect(onDisk('customer-onboarding')).toBe(changed);
    });

    it('no temporary files are left in the models directory', () => {
      const { readdirSync } = require('node:fs') as typeof import('node:fs');
      expect(readdirSync(t.modelsDir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    });
  });

  it('deploys a model to the engine (201) with its process definitions', async () => {
    const res = await request(t.app).post('/api/models/order-copy/deployment').set(AUTH);
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      deploymentKey: expect.stringMatching(/^\d+$/),
      processes: [
        {
          bpmnProcessId: 'order-fulfilment-copy',
          version: 1,
          processDefinitionKey: expect.stringMatching(/^\d+$/),
          resourceName: 'order-copy.bpmn',
        },
      ],
    });
    const definitions = [...(t.engine?.engine?.listProcessDefinitions() ?? [])].map((d) => d.bpmnProcessId);
    expect(definitions).toContain('order-fulfilment-copy');
  });

  it('answers 404 when deploying an unknown model, and 422 with Zeebe’s reason when the engine rejects it', async () => {
    expectProblem(await request(t.app).post('/api/models/no-such-model/deployment').set(AUTH), 404);
    // a file that was never saved through the API (no lint) and that Zeebe refuses
    writeFileSync(fileOf('broken'), ORDER_XML.replace(/<zeebe:taskDefinition [^>]*\/>/, ''));
    const body = expectProblem(await request(t.app).post('/api/models/broken/deployment').set(AUTH), 422);
    expect(body.detail).toMatch(/charge-payment|taskDefinition|task definition/i);
  });
});
