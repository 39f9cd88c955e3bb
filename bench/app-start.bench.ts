/**
 * App start: milliseconds from `npm start` to `/ready` answering 200, with the embedded engine. `warm` starts
 * on a data directory an earlier start created (the everyday case); cold includes creating the PGlite
 * database (initdb) in a fresh directory.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../test/support/free-port';

const ROOT = path.join(__dirname, '..');

export interface AppStartSamples {
  /** starts on a data directory an earlier start created (the everyday case) */
  warm: number[];
  /** first starts, each on a fresh data directory (PGlite's initdb included); empty unless asked for */
  cold: number[];
}

/**
 * `reps` starts on one data directory a first start prepared, and with `cold`, `reps` first starts on fresh
 * ones (the first of which prepares the warm starts' directory instead of an untimed start).
 */
export async function appStartSamples(reps: number, options: { cold?: boolean } = {}): Promise<AppStartSamples> {
  const dirs: string[] = [];
  const fresh = () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'baton-bench-start-'));
    dirs.push(dir);
    return dir;
  };
  try {
    const cold: number[] = [];
    if (options.cold) for (let i = 0; i < reps; i++) cold.push(await timeStart(fresh()));
    else await timeStart(fresh());
    const warm: number[] = [];
    for (let i = 0; i < reps; i++) warm.push(await timeStart(dirs[0]));
    return { warm, cold };
  } finally {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
}

async function timeStart(dataDir: string): Promise<number> {
  const [port, grpcPort, restPort] = [await freePort(), await freePort(), await freePort()];
  const started = performance.now();
  const child = spawn('npm', ['start', '--silent'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      ZEEBE_GATEWAY_PORT: String(grpcPort),
      ZEEBE_REST_PORT: String(restPort),
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      API_KEY: 'bench-api-key-0123456789',
    },
    stdio: 'ignore',
    detached: true,
  });
  try {
    for (;;) {
      if (performance.now() - started > 60_000) throw new Error('the app did not become ready within 60 s');
      if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}`);
      const ready = await fetch(`http://127.0.0.1:${port}/ready`).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ready) return performance.now() - started;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    if (child.pid) process.kill(-child.pid, 'SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

// `npx tsx bench/app-start.bench.ts [reps]`: this figure alone (warm and fresh-dir starts, min/median/max)
if (require.main === module) {
  const reps = Math.max(Number(process.argv[2]) || 5, 1);
  const line = (label: string, samples: number[]) => {
    const s = [...samples].sort((a, b) => a - b);
    const ms = (n: number) => `${Math.round(n)} ms`;
    console.log(`${label}: min ${ms(s[0])}, median ${ms(s[Math.floor(s.length / 2)])}, max ${ms(s[s.length - 1])}`);
  };
  (async () => {
    const { warm, cold } = await appStartSamples(reps, { cold: true });
    line(`warm (existing data dir), ${reps} starts`, warm);
    line(`cold (fresh data dir), ${reps} starts`, cold);
  })().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
