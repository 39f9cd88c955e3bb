/**
 * What `npm start` runs: `node scripts/run-built.cjs main`, the esbuild bundle in dist/ rather than the
 * TypeScript sources (test/app/main.test.ts covers main.ts's behaviour through tsx). The bundle must find
 * what lives beside the sources (SQL migrations, bpmn/, the built UI), and the runner must leave dist/ built
 * from the sources as they are.
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnNode, waitWhileRunning } from '../support/child-process';
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
    const started = spawnNode([path.join('scripts', 'run-built.cjs'), 'main'], {
      ...envWithoutAppSettings(),
      LOG_LEVEL: 'info',
      PORT: String(port),
      ZEEBE_GATEWAY_PORT: '0',
      ZEEBE_REST_PORT: '0',
      DATA_DIR: dataDir,
      API_KEY: 'start-command-test-key-0123456789',
    });
    child = started.child;
    await waitWhileRunning(
      started,
      async () =>
        (await fetch(`http://127.0.0.1:${port}/ready`).then(
          (r) => r.status,
          () => 0,
        )) === 200,
      '/ready answering 200',
      100_000,
    );

    // the migrations were found and ran (the seeded stock is there) and bpmn/ was found and deployed
    const inventory = await fetch(`http://127.0.0.1:${port}/api/inventory`);
    expect(inventory.status).toBe(200);
    expect(JSON.stringify(await inventory.json())).toMatch(/sku/i);
    const models = (await (await fetch(`http://127.0.0.1:${port}/api/models`)).json()) as unknown;
    expect(JSON.stringify(models)).toContain('order-fulfilment');
    const deployed = started
      .stdout()
      .split('\n')
      .find((line) => line.includes('"msg":"models deployed"'));
    expect(deployed).toMatch(/order-fulfilment v\d+/);
    if (existsSync(path.join(ROOT, 'modeler-ui', 'dist', 'index.html'))) {
      const ui = await fetch(`http://127.0.0.1:${port}/`);
      expect(ui.status).toBe(200);
      expect(await ui.text()).toContain('<html');
    }
    expect(isFresh('main')).toBe(true);

    started.child.kill('SIGTERM');
    await expect(started.exited).resolves.toBe(0);
  });

  it('refuses an unknown entry point with its usage (exit 2)', async () => {
    const started = spawnNode([path.join('scripts', 'run-built.cjs'), 'server']);
    const code = await started.exited;
    expect(code).toBe(2);
    expect(started.stderr()).toContain("usage: node scripts/run-built.cjs main|engine-main (got 'server')");
  });
});
