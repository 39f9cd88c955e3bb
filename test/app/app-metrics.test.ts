/**
 * The app's GET /metrics (src/app/http/app-metrics.ts): open like /health, request durations under Spring's
 * `http_server_requests_seconds` by route template (not URL), and the outbox backlog counted at each scrape.
 */
import request from 'supertest';
import { prometheusSample as sample } from '../support/prometheus-sample';
import { startTestApp, type TestApp } from './app-harness';

describe('GET /metrics', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  test('counts requests by route template and outcome, without an API key', async () => {
    await request(t.app).get('/api/inventory').expect(200);
    await request(t.app).get('/api/inventory').expect(200);
    await request(t.app).get('/api/no-such-thing').expect(404);
    const res = await request(t.app).get('/metrics').expect(200);
    expect(res.headers['content-type']).toContain('text/plain');
    const count = (labels: Record<string, string>) => sample(res.text, 'http_server_requests_seconds_count', labels);
    expect(count({ method: 'GET', uri: '/api/inventory', status: '200', outcome: 'SUCCESS' })).toBe(2);
    expect(count({ uri: 'NOT_FOUND', status: '404', outcome: 'CLIENT_ERROR' })).toBe(1);
  });

  test('the outbox backlog follows the pending messages', async () => {
    const before = sample((await request(t.app).get('/metrics')).text, 'baton_outbox_messages', { status: 'pending' });
    await t.repositories.outbox.enqueue({
      idempotencyKey: `metrics-${Date.now()}`,
      channel: 'ops',
      topic: 'metrics-test',
      payload: {},
    });
    const after = sample((await request(t.app).get('/metrics')).text, 'baton_outbox_messages', { status: 'pending' });
    expect(after).toBe(before + 1);
  });
});
