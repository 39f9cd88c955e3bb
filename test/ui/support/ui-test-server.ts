/**
 * The origin the browser test talks to: everything is forwarded to the running app, except /v2, which goes
 * to the engine's Camunda REST API (or, while that gateway is not built, to the test-only stand-in). Writes
 * to /v2 (anything but GET and searches) need the app's API key, as they should when the app serves /v2.
 * Used only when the app does not serve /v2 itself.
 */
import { createServer, type IncomingMessage, request, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createCamundaRestStandIn, type StandInEngine } from './camunda-rest-stand-in';

export interface UiTestServer {
  url: string;
  close(): Promise<void>;
}

export interface UiTestServerOptions {
  /** http://127.0.0.1:port of the app */
  appUrl: string;
  /** http://host:port of the engine's REST gateway; undefined: use the stand-in */
  restAddress?: string;
  engine?: StandInEngine;
  apiKey: string;
}

function forward(req: IncomingMessage, res: ServerResponse, target: string, body?: Buffer): void {
  const url = new URL(req.url ?? '/', target);
  const upstream = request(
    url,
    { method: req.method, headers: { ...req.headers, host: url.host } },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  upstream.on('error', (err) => {
    if (!res.headersSent) res.writeHead(502, { 'Content-Type': 'text/plain' });
    res.end(`upstream ${target} failed: ${err.message}`);
  });
  if (body) upstream.end(body);
  else req.pipe(upstream);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

const isWrite = (req: IncomingMessage) =>
  req.method !== 'GET' && req.method !== 'HEAD' && !/\/search$/.test(new URL(req.url ?? '/', 'http://x').pathname);

export async function startUiTestServer(options: UiTestServerOptions): Promise<UiTestServer> {
  const standIn = options.restAddress || !options.engine ? undefined : createCamundaRestStandIn(options.engine);

  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (!path.startsWith('/v2/')) {
      forward(req, res, options.appUrl);
      return;
    }
    if (isWrite(req) && req.headers.authorization !== `Bearer ${options.apiKey}`) {
      res.writeHead(401, { 'Content-Type': 'application/problem+json' });
      res.end(JSON.stringify({ type: 'about:blank', title: 'Unauthorized', status: 401, detail: 'Send the API key' }));
      return;
    }
    const body = await readBody(req);
    if (options.restAddress) {
      forward(req, res, options.restAddress, body);
      return;
    }
    let json: Record<string, unknown> = {};
    try {
      json = body.length ? JSON.parse(body.toString('utf8')) : {};
    } catch {
      res.writeHead(400).end('bad JSON');
      return;
    }
    if (!(await standIn?.(req, res, json))) {
      res.writeHead(404, { 'Content-Type': 'application/problem+json' });
      res.end(JSON.stringify({ status: 404, title: 'NOT_FOUND', detail: `${req.method} ${path} is not served` }));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
