/**
 * One process per data directory (src/dir-lock.ts): the engine's directory and PGlite's refuse a second
 * process, naming it, and change nothing; a lock left by a process that is gone is taken over.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../src/data';
import { DirectoryInUseError, lockDirectory } from '../src/dir-lock';
import { openEngine } from '../src/engine/engine';
import { silent } from './engine/snapshot-fixture';

/** A process that runs until killed: the owner a lock file can name. */
function otherProcess(): Promise<ChildProcess> {
  const child = spawn('sleep', ['120'], { stdio: 'ignore' });
  return new Promise((resolve, reject) => {
    child.once('spawn', () => resolve(child));
    child.once('error', reject);
  });
}
const ended = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
/** A process's start time as /proc has it (what a lock file records beside the pid on Linux). */
const startTimeOf = (pid: number) => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
};
const lockNaming = (file: string, pid: number, started?: string) =>
  writeFileSync(file, `${JSON.stringify({ pid, started })}\n`);
/** Every file under `dir` with its size and mtime. */
const contents = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .sort()
    .map((f) => {
      const s = statSync(join(dir, f));
      return `${f} ${s.isDirectory() ? 'dir' : `${s.size} ${s.mtimeMs}`}`;
    });

/** Runs test/fixtures/lock-racer.ts: asks for `file` at the instant `at`; resolves what it printed. */
const racer = (file: string, at: number) =>
  new Promise<string>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(__dirname, 'fixtures', 'lock-racer.ts'), file, String(at), '1500'],
      {
        cwd: join(__dirname, '..'),
      },
    );
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      out += d;
    });
    child.once('error', reject);
    child.once('exit', () => resolve(out.trim()));
  });
/** A pid no process has (above Linux's pid_max). */
const GONE_PID = 99_999_999;

describe('one process per data directory', () => {
  let dir: string;
  let other: ChildProcess | undefined;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'baton-lock-'));
  });
  afterEach(async () => {
    if (other) {
      other.kill('SIGKILL');
      await ended(other);
      other = undefined;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  test('a lock held by a running process is refused, naming it; once that process is gone it is taken over', async () => {
    const file = join(dir, 'x.lock');
    other = await otherProcess();
    lockNaming(file, other.pid as number, startTimeOf(other.pid as number));
    let refused: unknown;
    try {
      lockDirectory(file, 'the test directory');
    } catch (err) {
      refused = err;
    }
    expect(refused).toBeInstanceOf(DirectoryInUseError);
    expect((refused as Error).message).toBe(
      `the test directory is in use by process ${other.pid} (lock file ${file}): stop that process first, or delete the lock file if no Baton runs there`,
    );
    expect(JSON.parse(readFileSync(file, 'utf8')).pid).toBe(other.pid); // untouched

    other.kill('SIGKILL'); // as kill -9 leaves it: the file stays, its owner is gone
    await ended(other);
    const lock = lockDirectory(file, 'the test directory');
    expect(JSON.parse(readFileSync(file, 'utf8')).pid).toBe(process.pid);
    lock.release();
    expect(readdirSync(dir)).toEqual([]);
  });

  test('a lock naming a running pid that started at another time (a pid used again) is taken over', async () => {
    const file = join(dir, 'x.lock');
    other = await otherProcess();
    lockNaming(file, other.pid as number, String(Number(startTimeOf(other.pid as number)) - 1000));
    const lock = lockDirectory(file, 'the test directory');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({
      pid: process.pid,
      started: startTimeOf(process.pid),
    });
    lock.release();
  });

  test('an unreadable lock (cut short by a crash) is taken over; release leaves a lock it no longer owns', () => {
    const file = join(dir, 'x.lock');
    writeFileSync(file, '{"pi');
    const lock = lockDirectory(file, 'the test directory');
    expect(JSON.parse(readFileSync(file, 'utf8')).pid).toBe(process.pid);
    lockNaming(file, 1); // someone else's now (pid 1 always runs)
    lock.release();
    expect(JSON.parse(readFileSync(file, 'utf8')).pid).toBe(1);
  });

  test('starts racing for one stale lock: exactly one takes it over, the rest are refused, nothing is left behind', async () => {
    const file = join(dir, 'x.lock');
    for (let round = 0; round < 3; round++) {
      lockNaming(file, GONE_PID, '1');
      const at = Date.now() + 2000; // after every contender has loaded
      const said = await Promise.all(Array.from({ length: 6 }, () => racer(file, at)));
      expect(said.filter((s) => s === 'won')).toHaveLength(1);
      expect(said.filter((s) => s === 'refused')).toHaveLength(5);
      expect(readdirSync(dir)).toEqual([]); // the winner released its lock; no takeover or temp file stays
    }
  }, 60_000);

  test('a takeover cut short by a crash (its own lock left behind) does not keep the directory locked', () => {
    const file = join(dir, 'x.lock');
    lockNaming(file, GONE_PID, '1');
    const stale = readFileSync(file, 'utf8');
    const digest = createHash('sha256').update(stale).digest('hex').slice(0, 16);
    lockNaming(`${file}.takeover-${digest}`, GONE_PID, '2'); // as a process that died mid-takeover leaves it
    const lock = lockDirectory(file, 'the test directory');
    expect(JSON.parse(readFileSync(file, 'utf8')).pid).toBe(process.pid);
    expect(readdirSync(dir)).toEqual(['x.lock']);
    lock.release();
    expect(readdirSync(dir)).toEqual([]);
  });

  test('the engine will not open a directory another process has open, and changes nothing in it', async () => {
    const engineDir = join(dir, 'engine');
    const first = await openEngine({ dataDir: engineDir, logger: silent });
    first.close(); // a clean close releases the lock
    expect(readdirSync(engineDir)).not.toContain('engine.lock');
    other = await otherProcess();
    lockNaming(join(engineDir, 'engine.lock'), other.pid as number);
    const before = contents(engineDir);
    await expect(openEngine({ dataDir: engineDir, logger: silent })).rejects.toThrow(
      `the engine data directory ${engineDir} is in use by process ${other.pid}`,
    );
    expect(contents(engineDir)).toEqual(before);
  });

  test('nor will PGlite: its lock sits beside its directory, and a clean close removes it', async () => {
    const db = await openDatabase({ dataDir: dir });
    expect(readdirSync(dir).sort()).toEqual(['pglite', 'pglite.lock']);
    await db.close();
    expect(readdirSync(dir)).toEqual(['pglite']);
    other = await otherProcess();
    lockNaming(join(dir, 'pglite.lock'), other.pid as number);
    await expect(openDatabase({ dataDir: dir })).rejects.toThrow(
      `the database directory ${join(dir, 'pglite')} is in use by process ${other.pid}`,
    );
  });
});
