/**
 * Everything the UI test needs on the server side: the UI built by Vite into modeler-ui/dist, the whole
 * app started in-process on random ports (embedded engine in memory, workers, database and a copy of bpmn/
 * under a temp directory). The app serves the UI, its API and Camunda's REST v2 (/v2) on one origin.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { type RunningBaton, startBaton } from '../../../src/app/start-baton';
import type { Config } from '../../../src/config';

export const ROOT = path.resolve(__dirname, '..', '..', '..');
export const API_KEY = 'ui-test-api-key-0123456789abcdef';

export interface BatonForUi {
  /** the origin the browser opens */
  url: string;
  baton: RunningBaton;
  /** the copy of bpmn/ the app edits */
  bpmnDir: string;
  close(): Promise<void>;
}

/** Runs `vite build` for the UI (bounded); the app serves the result at `/`. */
export function buildUi(timeoutMs = 180_000): void {
  const vite = path.join(path.dirname(require.resolve('vite/package.json')), 'bin', 'vite.js');
  execFileSync(process.execPath, [vite, 'build', '--config', 'modeler-ui/vite.config.mts', '--logLevel', 'warn'], {
    cwd: ROOT,
    timeout: timeoutMs,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' },
  });
}

export async function startBatonForUi(): Promise<BatonForUi> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'baton-ui-test-'));
  const bpmnDir = path.join(dataDir, 'bpmn');
  cpSync(path.join(ROOT, 'bpmn'), bpmnDir, { recursive: true });
  const config: Config = {
    port: 3000,
    apiKey: API_KEY,
    dataDir,
    logLevel: 'error',
    engineData: 'memory',
    embeddedEngine: true,
  };
  const baton = await startBaton({
    config,
    logger: pino({ level: process.env.LOG_LEVEL ?? 'error' }),
    grpcPort: 0,
    restPort: 0,
    apiPort: 0,
    host: '127.0.0.1',
    bpmnDir,
    uiDirectory: path.join(ROOT, 'modeler-ui', 'dist'),
  });
  return {
    url: `http://127.0.0.1:${baton.port}`,
    baton,
    bpmnDir,
    async close() {
      await baton.close(10_000);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
