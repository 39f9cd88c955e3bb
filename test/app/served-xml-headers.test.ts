/**
 * BPMN XML the app serves (a stored model, and a deployed definition through /v2 on the app's origin and on
 * the engine's own REST port) is a document someone else may have written: a browser must never run it or
 * guess another type for it, so it carries `Content-Security-Policy: default-src 'none'; frame-ancestors 'none'; sandbox` and nosniff.
 */
import request from 'supertest';
import { camundaRestPassthrough } from '../../src/app/camunda-rest-passthrough';
import { API_KEY, silentLogger, startTestApp, type TestApp } from './app-harness';

const XML_CSP = "default-src 'none'; frame-ancestors 'none'; sandbox";

function expectInertXml(res: { status: number; headers: Record<string, string> }) {
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toMatch(/xml/);
  expect(res.headers['content-security-policy']).toBe(XML_CSP);
  expect(res.headers['x-content-type-options']).toBe('nosniff');
}

describe('served BPMN XML', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ engine: true });
  });
  afterAll(() => t.close());

  const withPassthrough = () =>
    startTestApp({
      overrides: {
        camundaRest: camundaRestPassthrough({ apiKey: API_KEY, logger: silentLogger(), engine: t.engine?.engine }),
      },
    });

  const orderDefinitionKey = () => {
    const definition = [...(t.engine?.engine?.listProcessDefinitions() ?? [])].find(
      (d) => d.bpmnProcessId === 'order-fulfilment',
    );
    return definition?.processDefinitionKey as string;
  };

  it('GET /api/models/{name} as XML', async () => {
    expectInertXml(await request(t.app).get('/api/models/order-fulfilment'));
  });

  it('GET /v2/process-definitions/{key}/xml through the app', async () => {
    const app = await withPassthrough();
    try {
      expectInertXml(await request(app.app).get(`/v2/process-definitions/${orderDefinitionKey()}/xml`));
    } finally {
      await app.close();
    }
  });

  it('GET /v2/process-definitions/{key}/xml on the engine REST port', async () => {
    expectInertXml(
      await request(t.engine?.restAddress as string).get(`/v2/process-definitions/${orderDefinitionKey()}/xml`),
    );
  });
});
