/**
 * A throwaway PostgreSQL server for one jest run, so `npm test` runs the data suites on a real PostgreSQL
 * (test/data/postgres.test.ts) with nothing to set up by hand: when TEST_DATABASE_URL is unset and Debian's
 * PostgreSQL binaries are installed (`apt-get install -y postgresql`), globalSetup initialises a cluster in a
 * temp dir, starts it on a free loopback port and sets TEST_DATABASE_URL for the test workers;
 * globalTeardown stops it and removes the dir. initdb refuses to run as root, so as root it runs as `postgres`.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './free-port';

const PG_ROOT = '/usr/lib/postgresql';
const STATE_VAR = 'BATON_TEST_PG_DIR';

/** The newest installed server's bin dir, e.g. /usr/lib/postgresql/15/bin. */
export function postgresBinDir(): string | undefined {
  if (!existsSync(PG_ROOT)) return undefined;
  const versions = readdirSync(PG_ROOT)
    .filter((v) => existsSync(path.join(PG_ROOT, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length > 0 ? path.join(PG_ROOT, versions[0], 'bin') : undefined;
}

/** Runs a PostgreSQL binary, as the postgres user when we are root. */
function runPg(bin: string, args: string[]): void {
  const asRoot = process.getuid?.() === 0;
  const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  execFileSync(file, argv, { stdio: ['ignore', 'ignore', 'pipe'], cwd: os.tmpdir() });
}

/** Starts the server unless TEST_DATABASE_URL is set or PostgreSQL is not installed. */
export async function startTestPostgres(): Promise<void> {
  if (process.env.TEST_DATABASE_URL) return;
  const bin = postgresBinDir();
  if (!bin) return; // test/data/postgres.test.ts fails, saying how to install it
  const dir = mkdtempSync(path.join(os.tmpdir(), 'baton-test-pg-'));
  if (process.getuid?.() === 0) {
    const pgUser = execFileSync('id', ['-u', 'postgres']).toString().trim();
    const pgGroup = execFileSync('id', ['-g', 'postgres']).toString().trim();
    chownSync(dir, Number(pgUser), Number(pgGroup));
  }
  chmodSync(dir, 0o700);
  const data = path.join(dir, 'data');
  const port = await freePort();
  try {
    runPg(path.join(bin, 'initdb'), ['-D', data, '-U', 'baton', '--auth=trust', '--no-sync', '-E', 'UTF8']);
    const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
    runPg(path.join(bin, 'pg_ctl'), ['-D', data, '-o', options, '-l', path.join(dir, 'server.log'), '-w', 'start']);
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    const stderr = (err as { stderr?: Buffer }).stderr?.toString().trim();
    throw new Error(`could not start a test PostgreSQL from ${bin}: ${stderr || (err as Error).message}`);
  }
  process.env[STATE_VAR] = dir;
  process.env.TEST_DATABASE_URL = `postgres://baton@127.0.0.1:${port}/postgres`;
}

/** Stops the server startTestPostgres started, if any. */
export function stopTestPostgres(): void {
  const dir = process.env[STATE_VAR];
  const bin = postgresBinDir();
  if (!dir || !bin) return;
  try {
    runPg(path.join(bin, 'pg_ctl'), ['-D', path.join(dir, 'data'), '-m', 'immediate', '-w', 'stop']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    delete process.env[STATE_VAR];
    delete process.env.TEST_DATABASE_URL;
  }
}
