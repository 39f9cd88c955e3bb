/**
 * Test helper: a webhook receiver on 127.0.0.1 as a mail or alerting API with idempotency keys behaves. It
 * records every request, accepts each Idempotency-Key once (a repeat is answered 200 and dropped), answers
 * from a per-key plan (e.g. 500 twice, then 200), can hold requests without answering (a delivery in flight)
 * and can go down and come back on the same port.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  idempotencyKey: string | undefined;
  contentType: string | undefined;
  body: Record<string, unknown>;
}

type Planned = number | 'hold';

export interface OutboxReceiver {
  url: string;
  port: number;
  /** every request, repeats included */
  requests: ReceivedRequest[];
  /** idempotency keys taken, in order, each once */
  accepted: string[];
  requestsFor(key: string): ReceivedRequest[];
  /** answers the next requests with this key from the plan, then 200 */
  plan(key: string, answers: Planned[]): void;
  /** resolves when a request with this key arrives and is being held */
  held(key: string): Promise<void>;
  /** stops listening and cuts every connection (the receiver is down) */
  down(): Promise<void>;
  /** listens again on the same port */
  up(): Promise<void>;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => {
      data += chunk;
    });
    req.on('end', () => resolve(data));
    req.on('error', reject);
  });
}

export async function startOutboxReceiver(port = 0): Promise<OutboxReceiver> {
  const requests: ReceivedRequest[] = [];
  const accepted: string[] = [];
  const plans = new Map<string, Planned[]>();
  const holdWaiters = new Map<string, () => void>();
  const heldResponses: ServerResponse[] = [];

  const server = createServer(async (req, res) => {
    const text = await readBody(req);
    const key = req.headers['idempotency-key'] as string | undefined;
    requests.push({ idempotencyKey: key, contentType: req.headers['content-type'], body: JSON.parse(text) });
    const answer: Planned = (key === undefined ? undefined : plans.get(key)?.shift()) ?? 200;
    if (answer === 'hold') {
      // the receiver has the message (it would send the email now) but has not answered yet
      if (key && !accepted.includes(key)) accepted.push(key);
      heldResponses.push(res);
      if (key) holdWaiters.get(key)?.();
      return;
    }
    if (answer >= 200 && answer < 300 && key && !accepted.includes(key)) accepted.push(key);
    res.writeHead(answer, { 'Content-Type': 'text/plain' }).end(answer < 300 ? 'ok' : `planned ${answer}`);
  });

  const listen = (at: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(at, '127.0.0.1', () => {
        server.off('error', reject);
        resolve((server.address() as AddressInfo).port);
      });
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      for (const res of heldResponses.splice(0)) res.destroy();
      server.close(() => resolve());
      server.closeAllConnections();
    });

  const actualPort = await listen(port);
  return {
    url: `http://127.0.0.1:${actualPort}/outbox`,
    port: actualPort,
    requests,
    accepted,
    requestsFor: (key) => requests.filter((r) => r.idempotencyKey === key),
    plan: (key, answers) => plans.set(key, [...answers]),
    held: (key) => new Promise<void>((resolve) => holdWaiters.set(key, resolve)),
    down: stop,
    up: async () => {
      await listen(actualPort);
    },
    close: async () => {
      if (server.listening) await stop();
    },
  };
}
