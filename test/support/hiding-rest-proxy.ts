/**
 * A test stand-in for Camunda's eventual consistency: an HTTP proxy in front of a REST v2 port that hides
 * each process instance for `hideMs` after the proxy first sees its key (in a request path, a search filter or
 * an answer), as a cluster's secondary storage does until the exporter has written it. Hidden, an instance
 * answers 404 on GET /v2/process-instances/{key} (and its sub-resources) and is left out of search results.
 * Everything else passes through unchanged.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HidingRestProxy {
  /** http://127.0.0.1:port */
  url: string;
  /** keys answered as missing (or left out of a search) so far */
  hiddenReads: Set<string>;
  close(): Promise<void>;
}

const INSTANCE_PATH = /^\/v2\/process-instances\/(\d+)(?:\/|$)/;

/** One request upstream on its own connection (no keep-alive left open when the test ends). */
function forward(
  url: string,
  method: string,
  headers: http.IncomingHttpHeaders,
  body: Buffer,
): Promise<{ status: number; contentType: string; text: string }> {
  return new Promise((resolve, reject) => {
    const upstream = http.request(url, { method, headers, agent: false }, (answer) => {
      const chunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.on('end', () =>
        resolve({
          status: answer.statusCode ?? 502,
          contentType: answer.headers['content-type'] ?? '',
          text: Buffer.concat(chunks).toString(),
        }),
      );
      answer.on('error', reject);
    });
    upstream.on('error', reject);
    upstream.end(body.length > 0 ? body : undefined);
  });
}

export async function startHidingRestProxy(upstream: string, hideMs: number): Promise<HidingRestProxy> {
  const firstSeen = new Map<string, number>();
  const hiddenReads = new Set<string>();
  const isHidden = (key: string) => {
    const seen = firstSeen.get(key) ?? Date.now();
    firstSeen.set(key, seen);
    return Date.now() - seen < hideMs;
  };
  const notFound = (res: http.ServerResponse, key: string) => {
    hiddenReads.add(key);
    res.writeHead(404, { 'content-type': 'application/problem+json' });
    res.end(
      JSON.stringify({
        type: 'about:blank',
        title: 'NOT_FOUND',
        status: 404,
        detail: `Process Instance with key '${key}' not found`,
      }),
    );
  };

  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const path = req.url ?? '/';
    const pathKey = INSTANCE_PATH.exec(path)?.[1];
    if (req.method === 'GET' && pathKey && isHidden(pathKey)) return notFound(res, pathKey);
    const isSearch = req.method === 'POST' && path.endsWith('/search');
    let filterKey: string | undefined;
    if (isSearch && body.length > 0) {
      const key = (JSON.parse(body.toString()) as { filter?: { processInstanceKey?: unknown } }).filter
        ?.processInstanceKey;
      if (typeof key === 'string') filterKey = key;
    }
    if (filterKey) isHidden(filterKey);
    const headers = { ...req.headers };
    delete headers.host;
    // a browser's Origin (the app's /v2 passthrough forwards it today) would meet the engine's CORS check;
    // which headers reach a cluster is the passthrough's business, not this stand-in's
    delete headers.origin;
    const answer = await forward(`${upstream}${path}`, req.method ?? 'GET', headers, body).catch(() => undefined);
    if (!answer) {
      res.writeHead(502);
      res.end();
      return;
    }
    let text = answer.text;
    const type = answer.contentType;
    if (type.includes('json') && text) {
      const json = JSON.parse(text) as { processInstanceKey?: string; items?: { processInstanceKey?: string }[] };
      if (typeof json.processInstanceKey === 'string') isHidden(json.processInstanceKey);
      if (isSearch && Array.isArray(json.items)) {
        json.items = json.items.filter((item) => {
          const key = item.processInstanceKey === undefined ? undefined : String(item.processInstanceKey);
          if (!key || !isHidden(key)) return true;
          hiddenReads.add(key);
          return false;
        });
        text = JSON.stringify({
          ...json,
          page: { ...(json as { page?: object }).page, totalItems: json.items.length },
        });
      }
    }
    res.writeHead(answer.status, type ? { 'content-type': type } : {});
    res.end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hiddenReads,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
