/**
 * Recovery from a full disk without hand work (issue 20): a state file (snapshot, history segment) whose
 * write fails removes its temporary file, so each failed attempt does not leave the disk fuller; a start
 * with no room is one line naming the directory, not a stack; once there is room the engine starts, and
 * temporary files left by an older version or a kill are swept at open. The full disk is a real write
 * failure: a file-size limit (`ulimit -f`) on the child process makes writes past it fail with EFBIG, as
 * writes on a full disk fail with ENOSPC.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../support/free-port';
import { EngineProcess } from './engine-process';

const ROOT = path.join(__dirname, '..', '..');

describe('a full disk', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'baton-disk-full-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('a state file that cannot be written leaves no temporary file behind', () => {
    const child = spawnSync(
      'bash',
      [
        '-c',
        'ulimit -f 64 && exec "$0" "$@"',
        process.execPath,
        '--import',
        'tsx',
        path.join(__dirname, 'write-state-file-child.ts'),
        dir,
      ],
      { cwd: ROOT, encoding: 'utf8', timeout: 60_000 },
    );
    expect(child.stderr).toBe('');
    expect(JSON.parse(child.stdout)).toEqual({ sync: 'EFBIG', background: 'EFBIG' });
    expect(readdirSync(dir)).toEqual([]);
  });

  test('a start with no room says so in one line; once there is room it starts and sweeps stale temporary files', async () => {
    const engineDir = path.join(dir, 'engine');
    mkdirSync(engineDir);
    // what a snapshot cut short by a full disk (or a kill) left behind
    writeFileSync(path.join(engineDir, 'snapshot-40.json.4242-1.tmp'), 'x'.repeat(4096));
    const ports = { grpcPort: await freePort(), restPort: await freePort() };
    const full = new EngineProcess({ dataDir: engineDir, ...ports, fileSizeLimitKiB: 0 });
    await expect(full.start()).rejects.toThrow(/exited during start/);
    const lines = full.stderrText.trimEnd().split('\n');
    expect(lines).toEqual([
      expect.stringMatching(
        new RegExp(
          `^Baton's engine could not start: there is no room to write under ${engineDir} \\(EFBIG.*\\): free some space`,
        ),
      ),
    ]);

    const roomy = new EngineProcess({ dataDir: engineDir, ...ports });
    await roomy.start();
    try {
      expect(readdirSync(engineDir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
      const topology = await fetch(`${roomy.restAddress}/v2/topology`);
      expect(topology.status).toBe(200);
    } finally {
      await roomy.stop();
    }
  });

  test('`npm start` with no room: one line, no stack and no log of it', async () => {
    const env = {
      ...process.env,
      DATA_DIR: dir,
      PORT: String(await freePort()),
      ZEEBE_GATEWAY_PORT: String(await freePort()),
      ZEEBE_REST_PORT: String(await freePort()),
    };
    const child = spawnSync(
      'bash',
      ['-c', 'ulimit -f 0 && exec "$0" "$@"', process.execPath, '--import', 'tsx', path.join('src', 'main.ts')],
      { cwd: ROOT, env, encoding: 'utf8', timeout: 60_000 },
    );
    expect(child.status).toBe(1);
    expect(child.stdout).toBe('');
    expect(child.stderr.trimEnd().split('\n')).toEqual([
      expect.stringMatching(new RegExp(`^Baton could not start: there is no room to write under ${dir} \\(EFBIG`)),
    ]);
  });
});
