/**
 * Everything the UI test needs on the server side: the UI built by Vite into modeler-ui/dist, the whole
 * app started in-process on random ports (embedded engine in memory, workers, database and a copy of bpmn/
 * under a temp directory). The app serves the UI, its API and Camunda's REST v2 (/v2) on one origin.
 * The app's database is a migrated in-memory PGlite from the test template (no initdb per test file).
 * With TEST_ENGINE=camunda-like (scripts/test-camunda-like.cjs) the app runs as against an external cluster
 * instead: a Camunda-like engine of the file's own (protected, reads lagging by a flush), so a UI test's
 * counts (model versions, instances) start from nothing as on the embedded engine.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { type RunningBaton, startBaton } from '../../../src/boot/start-baton';
import { type Config, loadConfig } from '../../../src/config';
import { openTestDatabase } from '../../data/test-database';
import { type CamundaLikeCluster, startCamundaLikeCluster } from '../../support/camunda-like-engine';
import { QUICK_SDK_TIMERS } from '../../support/test-baton';

export const ROOT = path.resolve(__dirname, '..', '..', '..');
export const API_KEY = 'ui-test-api-key-0123456789abcdef';

export interface BatonForUi {
  /** the origin the browser opens */
  url: string;
  baton: RunningBaton;
  /** the copy of bpmn/ the app edits */
  bpmnDir: string;
  /** the engine's own REST v2 (the app's /v2 passes on only what the UI calls) and the headers it wants */
  engineRest: { address: string; headers: Record<string, string> };
  close(): Promise<void>;
}

const UI_DIR = path.join(ROOT, 'modeler-ui');
const UI_INPUTS = [
  path.join(UI_DIR, 'src'),
  path.join(UI_DIR, 'build'),
  path.join(UI_DIR, 'index.html'),
  path.join(UI_DIR, 'vite.config.mts'),
  path.join(ROOT, '.bpmnlintrc'),
  // the activity feed's list of event types
  path.join(ROOT, 'src', 'events', 'stage-event-types.ts'),
  path.join(ROOT, 'package-lock.json'),
];
const BUILT = path.join(UI_DIR, 'dist', 'index.html');
/** test-output/ is ignored by git */
const LOCK = path.join(ROOT, 'test-output', 'ui-build.lock');

function newestChange(entry: string): number {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(entry).map((name) => newestChange(path.join(entry, name))));
}

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Runs `vite build` for the UI (bounded) unless modeler-ui/dist is newer than every input; the app serves
 * the result at `/`. Test files run in parallel: a lock directory makes the others wait for one build
 * instead of emptying dist/ under a running test.
 */
export function buildUi(timeoutMs = 180_000): void {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      mkdirSync(path.dirname(LOCK), { recursive: true });
      mkdirSync(LOCK);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      // a lock left by a killed run is stale once older than the build's bound
      const since = statSync(LOCK, { throwIfNoEntry: false })?.mtimeMs ?? Date.now();
      if (Date.now() - since > timeoutMs) rmSync(LOCK, { force: true, recursive: true });
      if (Date.now() > deadline) throw new Error(`Another UI build holds ${LOCK}; remove it if no test runs`);
      sleep(200);
    }
  }
  try {
    const built = existsSync(BUILT) ? statSync(BUILT).mtimeMs : 0;
    if (built > Math.max(...UI_INPUTS.map(newestChange))) return;
    const vite = path.join(path.dirname(require.resolve('vite/package.json')), 'bin', 'vite.js');
    execFileSync(process.execPath, [vite, 'build', '--config', 'modeler-ui/vite.config.mts', '--logLevel', 'warn'], {
      cwd: ROOT,
      timeout: Math.max(deadline - Date.now(), 10_000),
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' },
    });
  } finally {
    rmSync(LOCK, { force: true, recursive: true });
  }
}

/** The embedded engine in memory, or (TEST_ENGINE=camunda-like) the settings of an external cluster. */
function engineConfig(
  cluster: CamundaLikeCluster | undefined,
): Pick<Config, 'embeddedEngine' | 'engineSecurity'> & Partial<Config> {
  if (!cluster) return { embeddedEngine: true, engineSecurity: loadConfig({}).engineSecurity };
  const { zeebeGrpcAddress, zeebeRestAddress, camundaAuthStrategy, camundaCredentials, engineSecurity } = loadConfig(
    cluster.clientEnv,
  );
  return {
    embeddedEngine: false,
    zeebeGrpcAddress,
    zeebeRestAddress,
    camundaAuthStrategy,
    camundaCredentials,
    engineSecurity,
  };
}

export async function startBatonForUi(): Promise<BatonForUi> {
  const cluster = process.env.TEST_ENGINE === 'camunda-like' ? await startCamundaLikeCluster() : undefined;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'baton-ui-test-'));
  const bpmnDir = path.join(dataDir, 'bpmn');
  cpSync(path.join(ROOT, 'bpmn'), bpmnDir, { recursive: true });
  const config: Config = {
    port: 3000,
    apiKey: API_KEY,
    dataDir,
    logLevel: 'error',
    engineData: 'memory',
    engineSnapshotEvery: 10_000,
    ...engineConfig(cluster),
  };
  let baton: RunningBaton;
  try {
    baton = await startBaton({
      config,
      logger: pino({ level: process.env.LOG_LEVEL ?? 'error' }),
      grpcPort: 0,
      restPort: 0,
      apiPort: 0,
      host: '127.0.0.1',
      bpmnDir,
      uiDirectory: path.join(ROOT, 'modeler-ui', 'dist'),
      openDatabase: openTestDatabase,
      zeebeGrpcSettings: QUICK_SDK_TIMERS,
    });
  } catch (err) {
    await cluster?.stop();
    throw err;
  }
  return {
    url: `http://127.0.0.1:${baton.port}`,
    baton,
    bpmnDir,
    engineRest: cluster
      ? {
          address: cluster.restAddress,
          headers: {
            authorization: `Basic ${Buffer.from(
              `${cluster.clientEnv.CAMUNDA_BASIC_AUTH_USERNAME}:${cluster.clientEnv.CAMUNDA_BASIC_AUTH_PASSWORD}`,
            ).toString('base64')}`,
          },
        }
      : { address: baton.restAddress as string, headers: {} },
    async close() {
      try {
        await baton.close(10_000);
      } finally {
        await cluster?.stop();
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  };
}
