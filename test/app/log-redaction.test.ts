/**
 * Keys, tokens and passwords never reach the logs: not from a query string (a key sent as ?apiKey= is refused,
 * and must not be written down either), and not from the Authorization, X-API-Key, Cookie or Set-Cookie headers,
 * whichever logger sees the request (the app's request log, with the engine's REST API served on its origin).
 */
import pino from 'pino';
import request from 'supertest';
import { camundaRestPassthrough } from '../../src/app/camunda-rest-passthrough';
import { createLogger } from '../../src/logger';
import { redactedUrl } from '../../src/request-log-redaction';
import { startEmbeddedEngine, type TestEngine } from '../support/engine';
import { API_KEY, startTestApp, type TestApp } from './app-harness';

const SECRETS = {
  queryKey: 'query-key-8c1f0e2d',
  queryToken: 'query-token-5a9b7c3e',
  queryPassword: 'query-password-1d2e3f4a',
  bearer: 'bearer-secret-77aa88bb',
  apiKeyHeader: 'x-api-key-secret-99cc00dd',
  cookie: 'cookie-secret-11ee22ff',
};

function expectNoSecret(lines: string[]) {
  const all = lines.join('\n');
  for (const secret of Object.values(SECRETS)) expect(all).not.toContain(secret);
}

describe('request logs keep no secrets', () => {
  let engine: TestEngine;
  let t: TestApp;
  const lines: string[] = [];
  beforeAll(async () => {
    engine = await startEmbeddedEngine({ logLevel: 'silent' });
    const logger = pino({ level: 'debug' }, { write: (line: string) => lines.push(line) });
    t = await startTestApp({
      overrides: {
        logger,
        camundaRest: camundaRestPassthrough({ apiKey: API_KEY, logger, engine: engine.engine }),
      },
    });
  });
  afterAll(async () => {
    await t.close();
    await engine.close();
  });

  const query = `apiKey=${SECRETS.queryKey}&access_token=${SECRETS.queryToken}&password=${SECRETS.queryPassword}&limit=5`;
  const secretHeaders = {
    Authorization: `Bearer ${SECRETS.bearer}`,
    'X-API-Key': SECRETS.apiKeyHeader,
    Cookie: `session=${SECRETS.cookie}`,
  };

  it('the app logs each request by its path, with the values of secret-looking query keys redacted', async () => {
    lines.length = 0;
    expect((await request(t.app).get(`/api/orders/no-such-order?${query}`).set(secretHeaders)).status).toBe(404);
    expect((await request(t.app).post(`/api/orders?${query}`).set(secretHeaders).send({})).status).toBe(401);
    expect(
      (await request(t.app).post(`/v2/process-definitions/search?${query}`).set(secretHeaders).send({})).status,
    ).toBe(200);
    expect((await request(t.app).post(`/v2/process-instances?${query}`).set(secretHeaders).send({})).status).toBe(401);
    const logged = lines.join('\n');
    expect(logged).toContain('/api/orders/no-such-order');
    expect(logged).toContain('/v2/process-definitions/search');
    expect(logged).toContain('limit=5');
    expectNoSecret(lines);
  });

  it('redactedUrl keeps the path and harmless parameters', () => {
    expect(redactedUrl(`/api/x?${query}`)).toBe(
      '/api/x?apiKey=[redacted]&access_token=[redacted]&password=[redacted]&limit=5',
    );
    expect(redactedUrl('/api/x')).toBe('/api/x');
    expect(redactedUrl('/api/x?secret')).toBe('/api/x?secret');
    expect(redactedUrl('/api/x?client_secret=a&Signature=b&x=%zz')).toBe(
      '/api/x?client_secret=[redacted]&Signature=[redacted]&x=%zz',
    );
  });

  it('the root logger redacts secret headers and fields wherever a line carries them', () => {
    const written: string[] = [];
    const logger = createLogger({ level: 'info', destination: { write: (line: string) => void written.push(line) } });
    logger.info(
      {
        req: {
          url: '/x',
          headers: { authorization: SECRETS.bearer, 'x-api-key': SECRETS.apiKeyHeader, cookie: SECRETS.cookie },
        },
        res: { headers: { 'set-cookie': SECRETS.cookie } },
        headers: { authorization: SECRETS.bearer, 'x-api-key': SECRETS.apiKeyHeader },
        password: SECRETS.queryPassword,
      },
      'a line with secrets',
    );
    expect(written.join('')).toContain('a line with secrets');
    expectNoSecret(written);
  });
});
