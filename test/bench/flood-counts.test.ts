/**
 * The flood bench's counting (bench/flood.bench.ts): admission control's 503s are counted beside the 201s, not
 * taken for errors; any other answer beyond 1 % still fails the run.
 */
import type { AddressInfo } from 'node:net';
import express from 'express';
import { floodCounts } from '../../bench/flood.bench';

jest.setTimeout(30_000);

/** Serves POST /api/orders answering `status(n)` to the n-th request; gives its URL to `use`. */
async function withServer<T>(status: (n: number) => number, use: (url: string) => Promise<T>): Promise<T> {
  let n = 0;
  const app = express();
  app.post('/api/orders', (_req, res) => {
    res.status(status(n++)).json({});
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  try {
    return await use(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/orders`);
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

describe('floodCounts', () => {
  test('counts 201s and 503s apart', async () => {
    const counts = await withServer(
      (n) => (n % 3 === 0 ? 201 : 503),
      (url) => floodCounts(url, 1),
    );
    expect(counts.accepted).toBeGreaterThan(10);
    expect(counts.refused).toBeGreaterThan(counts.accepted);
    // autocannon stops with up to one request per connection unanswered
    expect(Math.abs(counts.refused - 2 * counts.accepted)).toBeLessThanOrEqual(20);
  });

  test('fails on answers that are neither', async () => {
    await expect(
      withServer(
        (n) => (n % 2 === 0 ? 201 : 500),
        (url) => floodCounts(url, 1),
      ),
    ).rejects.toThrow(/"500":\{"count":\d+\}/);
  });
});
