/**
 * Starts everything `npm start` runs, in order, one step per module of src/boot/: the ports checked, the
 * database opening (app-database.ts), the embedded engine behind its gateways or the cluster's addresses
 * (engine-or-cluster.ts), the SDK client and the API's process commands (camunda-client.ts,
 * app-process-commands.ts), the models deployed (deploy-models.ts), the outbox relay and the job workers
 * (start-workers.ts), process starts a crash cut off repaired, and the API with the UI (start-http.ts).
 * `close()` stops them in reverse order within a time budget (shutdown.ts). Tests start it in-process on
 * random ports.
 */
import type { Camunda8 } from '@camunda8/sdk';
import type { Logger } from 'pino';
import { type ResolvedApiKey, resolveApiKey } from '../app/api-key';
import { camundaRestPassthrough } from '../app/camunda-rest-passthrough';
import { createApp } from '../app/create-app';
import { createBpmnLinter } from '../app/models/bpmn-linter';
import { embeddedEngineCheck, uniqueProcessIdsCheck } from '../app/models/deployable-check';
import { registeredJobTypes } from '../app/models/job-types';
import { createModelStore } from '../app/models/model-store';
import type { ProcessCommands } from '../app/process-commands/process-commands';
import { repairCutOffStarts } from '../app/process-starts/repair-cut-off-starts';
import { ownWritesWaitMs } from '../app/process-state/read-your-writes';
import { admissionBounds } from '../app/routes/order-admission';
import type { Config } from '../config';
import { createRepositories, type Database } from '../data';
import { seedDemoData } from '../data/seed';
import type { Engine } from '../engine/engine';
import { displayHost } from './addresses';
import { openAppDatabase } from './app-database';
import { connectProcessCommands } from './app-process-commands';
import { connectCamunda } from './camunda-client';
import { deployModels } from './deploy-models';
import { assertEnginePortsFree } from './embedded-engine';
import { engineOrCluster } from './engine-or-cluster';
import { assertPortFree } from './ports';
import { processStateReader } from './process-state-reader';
import { DEFAULT_BPMN_DIR, DEFAULT_LINT_CONFIG, DEFAULT_UI_DIRECTORY } from './project-files';
import { StartedParts } from './shutdown';
import { startEvents } from './start-events';
import { startHttp } from './start-http';
import { type BackgroundWorkOptions, startBackgroundWork } from './start-workers';

export interface StartBatonOptions {
  config: Config;
  logger: Logger;
  /** embedded engine's gRPC gateway port (default 26500; 0: any free port) */
  grpcPort?: number;
  /** embedded engine's REST v2 port (default 8080; 0: any free port) */
  restPort?: number;
  /** embedded engine's management port (health, metrics; 0: any free port); undefined: none */
  managementPort?: number;
  /** interface the API listens on (default 0.0.0.0); the embedded engine's ports take ENGINE_HOST */
  host?: string;
  /** overrides config.port (0: any free port, for tests) */
  apiPort?: number;
  bpmnDir?: string;
  uiDirectory?: string;
  lintConfigFile?: string;
  corsOrigins?: string[];
  /** shown in the API's OpenAPI document (default 0.0.0) */
  version?: string;
  /** fill stock, carriers and payment accounts for a first demo order (default true) */
  seedDemoData?: boolean;
  /** extra SDK gRPC settings (tests: short connection tolerance so no SDK timer outlives close) */
  zeebeGrpcSettings?: Record<string, unknown>;
  /** opens the app's database instead of config's (tests: an in-memory copy) */
  openDatabase?: () => Promise<Database>;
  /** extra worker settings (tests: shorter job timeouts) */
  workers?: BackgroundWorkOptions['workers'];
  /** outbox relay tuning (tests: short backoff and timeout); where it delivers comes from config */
  outbox?: BackgroundWorkOptions['outbox'];
  /** false: no job workers here, they run in processes of their own (BATON_ROLE=api); default true */
  runWorkers?: boolean;
  /** how long reads of the app's own writes wait for Camunda to show them (default 5 s; tests: shorter) */
  readYourWritesWaitMs?: number;
}

export interface RunningBaton {
  /** http://host:port of the API (and UI) */
  url: string;
  port: number;
  grpcAddress: string;
  restAddress?: string;
  apiKey: ResolvedApiKey;
  /** the in-process engine when embedded */
  engine?: Engine;
  db: Database;
  camunda: Camunda8;
  processes: ProcessCommands;
  /** Stops everything, newest first; gives up waiting on a step once the budget is spent. */
  close(timeoutMs?: number): Promise<void>;
}

export async function startBaton(options: StartBatonOptions): Promise<RunningBaton> {
  const { config, logger } = options;
  const host = options.host ?? '0.0.0.0';
  const parts = new StartedParts(logger);
  try {
    // A taken port stops start-up at once: before the database opens, anything is deployed or a worker runs.
    const apiPort = options.apiPort ?? config.port;
    const enginePorts = {
      grpcPort: options.grpcPort ?? 26500,
      restPort: options.restPort ?? 8080,
      managementPort: options.managementPort,
    };
    if (config.embeddedEngine) {
      await assertEnginePortsFree(enginePorts, config.engineSecurity.host, 'the embedded engine’s');
    }
    await assertPortFree(apiPort, host, 'the API', 'PORT');

    // 0. the app's database opens in the background meanwhile
    const opening = openAppDatabase(config, parts, options.openDatabase);

    // 1. the engine, or the cluster's addresses
    const { engine, addresses } = await engineOrCluster(config, enginePorts, logger, parts);

    // 2. the SDK client (gRPC for the workers) and the API's process commands
    const camunda = connectCamunda(config, addresses, parts, options.zeebeGrpcSettings);
    const { processes, startedHere } = await connectProcessCommands(
      engine,
      camunda.zeebe,
      addresses.grpcAddress,
      camunda.zeebeWithoutRetry,
    );

    // 3. the models
    const bpmnDir = options.bpmnDir ?? DEFAULT_BPMN_DIR;
    await deployModels(processes, bpmnDir, logger);

    // 4. the app's database (opened since step 0)
    const db = await opening;
    if (options.seedDemoData !== false) await seedDemoData(db);

    // 5. the outbox relay and the workers
    const { outbox, workers, runWorkers } = options;
    const { workerTaskTypes } = await startBackgroundWork(
      { config, db, zeebe: camunda.zeebe, logger, outbox, workers, runWorkers },
      parts,
    );

    const events = await startEvents({ config, db, processes, logger }, parts);

    const repositories = createRepositories(db);
    const processState = processStateReader(addresses.restAddress, camunda.credentials, config.embeddedEngine);
    const readYourWritesWaitMs = ownWritesWaitMs(config, options.readYourWritesWaitMs);

    // 5b. orders and onboardings whose process start a crash cut off
    await repairCutOffStarts({ db, repositories, processes, processState, logger, readYourWritesWaitMs });

    // 6. the API and UI
    const apiKey = await resolveApiKey(config.apiKey, config.dataDir);
    const app = createApp({
      logger,
      repositories,
      processes,
      processState,
      startedHere,
      readYourWritesWaitMs,
      models: createModelStore(bpmnDir),
      // a cluster checks the models itself on deploy; across files only the process ids are seen here
      deployableCheck: engine ? embeddedEngineCheck : uniqueProcessIdsCheck,
      linter: createBpmnLinter(options.lintConfigFile ?? DEFAULT_LINT_CONFIG),
      jobTypes: registeredJobTypes(() => workerTaskTypes),
      readiness: {
        engine: () => processes.ping(),
        database: async () => {
          await db.query('SELECT 1');
        },
      },
      apiKey: apiKey.key,
      camundaRest: camundaRestPassthrough({
        apiKey: apiKey.key,
        logger,
        engine,
        restAddress: addresses.restAddress,
        // a cluster sees the app's own credentials, as its REST clients present them
        clusterHeaders: camunda.clusterHeaders,
        limits: config.requestLimits,
      }),
      corsOrigins: options.corsOrigins,
      uiDirectory: options.uiDirectory ?? DEFAULT_UI_DIRECTORY,
      version: options.version,
      extraRoutes: events.routes,
      ...admissionBounds(config),
    });
    const port = await startHttp(app, apiPort, host, parts);

    return {
      url: `http://${displayHost(host)}:${port}`,
      port,
      grpcAddress: addresses.grpcAddress,
      restAddress: addresses.restAddress,
      apiKey,
      engine,
      db,
      get camunda() {
        return camunda.camunda();
      },
      processes,
      close: (timeoutMs = 10_000) => parts.closeAll(timeoutMs),
    };
  } catch (err) {
    await parts.closeAll(5_000);
    throw err;
  }
}
