/**
 * Run by flood.bench.ts in its own process (node --import tsx, with an IPC channel), so the RSS it reports is
 * the app's own: the app as `npm start` runs it (journaled engine, PGlite on disk, every worker in process,
 * ORDER_BACKLOG_LIMIT unset: its default bound) on the data directory argv[2]. Sends { type: 'ready', url };
 * answers { type: 'read' } with the order counts, its RSS and used heap, { type: 'collect' } with the same
 * memory figures after a full GC (run with --expose-gc), and { type: 'close' } by closing and exiting.
 */
import { orderCounts } from './order-counts';
import { startApp } from './rest-api.bench';

export type FloodChildMessage =
  | { type: 'ready'; url: string }
  | { type: 'reading'; total: number; completed: number; unfinished: number; rss: number; heapUsed: number }
  | { type: 'collected'; rss: number; heapUsed: number; external: number };

const send = (message: FloodChildMessage) => process.send?.(message);

(async () => {
  // '' is unset to the settings: start-baton.ts applies the default bound, as for `npm start`
  const baton = await startApp(process.argv[2], {}, { ORDER_BACKLOG_LIMIT: '' });
  process.on('message', async (message: { type: 'read' | 'collect' | 'close' }) => {
    if (message.type === 'read') {
      const { rss, heapUsed } = process.memoryUsage();
      send({ type: 'reading', ...(await orderCounts(baton.db)), rss, heapUsed });
    } else if (message.type === 'collect') {
      // what stays once the garbage is gone: tells retained memory from heap V8 has yet to collect
      (globalThis as { gc?: () => void }).gc?.();
      const { rss, heapUsed, external } = process.memoryUsage();
      send({ type: 'collected', rss, heapUsed, external });
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
