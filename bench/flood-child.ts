/**
 * Run by flood.bench.ts in its own process (node --import tsx, with an IPC channel), so the RSS it reports is
 * the app's own: the app as `npm start` runs it (journaled engine, PGlite on disk, every worker in process,
 * ORDER_BACKLOG_LIMIT and ORDER_BACKLOG_SECONDS unset: their default bounds) on the data directory argv[2].
 * Sends { type: 'ready', url }; answers { type: 'read' } with the order counts and its memory (Memory),
 * { type: 'collect' } with the same figures after a full GC (run with --expose-gc), and { type: 'close' } by
 * closing and exiting.
 */
import { readFileSync } from 'node:fs';
import { orderCounts } from './order-counts';
import { startApp } from './rest-api.bench';

export type FloodChildMessage =
  | { type: 'ready'; url: string }
  | ({ type: 'reading'; total: number; completed: number; unfinished: number } & Memory)
  | ({ type: 'collected' } & Memory);

/**
 * Where the RSS is: the JS heap V8 has committed (heapTotal) and uses, memory outside it (external: buffers
 * and WebAssembly memories, PGlite's Postgres among them) and the process's anonymous memory (all but the
 * mapped files: JS heap, WebAssembly, malloc), from /proc (0 where there is none).
 */
export interface Memory {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  anonymous: number;
}

function memory(): Memory {
  const { rss, heapUsed, heapTotal, external } = process.memoryUsage();
  let anonymous = 0;
  try {
    const kib = readFileSync('/proc/self/smaps_rollup', 'utf8').match(/^Anonymous:\s+(\d+) kB/m)?.[1];
    anonymous = Number(kib ?? 0) * 1024;
  } catch {
    // not Linux
  }
  return { rss, heapUsed, heapTotal, external, anonymous };
}

const send = (message: FloodChildMessage) => process.send?.(message);

(async () => {
  // '' is unset to the settings: start-baton.ts applies the default bounds, as for `npm start`
  const baton = await startApp(process.argv[2], {}, { ORDER_BACKLOG_LIMIT: '', ORDER_BACKLOG_SECONDS: '' });
  process.on('message', async (message: { type: 'read' | 'collect' | 'close' }) => {
    if (message.type === 'read') {
      send({ type: 'reading', ...(await orderCounts(baton.db)), ...memory() });
    } else if (message.type === 'collect') {
      // what stays once the garbage is gone: tells retained memory from heap V8 has yet to collect
      (globalThis as { gc?: () => void }).gc?.();
      send({ type: 'collected', ...memory() });
    } else {
      await baton.close(10_000);
      process.exit(0);
    }
  });
  send({ type: 'ready', url: baton.url });
})().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
