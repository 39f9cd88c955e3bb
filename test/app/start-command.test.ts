/**
 * What `npm start` runs: `node scripts/run-built.cjs main`, the esbuild bundle in dist/ rather than the
 * TypeScript sources (test/app/main.test.ts covers main.ts's behaviour through tsx). The bundle must find
 * what lives beside the sources (SQL migrations, bpmn/, the built UI), and the runner must leave dist/ built
 * from the sources as they are.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../support/free-port';
import { envWithoutAppSettings, ROOT } from './app-harness';

// Generous: the first run may bundle the sources, and PGlite initialises a fresh directory; slow on 2 cores.
jest.setTimeout(120_000);

const { isFresh } = require(path.join(ROOT, 'scripts', 'build.cjs')) as { isFresh(entry: string): boolean };

describe('npm start (scripts/run-built.cjs main)', () => {
  let child: ChildProcess | undefined;
  let dataDir: string | undefined;
  afterAll(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('runs the bundle: migrated database, deployed models, UI, /ready 200; leaves dist/ fresh; exits 0 on SIGTERM', async () => {
    const port = await freePort();
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'baton-start-command-'));
    const env = envWithoutAppSettings();
    const started = spawn(process.execPath, [path.join('scripts', 'run-built.cjs'), 'main'], {
      cwd: ROOT,
      env: {
        ...env,
        LOG_LEVEL: 'info',
        PORT: String(port),
        ZEEBE_GATEWAY_PORT: '0',
        ZEEBE_REST_PORT: '0',
        DATA_DIR: dataDir,
        API_KEY: 'start-command-test-key-0123456789',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = started;
    let out = '';
    started.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    started.stderr?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => started.once('exit', (code) => resolve(code)));

    const deadline = Date.now() + 100_000;
    for (;;) {
      const status = await fetch(`http://127.0.0.1:${port}/ready`).then(
        (r) => r.status,
        () => 0,
      );
      if (status === 200) break;
      if (Date.now() > deadline || started.exitCode !== null) throw new Error(`not ready; output:\n${out}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }

    // the migrations were found and ran (the seeded stock is there) and bpmn/ was found and deployed
    const inventory = await fetch(`http://127.0.0.1:${port}/api/inventory`);
    expect(inventory.status).toBe(200);
    expect(JSON.stringify(await inventory.json())).toMatch(/sku/i);
    const models = (await (await fetch(`http://127.0.0.1:${port}/api/models`)).json()) as unknown;
    expect(JSON.stringify(models)).toContain('order-fulfilment');
    const deployed = out.split('\n').find((line) => line.includes('"msg":"models deployed"'));
    expect(deployed).toMatch(/order-fulfilment v\d+/);
    if (existsSync(path.join(ROOT, 'modeler-ui', 'dist', 'index.html'))) {
      const ui = await fetch(`http://127.0.0.1:${port}/`);
      expect(ui.status).toBe(200);
      expect(await ui.text()).toContain('<html');
    }
    expect(isFresh('main')).toBe(true);

    started.kill('SIGTERM');
    await expect(exited).resolves.toBe(0);
  });

  it('refuses an unknown entry point with its usage (exit 2)', async () => {
    const started = spawn(process.execPath, [path.join('scripts', 'run-built.cjs'), 'server'], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    started.stderr?.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => started.once('exit', (c) => resolve(c)));
    expect(code).toBe(2);
    expect(err).toContain("usage: node scripts/run-built.cjs main|engine-main (got 'server')");
  });
});
