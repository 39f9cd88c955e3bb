/**
 * /health and /ready (engine and database checks), security headers, CORS, unknown routes, and the promise
 * that an unexpected failure answers a plain 500 problem without the error's text or stack.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { expectProblem, startTestApp, type TestApp } from './app-harness';

describe('health and readiness', () => {
  let t: TestApp;
  const state = { engineDown: false, dbDown: false };
  beforeAll(async () => {
    t = await startTestApp({
      readiness: {
        engine: async () => {
          if (state.engineDown) throw new Error('14 UNAVAILABLE: No connection established');
        },
        database: async () => {
          if (state.dbDown) throw new Error('connection refused');
          await t.db.query('SELECT 1');
        },
      },
    });
  });
  afterAll(() => t.close());

  it('GET /health answers 200 ok', async () => {
    const res = await request(t.app).get('/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('GET /ready answers 200 when engine and database answer', async () => {
    const res = await request(t.app).get('/ready');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ready', checks: { engine: { status: 'up' }, database: { status: 'up' } } });
  });

  it('GET /ready answers 503 naming what is down', async () => {
    state.engineDown = true;
    try {
      const res = await request(t.app).get('/ready');
      expect(res.status).toBe(503);
      expect(res.body).toEqual({
        status: 'not-ready',
        checks: {
          engine: { status: 'down', detail: expect.stringContaining('UNAVAILABLE') },
          database: { status: 'up' },
        },
      });
      state.dbDown = true;
      const both = await request(t.app).get('/ready');
      expect(both.body.checks.database).toEqual({ status: 'down', detail: 'connection refused' });
    } finally {
      state.engineDown = false;
      state.dbDown = false;
    }
  });
});

describe('security headers, CORS and errors', () => {
  let t: TestApp;
  let uiDir: string;
  beforeAll(async () => {
    uiDir = mkdtempSync(path.join(os.tmpdir(), 'baton-ui-'));
    mkdirSync(path.join(uiDir, 'assets'));
    writeFileSync(path.join(uiDir, 'index.html'), '<!doctype html><title>Baton modeler</title>');
    writeFileSync(path.join(uiDir, 'assets', 'app.js'), 'console.log(1)');
    t = await startTestApp({
      corsOrigins: ['http://localhost:5173'],
      overrides: {
        uiDirectory: uiDir,
        // the inventory table "fails" with an internal error whose text must not reach the caller
        repositories: {
          orders: {} as never,
          customers: {} as never,
          onboardingStarts: {} as never,
          outbox: {} as never,
          inventory: {
            list: async () => {
              throw new TypeError("Cannot read properties of undefined (reading 'rows') at inventory.list");
            },
          } as never,
        },
      },
    });
  });
  afterAll(async () => {
    await t.close();
    rmSync(uiDir, { recursive: true, force: true });
  });

  it('sends security headers and no X-Powered-By', async () => {
    const res = await request(t.app).get('/api/models');
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['x-request-id']).toMatch(/^[\w-]+$/);
  });

  it('allows listed origins (with the Authorization header) and no others', async () => {
    const listed = await request(t.app)
      .options('/api/orders')
      .set('Origin', 'http://localhost:5173')
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'authorization,content-type');
    expect(listed.status).toBe(204);
    expect(listed.headers['access-control-allow-origin']).toBe('http://localhost:5173');
    expect(listed.headers['access-control-allow-headers']).toMatch(/Authorization/);
    expect(listed.headers['access-control-allow-credentials']).toBeUndefined();
    const other = await request(t.app).get('/api/models').set('Origin', 'https://evil.example');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answers 404 problem+json for unknown API paths and unknown top-level paths', async () => {
    expectProblem(await request(t.app).get('/api/nothing-here'), 404);
    expectProblem(
      await request(t.app).delete('/api/orders/x').set('Authorization', 'Bearer test-api-key-0123456789abcdef'),
      404,
    );
    expectProblem(await request(t.app).get('/favicon.ico'), 404);
  });

  it('serves the built UI at / with its client-side routes, but never for /api paths', async () => {
    const index = await request(t.app).get('/');
    expect(index.status).toBe(200);
    expect(index.text).toContain('Baton modeler');
    expect((await request(t.app).get('/instances/123')).text).toContain('Baton modeler');
    expect((await request(t.app).get('/assets/app.js')).text).toBe('console.log(1)');
    expectProblem(await request(t.app).get('/api/unknown'), 404);
  });

  it('hides the cause of an unexpected failure: 500 problem with only the request id', async () => {
    const res = await request(t.app).get('/api/inventory').set('X-Request-Id', 'req-123');
    const body = expectProblem(res, 500);
    expect(body.detail).toBe('An unexpected error occurred; it was logged with request id req-123');
    expect(JSON.stringify(body)).not.toMatch(/TypeError|undefined|inventory\.list/);
  });
});
