/**
 * A test-only stand-in for a cluster whose REST reads trail its writes (Camunda's secondary storage): an
 * HTTP proxy in front of a REST v2 address that answers each read (GET, POST …/search) with what upstream
 * answered to the same request at least `lagMs` ago. It re-asks upstream every read it was ever asked, every
 * REFRESH_MS, so that history follows the engine, not the test's reads; a request never asked before sees
 * nothing yet (404, or no items) — ask it once early to watch it. Commands pass straight through. Lag is set per path prefix, so one index can trail another
 * (an instance already COMPLETED while its element rows are not there yet, as Elasticsearch refreshes them
 * apart). It only shows that the toolkit and the test helpers WAIT; the Camunda-like engine profile is the
 * real proof.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

const REFRESH_MS = 50;

interface Answer {
  at: number;
  status: number;
  body: string;
}

export interface LaggingProxy {
  restAddress: string;
  close(): Promise<void>;
}

/** lagMs: path prefix (e.g. '/v2/element-instances/search') → lag; '' for every read */
export async function startLaggingRestProxy(upstream: string, lagMs: Record<string, number>): Promise<LaggingProxy> {
  const history = new Map<string, Answer[]>();
  const requests = new Map<string, { method: string; path: string; body: string; headers: Record<string, string> }>();
  const ask = async (method: string, path: string, body: string, headers: Record<string, string>): Promise<Answer> => {
    const response = await fetch(`${upstream.replace(/\/+$/, '')}${path}`, {
      method,
      headers,
      body: method === 'GET' || method === 'HEAD' ? undefined : body,
    });
    return { at: Date.now(), status: response.status, body: await response.text() };
  };
  const remember = (key: string, answer: Answer, lag: number) => {
    const seen = history.get(key) ?? [];
    seen.push(answer);
    // only the newest answer old enough to show, and those after it, can still be shown
    const shown = seen.findLastIndex((a) => a.at <= Date.now() - lag);
    history.set(key, shown > 0 ? seen.slice(shown) : seen);
  };
  let refreshing = false;
  const refresh = setInterval(async () => {
    if (refreshing) return;
    refreshing = true;
    try {
      for (const [key, r] of requests) remember(key, await ask(r.method, r.path, r.body, r.headers), lagOf(r.path));
    } catch {
      // upstream closing at the end of a test: the next tick or close() ends it
    } finally {
      refreshing = false;
    }
  }, REFRESH_MS);
  const lagOf = (path: string) =>
    Object.entries(lagMs)
      .filter(([prefix]) => path.startsWith(prefix))
      .sort(([a], [b]) => b.length - a.length)[0]?.[1] ?? 0;

  const server: Server = createServer(async (req, res) => {
    const body = await readBody(req);
    const path = req.url ?? '/';
    const isRead = req.method === 'GET' || (req.method === 'POST' && path.split('?')[0].endsWith('/search'));
    const method = req.method ?? 'GET';
    const headers = forwardedHeaders(req);
    const answer = await ask(method, path, body, headers);
    const lag = lagOf(path);
    if (!isRead || lag === 0) return send(res, answer.status, answer.body);
    const key = `${method} ${path} ${body}`;
    requests.set(key, { method, path, body, headers });
    remember(key, answer, lag);
    const visible = (history.get(key) ?? []).filter((a) => a.at <= Date.now() - lag).at(-1);
    if (visible) return send(res, visible.status, visible.body);
    if (req.method === 'GET') {
      return send(
        res,
        404,
        JSON.stringify({ type: 'about:blank', title: 'NOT_FOUND', status: 404, detail: 'not yet' }),
      );
    }
    send(res, 200, JSON.stringify({ items: [], page: { totalItems: 0 } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    restAddress: `http://127.0.0.1:${port}`,
    close: () => {
      clearInterval(refresh);
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function forwardedHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of ['accept', 'content-type', 'authorization']) {
    const value = req.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  return headers;
}

function send(res: import('node:http').ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(body);
}
