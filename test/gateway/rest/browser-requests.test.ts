/**
 * Issue 20 (1b): the engine's REST port and browsers. It answers with the app's security headers (a JSON API's
 * CSP: nothing may load), CORS is off unless ENGINE_CORS_ORIGINS lists origins, and a write from a web page of
 * another origin is refused 403 even though the API is unprotected — the "any page resets the clock / deploys a
 * model" attack, which needs no preflight for text/plain and multipart/form-data. The refused request leaves the
 * clock, the deployments and the journal on disk as they were; clients without an Origin (the SDK, curl,
 * zbctl) are unaffected.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import pino from 'pino';
import { camundaRestPassthrough } from '../../../src/app/camunda-rest-passthrough';
import { securityHeaders } from '../../../src/app/http/security';
import { type EngineServices, startEngineServices } from '../../../src/boot/engine-gateways';
import { type Engine, openEngine } from '../../../src/engine/engine';
import { bpmnXml, serviceTask } from '../../support/bpmn';
import { sdkClient } from '../../support/sdk-client';

const logger = pino({ level: 'silent' });
const PINNED = Date.parse('2030-01-01T00:00:00Z');
const LISTED = 'https://ui.example.com';
const EVIL = 'http://evil.example';
const CSP = "default-src 'none';frame-ancestors 'none'";

const modelXml = bpmnXml({
  id: 'browser-attack',
  elements: `<bpmn:startEvent id="start"/>${serviceTask('work', 'browser-work')}<bpmn:endEvent id="end"/>`,
  flows: ['start -> work -> end'],
});

/** Every file under the engine's data directory with its bytes: what a refused request must not change. */
function diskState(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (at: string) => {
    for (const name of readdirSync(at)) {
      const full = path.join(at, name);
      if (statSync(full).isDirectory()) walk(full);
      else files[path.relative(dir, full)] = readFileSync(full).toString('base64');
    }
  };
  walk(dir);
  return files;
}

function multipartDeploy(origin: string | undefined, extra: Record<string, string> = {}) {
  const form = new FormData();
  form.append('resources', new Blob([modelXml], { type: 'application/octet-stream' }), 'attack.bpmn');
  return { method: 'POST', body: form, headers: { ...(origin ? { Origin: origin } : {}), ...extra } };
}

describe("the engine's REST port and browsers", () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'baton-browser-'));
  let engine: Engine;
  /** no ENGINE_CORS_ORIGINS */
  let closed: EngineServices;
  /** ENGINE_CORS_ORIGINS=https://ui.example.com */
  let listed: EngineServices;
  const url = (services: EngineServices, p: string) => `http://127.0.0.1:${services.restPort}${p}`;

  beforeAll(async () => {
    engine = await openEngine({ dataDir: path.join(dataDir, 'engine'), logger, diskFreeMin: 0 });
    closed = await startEngineServices(engine, { grpcPort: 0, restPort: 0, host: '127.0.0.1', logger });
    listed = await startEngineServices(engine, {
      grpcPort: 0,
      restPort: 0,
      host: '127.0.0.1',
      logger,
      corsOrigins: [LISTED],
    });
  });
  afterAll(async () => {
    await closed?.close();
    await listed?.close();
    engine?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test("answers with the app's security headers and a CSP under which nothing loads, also deployed XML", async () => {
    const app = express();
    app.use(securityHeaders());
    app.get('/', (_req, res) => res.json({}));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const appHeaders = await fetch(`http://127.0.0.1:${(server.address() as { port: number }).port}/`);
    server.close();
    const names = (r: Response) => {
      const all: string[] = [];
      r.headers.forEach((_value, name) => {
        all.push(name);
      });
      return all.filter((n) => /^(x-|content-security|cross-origin|origin-|referrer|strict)/.test(n));
    };

    const topology = await fetch(url(closed, '/v2/topology'));
    expect(topology.status).toBe(200);
    expect(names(topology).sort()).toEqual(names(appHeaders).sort());
    expect(topology.headers.get('content-security-policy')).toBe(CSP);
    expect(topology.headers.get('x-content-type-options')).toBe('nosniff');

    const shown = bpmnXml({ id: 'shown', elements: '<bpmn:startEvent id="start"/>', flows: [] });
    const deployed = await engine.deploy([{ name: 'shown.bpmn', content: Buffer.from(shown) }]);
    const xml = await fetch(url(closed, `/v2/process-definitions/${deployed.processes[0].processDefinitionKey}/xml`));
    expect(xml.status).toBe(200);
    // (deployed XML: nothing loads, no frame may show it, and a browser opening it runs it sandboxed)
    expect(xml.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'; sandbox");
    const missing = await fetch(url(closed, '/nowhere'));
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-security-policy')).toBe(CSP);
  });

  test('CORS is off unless ENGINE_CORS_ORIGINS lists the origin', async () => {
    const preflight = (services: EngineServices, origin: string) =>
      fetch(url(services, '/v2/process-instances'), {
        method: 'OPTIONS',
        headers: {
          Origin: origin,
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'content-type,authorization',
        },
      });
    expect((await preflight(closed, LISTED)).headers.get('access-control-allow-origin')).toBeNull();
    const read = await fetch(url(closed, '/v2/topology'), { headers: { Origin: LISTED } });
    expect(read.headers.get('access-control-allow-origin')).toBeNull();

    const allowed = await preflight(listed, LISTED);
    expect(allowed.status).toBeLessThan(300);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(LISTED);
    expect(allowed.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
    expect((await preflight(listed, EVIL)).headers.get('access-control-allow-origin')).toBeNull();
  });

  test('a cross-origin POST /v2/clock/reset is refused 403; the clock and the journal stay as they were', async () => {
    expect((await fetch(url(closed, '/v2/clock'), jsonPut({ timestamp: PINNED }))).status).toBe(204);
    const before = diskState(dataDir);

    // what a web page can send without a preflight: a "simple" POST, or a form post without Origin
    const attempts: Record<string, string>[] = [
      { Origin: EVIL, 'Content-Type': 'text/plain' },
      { Origin: 'null', 'Content-Type': 'text/plain' },
      { 'Sec-Fetch-Site': 'cross-site', 'Content-Type': 'application/x-www-form-urlencoded' },
      // a name rebound to 127.0.0.1 is the page's own origin, but not the engine's
      { Origin: `http://rebound.example:${closed.restPort}`, Host: `rebound.example:${closed.restPort}` },
    ];
    for (const headers of attempts) {
      for (const services of [closed, listed]) {
        const refused = await post(services.restPort as number, '/v2/clock/reset', headers);
        expect(refused.status).toBe(403);
        expect(refused.contentType).toMatch(/application\/problem\+json/);
        const problem = JSON.parse(refused.body);
        expect(problem).toMatchObject({ status: 403, title: 'FORBIDDEN', instance: '/v2/clock/reset' });
        expect(problem.detail).toMatch(/ENGINE_CORS_ORIGINS/);
      }
    }
    expect(engine.clock.now()).toBe(PINNED);
    expect(diskState(dataDir)).toEqual(before);
  });

  test('a cross-origin multipart deployment is refused 403: nothing deployed, nothing written', async () => {
    const definitions = () => [...engine.listProcessDefinitions()].map((d) => d.bpmnProcessId);
    const known = definitions();
    const before = diskState(dataDir);
    for (const services of [closed, listed]) {
      const refused = await fetch(url(services, '/v2/deployments'), multipartDeploy(EVIL));
      expect(refused.status).toBe(403);
      const crossSite = await fetch(
        url(services, '/v2/deployments'),
        multipartDeploy(undefined, { 'Sec-Fetch-Site': 'cross-site' }),
      );
      expect(crossSite.status).toBe(403);
    }
    expect(definitions()).toEqual(known);
    expect(definitions()).not.toContain('browser-attack');
    expect(diskState(dataDir)).toEqual(before);
  });

  test("the app's /v2 on :3000 passes on only the UI's calls, whose writes need the API key another origin's page lacks", async () => {
    const app = express();
    app.use('/v2', camundaRestPassthrough({ apiKey: 'app-key-0123456789abcdef', logger, engine }) as express.Router);
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const port = (server.address() as { port: number }).port;
    try {
      expect((await fetch(url(closed, '/v2/clock'), jsonPut({ timestamp: PINNED }))).status).toBe(204);
      const known = [...engine.listProcessDefinitions()].length;
      const before = diskState(dataDir);
      const simple = { Origin: EVIL, 'Content-Type': 'text/plain' };
      // the UI never resets the clock or deploys through /v2: not passed on at all
      expect((await post(port, '/v2/clock/reset', simple)).status).toBe(404);
      expect((await fetch(`http://127.0.0.1:${port}/v2/deployments`, multipartDeploy(EVIL))).status).toBe(404);
      // the UI's own writes: refused without the key
      expect((await post(port, '/v2/process-instances', simple)).status).toBe(401);
      expect((await post(port, '/v2/process-instances/2251799813685249/cancellation', simple)).status).toBe(401);
      expect(engine.clock.now()).toBe(PINNED);
      expect([...engine.listProcessDefinitions()]).toHaveLength(known);
      expect(diskState(dataDir)).toEqual(before);
    } finally {
      server.close();
    }
  });

  test('writes without an Origin (SDK, curl), from the engine’s own origin or a listed one are served', async () => {
    const reset = (services: EngineServices, headers: Record<string, string>) =>
      fetch(url(services, '/v2/clock/reset'), { method: 'POST', headers });
    expect((await reset(closed, {})).status).toBe(204);
    expect((await reset(closed, { Origin: `http://127.0.0.1:${closed.restPort}` })).status).toBe(204);
    expect((await reset(closed, { Origin: `http://localhost:${closed.restPort}` })).status).toBe(204);
    expect((await reset(listed, { Origin: LISTED, 'Sec-Fetch-Site': 'cross-site' })).status).toBe(204);
    // reads are not writes: a page may send them, CORS decides whether it sees the answer
    expect((await fetch(url(closed, '/v2/topology'), { headers: { Origin: EVIL } })).status).toBe(200);

    const camunda = sdkClient(`grpc://127.0.0.1:${closed.grpcPort}`, `http://127.0.0.1:${closed.restPort}`);
    try {
      const rest = camunda.getCamundaRestClient();
      const deployment = await rest.deployResources([{ name: 'sdk.bpmn', content: modelXml }]);
      expect(deployment.processes.map((p) => p.processDefinitionId)).toEqual(['browser-attack']);
    } finally {
      await camunda.closeAllClients();
    }
  });
});

/** node:http rather than fetch: fetch sets the Host header itself. */
function post(
  port: number,
  p: string,
  headers: Record<string, string>,
): Promise<{ status: number; contentType?: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: p, method: 'POST', headers }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: res.headers['content-type'], body }));
    });
    req.on('error', reject);
    req.end('x');
  });
}

function jsonPut(body: unknown): RequestInit {
  return { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
}
