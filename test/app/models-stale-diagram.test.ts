/**
 * A model whose diagram points at something no longer there (a BPMNPlane naming the process's old id, as
 * after renaming it in another tool) is what Zeebe deploys: the models API saves it as a clean model (a
 * warning, not a draft) and deploys it to the embedded engine.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { AUTH, ROOT, startTestApp, type TestApp } from './app-harness';

const ORDER_XML = readFileSync(path.join(ROOT, 'bpmn', 'order-fulfilment.bpmn'), 'utf8');
const STALE_PLANE = ORDER_XML.replace(
  '<bpmndi:BPMNPlane id="plane" bpmnElement="order-fulfilment">',
  '<bpmndi:BPMNPlane id="plane" bpmnElement="order-fulfilment-old">',
);

describe('a model with a stale diagram reference', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ engine: true });
  });
  afterAll(() => t.close());

  it('is saved clean with a warning, and deployed', async () => {
    expect(STALE_PLANE).not.toBe(ORDER_XML);
    const saved = await request(t.app)
      .put('/api/models/order-fulfilment')
      .set(AUTH)
      .set('Content-Type', 'application/xml')
      .send(STALE_PLANE);
    expect(saved.status).toBe(200);
    expect(saved.body.draft).toBeUndefined();
    expect(saved.body.warnings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ rule: 'import', message: expect.stringContaining('order-fulfilment-old') }),
      ]),
    );
    expect(existsSync(path.join(t.modelsDir, '.drafts', 'order-fulfilment.bpmn'))).toBe(false);
    const deployed = await request(t.app).post('/api/models/order-fulfilment/deployment').set(AUTH);
    expect(deployed.status).toBe(201);
    expect(deployed.body.processes.map((p: { bpmnProcessId: string }) => p.bpmnProcessId)).toEqual([
      'order-fulfilment',
    ]);
  });
});
