/**
 * `npm start` (this file bundled into dist/, see scripts/build.cjs): Baton in one command. Reads the
 * configuration (an invalid variable stops it with one line naming it), starts the embedded engine unless
 * ZEEBE_GRPC_ADDRESS is set, deploys bpmn/, starts the workers and the API with the UI, prints the URLs, and
 * shuts down cleanly on SIGINT/SIGTERM (bounded in time). What it reads from the environment is read in
 * src/launch-settings.ts (beside src/config.ts: the embedded engine's ports, CORS_ORIGINS); the start-up
 * itself is src/boot/start-baton.ts. BATON_ROLE runs one part only: `api` (the API and outbox relay, with the
 * embedded engine unless ZEEBE_GRPC_ADDRESS is set, no workers), `workers` (src/boot/start-worker-role.ts)
 * or `engine` (as `npm run engine`); `all`, the default, runs everything.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { PortInUseError } from './boot/ports';
import { ROOT_DIR } from './boot/project-files';
import { type RunningBaton, startBaton } from './boot/start-baton';
import { type RunningWorkerRole, startWorkerRole } from './boot/start-worker-role';
import { type Config, ConfigError } from './config';
import { DirectoryInUseError } from './dir-lock';
import { noRoomMessage } from './engine/journal/disk-full';
import { run as runEngine } from './engine-main';
import { type AppLaunchSettings, loadAppLaunchSettings } from './launch-settings';
import { createLogger } from './logger';

const SHUTDOWN_BUDGET_MS = 10_000;

function exitWith(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

function readSettings(): AppLaunchSettings {
  try {
    return loadAppLaunchSettings();
  } catch (err) {
    if (err instanceof ConfigError || err instanceof Error) exitWith(err.message);
    throw err;
  }
}

function printUrls(baton: RunningBaton, config: Config): void {
  const uiBuilt = existsSync(path.join(ROOT_DIR, 'modeler-ui', 'dist', 'index.html'));
  const lines = [
    '',
    `Baton is running (${config.embeddedEngine ? 'embedded engine' : 'external Zeebe'}${config.batonRole === 'api' ? '; role api: no job workers here' : ''})`,
    `  UI:            ${uiBuilt ? `${baton.url}/` : '(not built: run `npm run build:ui`)'}`,
    `  API:           ${baton.url}/api`,
    `  API docs:      ${baton.url}/api/docs`,
    `  Ready:         ${baton.url}/ready`,
    `  Zeebe gRPC:    ${baton.grpcAddress}`,
    `  Camunda REST:  ${baton.restAddress ? `${baton.restAddress}/v2` : '(none)'}`,
  ];
  if (baton.apiKey.source === 'generated') {
    lines.push(
      `  API key:       ${baton.apiKey.key}`,
      `                 (generated now and saved in ${baton.apiKey.file}; send it as "Authorization: Bearer <key>" on writes)`,
    );
  } else {
    lines.push(`  API key:       from ${baton.apiKey.source === 'file' ? baton.apiKey.file : 'API_KEY'}`);
  }
  process.stdout.write(`${lines.join('\n')}\n\n`);
}

function printWorkers(workers: RunningWorkerRole): void {
  process.stdout.write(
    `\nBaton workers are running (role workers): ${workers.taskTypes.length} task types from ${workers.grpcAddress}\n\n`,
  );
}

async function main(): Promise<void> {
  const { config, ports, corsOrigins, version } = readSettings();
  if (config.batonRole === 'engine') {
    runEngine();
    return;
  }
  const logger = createLogger({ level: config.logLevel });

  let baton: Pick<RunningBaton, 'close'>;
  try {
    if (config.batonRole === 'workers') {
      const workers = await startWorkerRole({ config, logger });
      printWorkers(workers);
      baton = workers;
    } else {
      const running = await startBaton({
        config,
        logger,
        ...ports,
        corsOrigins,
        version,
        runWorkers: config.batonRole !== 'api',
      });
      printUrls(running, config);
      baton = running;
    }
  } catch (err) {
    if (err instanceof PortInUseError || err instanceof DirectoryInUseError) exitWith(err.message);
    const noRoom = noRoomMessage(err, config.dataDir);
    if (noRoom) exitWith(`Baton could not start: ${noRoom}`);
    logger.error({ err }, 'start-up failed');
    logger.flush?.();
    exitWith(`Baton could not start: ${err instanceof Error ? err.message : String(err)}`);
  }

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting at once');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down');
    // the last resort if a part hangs beyond its budget
    setTimeout(() => {
      process.stderr.write('Shutdown took too long; exiting\n');
      process.exit(1);
    }, SHUTDOWN_BUDGET_MS + 2_000).unref();
    baton.close(SHUTDOWN_BUDGET_MS).then(
      () => {
        logger.info('stopped');
        logger.flush?.();
        process.exit(0);
      },
      (err) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

/** Starts Baton; `npm start` calls it from the bundle in dist/ (scripts/run-built.cjs). */
export function run(): void {
  main().catch((err) => exitWith(`Baton could not start: ${err instanceof Error ? err.message : String(err)}`));
}

if (require.main === module) run();
