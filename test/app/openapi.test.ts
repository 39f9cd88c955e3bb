/**
 * The OpenAPI 3.1 document is generated from the same route declarations that serve the API: every endpoint
 * of the contract is in it with its method, writes carry the bearer scheme, request schemas are strict; the
 * docs page is Swagger UI served from this origin (no CDN).
 */
import request from 'supertest';
import { apiRoutes } from '../../src/app/create-app';
import { startTestApp, type TestApp } from './app-harness';

const CONTRACT: [string, string][] = [
  ['post', '/api/orders'],
  ['get', '/api/orders/{id}'],
  ['post', '/api/orders/{id}/cancellation'],
  ['post', '/api/onboardings'],
  ['post', '/api/onboardings/{customerId}/kickoff-completed'],
  ['post', '/api/onboardings/{customerId}/cancellation'],
  ['get', '/api/inventory'],
  ['get', '/api/outbox'],
  ['get', '/api/process-instances/{key}'],
  ['get', '/api/models'],
  ['get', '/api/models/{name}'],
  ['put', '/api/models/{name}'],
  ['post', '/api/models/{name}/deployment'],
  ['post', '/api/models/{name}/check'],
  ['get', '/api/job-types'],
  ['get', '/health'],
  ['get', '/ready'],
];

describe('OpenAPI document and docs page', () => {
  let t: TestApp;
  // biome-ignore lint/suspicious/noExplicitAny: a parsed JSON document
  let doc: any;
  beforeAll(async () => {
    t = await startTestApp();
    doc = (await request(t.app).get('/api/openapi.json').expect(200)).body;
  });
  afterAll(() => t.close());

  it('is OpenAPI 3.1 with exactly the contract endpoints', () => {
    expect(doc.openapi).toBe('3.1.0');
    const operations = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([p, methods]) =>
      Object.keys(methods).map((m) => [m, p]),
    );
    expect(operations.sort()).toEqual([...CONTRACT].sort());
  });

  it('marks every write with the bearer scheme and a 401, and leaves reads open', () => {
    for (const [method, p] of CONTRACT) {
      const op = doc.paths[p][method];
      if (method === 'get') expect(op.security).toBeUndefined();
      else {
        expect(op.security).toEqual([{ bearerAuth: [] }]);
        expect(op.responses['401']).toBeDefined();
      }
    }
    expect(doc.components.securitySchemes.bearerAuth).toEqual(
      expect.objectContaining({ type: 'http', scheme: 'bearer' }),
    );
  });

  it('describes the order request as a strict schema with its required fields and limits', () => {
    const ref = doc.paths['/api/orders'].post.requestBody.content['application/json'].schema.$ref;
    const schema = doc.components.schemas[ref.replace('#/components/schemas/', '')];
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required.sort()).toEqual(['amount', 'currency', 'customerId', 'items']);
    expect(schema.properties.items.items.additionalProperties).toBe(false);
    expect(schema.properties.items.items.properties.quantity).toEqual(
      expect.objectContaining({ type: 'integer', exclusiveMinimum: 0 }),
    );
    expect(doc.paths['/api/orders'].post.responses['400'].content['application/problem+json']).toBeDefined();
  });

  it('resolves every $ref to a component', () => {
    const refs = JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? [];
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) {
      const name = ref.slice('"$ref":"'.length, -1);
      expect(name).toMatch(/^#\/components\/schemas\//);
      expect(doc.components.schemas[name.replace('#/components/schemas/', '')]).toBeDefined();
    }
  });

  it('matches the declarations the server mounts (path parameters included)', () => {
    for (const route of apiRoutes({ repositories: {} } as never)) {
      const op = doc.paths[route.path]?.[route.method];
      expect(op?.operationId).toBe(route.operationId);
      const names = [...route.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      expect(op.parameters.filter((p: { in: string }) => p.in === 'path').map((p: { name: string }) => p.name)).toEqual(
        names,
      );
    }
  });

  it('serves Swagger UI at /api/docs from this origin', async () => {
    const redirect = await request(t.app).get('/api/docs');
    expect(redirect.status).toBe(301);
    expect(redirect.headers.location).toBe('/api/docs/');
    const page = await request(t.app).get('/api/docs/');
    expect(page.status).toBe(200);
    expect(page.text).toContain('swagger-ui-bundle.js');
    expect(page.text).not.toMatch(/https?:\/\//);
    const init = await request(t.app).get('/api/docs/init.js');
    expect(init.text).toContain('openapi.json');
    const bundle = await request(t.app).get('/api/docs/assets/swagger-ui-bundle.js');
    expect(bundle.status).toBe(200);
    expect(bundle.headers['content-type']).toMatch(/javascript/);
    expect((await request(t.app).get('/api/docs/assets/swagger-ui.css')).status).toBe(200);
  });
});
