/**
 * What one `POST /api/orders` costs on the app with no worker started (the `ingest` row's app side), counted
 * over one flood window: statements per request by SQL text, transactions, journal fdatasyncs, GCs, CPU time,
 * and with PROFILE=<file> a CPU profile of the window alone (start-up and the data directory's copy left out).
 *   [FLOOD_SECONDS=10] [PROFILE=/tmp/ingest.cpuprofile] npx tsx bench/profile-ingest.ts
 * Not part of `npm run bench`: a tool for finding what to cut.
 */
import fs, { rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { PerformanceObserver } from 'node:perf_hooks';
import autocannon from 'autocannon';
import pino from 'pino';
import { startBaton } from '../src/boot/start-baton';
import { loadConfig } from '../src/config';
import { type Database, openDatabase } from '../src/data';
import { countingDatabase } from './counting-database';
import { API_KEY, copyOfDataDir, ORDER } from './rest-api.bench';

const counts = { statements: 0, transactions: 0, fdatasyncs: 0, gcs: 0, gcMs: 0, bySql: new Map<string, number>() };

/** The database with every statement and transaction counted. */
const counting = (db: Database) =>
  countingDatabase(db, {
    statement: (sql) => {
      counts.statements++;
      const text = sql.replace(/\s+/g, ' ').trim().slice(0, 90);
      counts.bySql.set(text, (counts.bySql.get(text) ?? 0) + 1);
    },
    transaction: () => {
      counts.transactions++;
    },
  });

// the journal's group commits (src/engine/journal/journal-file.ts calls fs.fdatasync off the event loop)
const fdatasync = fs.fdatasync;
fs.fdatasync = ((...args: Parameters<typeof fs.fdatasync>) => {
  counts.fdatasyncs++;
  return fdatasync(...args);
}) as typeof fs.fdatasync;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    counts.gcs++;
    counts.gcMs += entry.duration;
  }
}).observe({ entryTypes: ['gc'] });

async function main() {
  const seconds = Number(process.env.FLOOD_SECONDS ?? 10);
  const dataDir = await copyOfDataDir();
  const baton = await startBaton({
    workers: { taskTypes: [] },
    openDatabase: async () => counting(await openDatabase({ dataDir })),
    config: loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', API_KEY, ORDER_BACKLOG_LIMIT: '0' }),
    logger: pino({ level: 'silent' }),
    host: '127.0.0.1',
    apiPort: 0,
    grpcPort: 0,
    restPort: 0,
  });
  const flood = (duration: number) =>
    autocannon({
      url: `${baton.url}/api/orders`,
      method: 'POST',
      connections: 10,
      duration,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` },
      body: ORDER,
    });
  try {
    await flood(1); // warm-up
    Object.assign(counts, { statements: 0, transactions: 0, fdatasyncs: 0, gcs: 0, gcMs: 0 });
    counts.bySql.clear();
    const session = new Session();
    if (process.env.PROFILE) {
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.start');
    }
    const cpu = process.cpuUsage();
    const result = await flood(seconds);
    const used = process.cpuUsage(cpu);
    if (process.env.PROFILE) {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(process.env.PROFILE, JSON.stringify(profile));
    }
    const n = result['2xx'];
    const per = (x: number) => (x / n).toFixed(3);
    console.log(`${n} 201s (${(n / result.duration).toFixed(0)}/s), ${result.non2xx} other, ${result.errors} errors`);
    console.log(`CPU per request (API and autocannon): ${((used.user + used.system) / n).toFixed(0)} µs`);
    console.log(
      `per request: ${per(counts.statements)} statements, ${per(counts.transactions)} transactions, ` +
        `${per(counts.fdatasyncs)} journal fdatasyncs, ${per(counts.gcs)} GCs (${counts.gcMs.toFixed(0)} ms in all)`,
    );
    for (const [sql, times] of [...counts.bySql].sort((a, b) => b[1] - a[1]).slice(0, 10)) {
      console.log(`  ${per(times)}  ${sql}`);
    }
  } finally {
    await baton.close(10_000);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
