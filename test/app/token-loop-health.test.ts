/**
 * `npm start` (src/main.ts) with a token loop running in its embedded engine (issue 20): the app's /health
 * and /ready answer meanwhile and SIGTERM stops it. On the old engine the loop's create never answered,
 * /health timed out and SIGTERM was ignored.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bpmnXml } from '../support/bpmn';
import { type StartedChild, spawnNode, waitWhileRunning } from '../support/child-process';
import { freePort } from '../support/free-port';
import { THROW_LOOP } from '../support/loop-processes';
import { envWithoutAppSettings } from './app-harness';

// Generous: a fresh start compiles TypeScript and initialises PGlite, slow on a busy 2-core machine.
jest.setTimeout(120_000);

/** A request that gives up (fails the test) instead of waiting for ever on an app that hangs. */
const get = (url: string, init: RequestInit = {}) => fetch(url, { ...init, signal: AbortSignal.timeout(20_000) });

describe('npm start with a token loop running', () => {
  let dataDir: string;
  let started: StartedChild | undefined;
  afterAll(() => {
    if (started && started.child.exitCode === null) started.child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers /health and /ready while the loop runs, and stops on SIGTERM', async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'baton-loop-health-'));
    const [port, restPort] = [await freePort(), await freePort()];
    const app = spawnNode(['--import', 'tsx', path.join('src', 'main.ts')], {
      ...envWithoutAppSettings(),
      LOG_LEVEL: 'warn',
      ENGINE_DATA: 'memory',
      PORT: String(port),
      ZEEBE_GATEWAY_PORT: '0',
      ZEEBE_REST_PORT: String(restPort),
      DATA_DIR: dataDir,
    });
    started = app;
    const status = (route: string) =>
      get(`http://127.0.0.1:${port}${route}`).then(
        (r) => r.status,
        () => 0,
      );
    await waitWhileRunning(app, async () => (await status('/ready')) === 200, '/ready answering 200', 90_000);

    const engine = `http://127.0.0.1:${restPort}/v2`;
    const form = new FormData();
    form.append('resources', new Blob([bpmnXml(THROW_LOOP)], { type: 'application/xml' }), 'throw-loop.bpmn');
    expect((await get(`${engine}/deployments`, { method: 'POST', body: form })).status).toBe(200);
    const created = await get(`${engine}/process-instances`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ processDefinitionId: THROW_LOOP.id }),
    });
    expect(created.status).toBe(200);
    const { processInstanceKey } = (await created.json()) as { processInstanceKey: string };

    expect((await get(`http://127.0.0.1:${port}/health`)).status).toBe(200);
    expect((await get(`http://127.0.0.1:${port}/ready`)).status).toBe(200);
    const instance = (await (await get(`${engine}/process-instances/${processInstanceKey}`)).json()) as {
      state: string;
    };
    expect(instance.state).toBe('ACTIVE');

    app.child.kill('SIGTERM');
    await expect(app.exited).resolves.toBe(0);
  });
});
