/**
 * `npm start`'s entry point (src/main.ts) as a child process: it boots the whole app with the embedded engine
 * on free ports, answers /ready with 200, prints its URLs and the generated API key, and exits 0 on SIGTERM.
 * An invalid variable or a taken port stops it at once with one line naming the variable.
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { type StartedChild, spawnNode, waitWhileRunning } from '../support/child-process';
import { freePort } from '../support/free-port';
import { envWithoutAppSettings } from './app-harness';

// Generous: a fresh start compiles TypeScript and initialises PGlite, slow on a busy 2-core machine.
jest.setTimeout(90_000);

function startMain(env: Record<string, string>): StartedChild {
  return spawnNode([require.resolve('tsx/cli'), path.join('src', 'main.ts')], {
    ...envWithoutAppSettings(),
    LOG_LEVEL: 'warn',
    ENGINE_DATA: 'memory',
    ...env,
  });
}

describe('npm start (src/main.ts)', () => {
  const dirs: string[] = [];
  const children: ChildProcess[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'baton-main-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('boots, answers /ready 200, prints its URLs and the generated key, and stops on SIGTERM', async () => {
    const port = await freePort();
    const dataDir = tempDir();
    const started = startMain({ PORT: String(port), ZEEBE_GATEWAY_PORT: '0', ZEEBE_REST_PORT: '0', DATA_DIR: dataDir });
    children.push(started.child);
    let ready: Response | undefined;
    await waitWhileRunning(
      started,
      async () => {
        ready = await fetch(`http://127.0.0.1:${port}/ready`).catch(() => undefined);
        return ready?.status === 200;
      },
      '/ready answering 200',
      60_000,
    );
    expect(await ready?.json()).toEqual({
      status: 'ready',
      checks: { engine: { status: 'up' }, database: { status: 'up' } },
    });
    await waitWhileRunning(started, () => started.stdout().includes('API key:'), 'the start-up banner', 5_000);
    expect(started.stdout()).toContain(`http://localhost:${port}/api/docs`);
    expect(started.stdout()).toMatch(/Zeebe gRPC:\s+grpc:\/\/127\.0\.0\.1:\d+/);
    const key = /API key:\s+(\S+)/.exec(started.stdout())?.[1];
    expect(key?.length).toBeGreaterThanOrEqual(32);
    expect(existsSync(path.join(dataDir, 'api-key'))).toBe(true);

    started.child.kill('SIGTERM');
    await expect(started.exited).resolves.toBe(0);
  });

  it('stops with one line naming an invalid variable (exit 1)', async () => {
    const started = startMain({ PORT: 'eighty', DATA_DIR: tempDir() });
    children.push(started.child);
    await expect(started.exited).resolves.toBe(1);
    const lines = started.stderr().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/PORT must be a whole number/);
  });

  it('says clearly when the engine port is taken (exit 1)', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '0.0.0.0', () => resolve()));
    const taken = (blocker.address() as net.AddressInfo).port;
    try {
      const started = startMain({
        PORT: String(await freePort()),
        ZEEBE_GATEWAY_PORT: String(taken),
        DATA_DIR: tempDir(),
      });
      children.push(started.child);
      await expect(started.exited).resolves.toBe(1);
      expect(started.stderr().trim()).toBe(
        `Port ${taken} (the embedded engine’s gRPC gateway) is already in use: stop what holds it, or set ZEEBE_GATEWAY_PORT to another port`,
      );
    } finally {
      blocker.close();
    }
  });
});
