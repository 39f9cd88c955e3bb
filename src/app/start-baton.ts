/**
 * Starts everything `npm start` runs, in order: the embedded engine behind its gRPC and REST gateways (unless
 * ZEEBE_GRPC_ADDRESS points at a cluster), the SDK client, the database (migrated, demo data seeded), the
 * models in bpmn/ (deployed), the outbox relay, the job workers and the HTTP API with the UI. `close()` stops
 * them in reverse order within a time budget. Tests start it in-process on random ports.
 */

import { readdir, readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Camunda8 } from '@camunda8/sdk';
import { CamundaEnvironmentConfigurator, constructOAuthProvider } from '@camunda8/sdk/dist/lib';
import { ZeebeGrpcClient } from '@camunda8/sdk/dist/zeebe';
import type { Logger } from 'pino';
import { type RunningWorkers, type StartWorkersOptions, startWorkers } from '../../workers/start-workers';
import type { Config } from '../config';
import { createRepositories, type Database, openDatabase } from '../data';
import { seedDemoData } from '../data/seed';
import type { Engine } from '../engine/engine';
import { engineFromConfig } from '../engine/engine-from-config';
import { displayHost, type EngineServices, startEngineServices } from '../engine-main';
import { engineGatewaySecurity } from '../engine-security/gateway-security';
import { ownerOnlyEntry } from '../owner-only';
import { shareProtoDefinitions } from '../shared-proto-definitions';
import { type ResolvedApiKey, resolveApiKey } from './api-key';
import { camundaRestPassthrough } from './camunda-rest-passthrough';
import { appClientCredentials } from './client-credentials';
import { createApp } from './create-app';
import { createBpmnLinter } from './models/bpmn-linter';
import { embeddedEngineCheck, uniqueProcessIdsCheck } from './models/deployable-check';
import { createModelStore } from './models/model-store';
import { type OutboxSettings, startOutbox } from './outbox/start-outbox';
import { assertPortFree, isAddressInUse, PortInUseError } from './ports';
import { engineProcessCommands } from './process-commands/engine-process-commands';
import { pingWithin } from './process-commands/ping-within';
import type { ProcessCommands } from './process-commands/process-commands';
import { zeebeProcessCommands } from './process-commands/zeebe-process-commands';
import { repairCutOffStarts } from './process-starts/repair-cut-off-starts';
import type { CamundaRestStateReaderOptions } from './process-state/camunda-rest-state-reader';
import { type ProcessStateReader, ProcessStateUnavailableError } from './process-state/process-state-reader';
import { ownWritesWaitMs } from './process-state/read-your-writes';
import { rememberingStarts, StartedHere } from './process-state/started-here';

export const ROOT_DIR = path.resolve(__dirname, '..', '..');

export interface StartBatonOptions {
  config: Config;
  logger: Logger;
  /** embedded engine's gRPC gateway port (default 26500; 0: any free port) */
  grpcPort?: number;
  /** embedded engine's REST v2 port (default 8080; 0: any free port) */
  restPort?: number;
  /** interface the API listens on (default 0.0.0.0); the embedded engine's ports take ENGINE_HOST */
  host?: string;
  /** overrides config.port (0: any free port, for tests) */
  apiPort?: number;
  bpmnDir?: string;
  uiDirectory?: string;
  lintConfigFile?: string;
  corsOrigins?: string[];
  /** fill stock, carriers and payment accounts for a first demo order (default true) */
  seedDemoData?: boolean;
  /** extra SDK gRPC settings (tests: short connection tolerance so no SDK timer outlives close) */
  zeebeGrpcSettings?: Record<string, unknown>;
  /** opens the app's database instead of config's (tests: an in-memory copy) */
  openDatabase?: () => Promise<Database>;
  /** extra worker settings (tests: shorter job timeouts) */
  workers?: Partial<Omit<StartWorkersOptions, 'zeebe' | 'db' | 'logger'>>;
  /** outbox relay tuning (tests: short backoff and timeout); where it delivers comes from config */
  outbox?: OutboxSettings;
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

type Closer = { name: string; close: () => Promise<void> | void };

async function closeAll(closers: Closer[], logger: Logger, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (const closer of [...closers].reverse()) {
    const left = Math.max(deadline - Date.now(), 100);
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        Promise.resolve().then(closer.close),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`did not stop within ${left} ms`)), left);
        }),
      ]);
      logger.debug({ part: closer.name }, 'stopped');
    } catch (err) {
      logger.warn({ part: closer.name, err }, 'could not stop cleanly');
    } finally {
      clearTimeout(timer);
    }
  }
}

/** The address this machine's clients use for a port bound to `host`: loopback for a wildcard. */
function loopbackTo(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

/**
 * Process state over REST v2. For the embedded engine made on first read: @camunda8/orchestration-cluster-api
 * takes ~0.2 s to load, which start-up need not wait for; against a cluster made at once, so a bad setting
 * stops start-up rather than failing a request later.
 */
function restStateReader(options: CamundaRestStateReaderOptions, onFirstRead: boolean): ProcessStateReader {
  const make = (): ProcessStateReader =>
    (
      require('./process-state/camunda-rest-state-reader') as typeof import('./process-state/camunda-rest-state-reader')
    ).createCamundaRestStateReader(options);
  if (!onFirstRead) return make();
  let reader: ProcessStateReader | undefined;
  const made = () => {
    reader ??= make();
    return reader;
  };
  return {
    read: (processInstanceKey) => made().read(processInstanceKey),
    findInstanceKeys: (bpmnProcessId, variable, options) =>
      made().findInstanceKeys?.(bpmnProcessId, variable, options) ?? Promise.resolve([]),
  };
}

function unavailableReader(reason: string): ProcessStateReader {
  return {
    read: () => Promise.reject(new ProcessStateUnavailableError(reason)),
  };
}

async function bpmnResources(dir: string): Promise<{ name: string; content: Buffer }[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.bpmn')).sort();
  return Promise.all(files.map(async (name) => ({ name, content: await readFile(path.join(dir, name)) })));
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => {
      reject(isAddressInUse(err) ? new PortInUseError(port, 'the API', 'PORT') : err);
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** how long start-up waits for its own embedded engine's gateway to answer a first Topology call */
const EMBEDDED_PING_BUDGET_MS = 15_000;

export async function startBaton(options: StartBatonOptions): Promise<RunningBaton> {
  const { config, logger } = options;
  const host = options.host ?? '0.0.0.0';
  const closers: Closer[] = [];
  const fail = async (err: unknown): Promise<never> => {
    await closeAll(closers, logger, 5_000);
    throw err;
  };

  try {
    // A taken port stops start-up at once: before the database opens, anything is deployed or a worker runs.
    const apiPort = options.apiPort ?? config.port;
    const grpcPort = options.grpcPort ?? 26500;
    const restPort = options.restPort ?? 8080;
    const engineHost = config.engineSecurity.host;
    if (config.embeddedEngine) {
      await assertPortFree(grpcPort, engineHost, 'the embedded engine’s gRPC gateway', 'ZEEBE_GATEWAY_PORT');
      await assertPortFree(restPort, engineHost, 'the embedded engine’s REST API', 'ZEEBE_REST_PORT');
    }
    await assertPortFree(apiPort, host, 'the API', 'PORT');

    // the data directory is its owner's alone (src/owner-only.ts); what is in it is tightened by what opens it
    ownerOnlyEntry(config.dataDir);

    // 0. the app's database opens in the background meanwhile (a fresh PGlite directory takes seconds)
    const opening = options.openDatabase
      ? options.openDatabase()
      : openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    opening.catch(() => {}); // awaited below; a failure surfaces there
    // a database that never opened has nothing to close; why it did not open is reported where it is awaited
    closers.push({ name: 'database', close: async () => (await opening.catch(() => undefined))?.close() });

    // 1. the engine, or the cluster's addresses
    let engine: Engine | undefined;
    let grpcAddress: string;
    let restAddress: string | undefined;
    if (config.embeddedEngine) {
      const engineLogger = logger.child({ module: 'engine' });
      engine = await engineFromConfig(config, engineLogger);
      const running = engine;
      closers.push({ name: 'engine', close: () => running.close() });
      let services: EngineServices;
      try {
        // the gateways name their own module (a child of engineLogger would print `module` twice)
        const security = await engineGatewaySecurity(engine, config.engineSecurity, engineLogger);
        services = await startEngineServices(engine, {
          grpcPort,
          restPort,
          host: engineHost,
          logger,
          limits: config.requestLimits,
          corsOrigins: config.engineSecurity.corsOrigins,
          security,
          flushIntervalMs: config.engineFlushIntervalMs,
        });
      } catch (err) {
        if (isAddressInUse(err)) throw new PortInUseError(grpcPort, 'the embedded engine', 'ZEEBE_GATEWAY_PORT');
        throw err;
      }
      closers.push({ name: 'engine gateways', close: () => services.close() });
      // the app's own clients (SDK, workers, the REST state reader) come in over loopback
      const local = loopbackTo(engineHost);
      grpcAddress = `grpc://${local}:${services.grpcPort}`;
      restAddress = services.restPort === undefined ? undefined : `http://${local}:${services.restPort}`;
    } else {
      grpcAddress = config.zeebeGrpcAddress as string;
      restAddress = config.zeebeRestAddress;
    }

    // 2. the SDK client (gRPC for commands and workers); the rest of its settings come from CAMUNDA_* env
    shareProtoDefinitions(); // one parse of zeebe.proto for the client and all workers
    const credentials = appClientCredentials(config);
    const sdkSettings = {
      ZEEBE_GRPC_ADDRESS: grpcAddress,
      ...(restAddress ? { ZEEBE_REST_ADDRESS: restAddress } : {}),
      ...credentials.sdk,
      CAMUNDA_SUPPORT_LOG_ENABLED: false,
      CAMUNDA_LOG_LEVEL: 'none' as const,
      zeebeGrpcSettings: { ZEEBE_CLIENT_LOG_LEVEL: 'NONE' as const, ...options.zeebeGrpcSettings },
    };
    // The gRPC client set up as Camunda8 sets it up, without loading the whole SDK (its REST clients, zod
    // schemas: ~0.5 s of start-up); the Camunda8 facade is made on first use of `baton.camunda`.
    const configuration = CamundaEnvironmentConfigurator.mergeConfigWithEnvironment(sdkSettings);
    const oAuthProvider = constructOAuthProvider(configuration, {
      explicitFromConstructor: 'CAMUNDA_AUTH_STRATEGY' in sdkSettings,
    });
    const zeebe = new ZeebeGrpcClient({ config: configuration, oAuthProvider });
    closers.push({
      name: 'Camunda SDK gRPC client',
      close: async () => {
        await zeebe.close();
      },
    });
    let camunda: Camunda8 | undefined;
    const camundaFacade = (): Camunda8 => {
      if (!camunda) {
        const sdk: typeof import('@camunda8/sdk') = require('@camunda8/sdk');
        camunda = new sdk.Camunda8({ ...sdkSettings, oAuthProvider });
        const made = camunda;
        closers.push({ name: 'Camunda SDK clients', close: () => made.closeAllClients() });
      }
      return camunda;
    };
    // the API starts instances in-process on the embedded engine (no gRPC hop); the workers keep the SDK
    const overGrpc = zeebeProcessCommands(zeebe);
    // the instances it starts are remembered, so a read of one waits for Camunda to show it (started-here.ts)
    const startedHere = new StartedHere();
    const processes = rememberingStarts(
      engine ? engineProcessCommands(engine, { ping: overGrpc.ping }) : overGrpc,
      startedHere,
    );
    const refused = engine?.admission.explainRefusal();
    if (refused) throw new Error(`The embedded engine takes no commands: ${refused}`);
    // (the embedded engine is in this process: a timeout there is a busy event loop, not a missing gateway)
    const firstPing = engine ? pingWithin(processes.ping, EMBEDDED_PING_BUDGET_MS) : processes.ping();
    await firstPing.catch((err) => {
      throw new Error(`The Zeebe gateway at ${grpcAddress} does not answer: ${(err as Error).message}`);
    });

    // 3. the models
    const bpmnDir = options.bpmnDir ?? path.join(ROOT_DIR, 'bpmn');
    const resources = await bpmnResources(bpmnDir);
    if (resources.length > 0) {
      const deployed = await processes.deploy(resources).catch((err) => {
        throw new Error(`Deploying the models in ${bpmnDir} failed: ${(err as Error).message}`);
      });
      logger.info({ processes: deployed.processes.map((p) => `${p.bpmnProcessId} v${p.version}`) }, 'models deployed');
    }

    // 4. the app's database (opened since step 0)
    const db = await opening;
    if (options.seedDemoData !== false) await seedDemoData(db);

    // 4b. the outbox relay: delivers what the workers queue; stops before the database closes
    const outbox = await startOutbox({
      db,
      config,
      logger: logger.child({ module: 'outbox' }),
      settings: options.outbox,
    });
    closers.push({ name: 'outbox relay', close: () => outbox.stop() });

    // 5. the workers
    const workers: RunningWorkers = startWorkers({
      zeebe,
      db,
      logger: logger.child({ module: 'workers' }),
      ...options.workers,
    });
    closers.push({ name: 'workers', close: () => workers.close() });

    const repositories = createRepositories(db);
    const processState = restAddress
      ? restStateReader({ restAddress, ...credentials.rest }, config.embeddedEngine)
      : unavailableReader('No Camunda REST API is configured: set ZEEBE_REST_ADDRESS');
    const readYourWritesWaitMs = ownWritesWaitMs(config, options.readYourWritesWaitMs);

    // 5b. orders and onboardings whose process start a crash cut off
    await repairCutOffStarts({
      db,
      repositories,
      processes,
      processState,
      logger,
      readYourWritesWaitMs,
    });

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
      linter: createBpmnLinter(options.lintConfigFile ?? path.join(ROOT_DIR, '.bpmnlintrc')),
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
        restAddress,
        // a cluster sees the app's own credentials, as its REST clients present them
        clusterHeaders: () => oAuthProvider.getHeaders('ZEEBE'),
        limits: config.requestLimits,
      }),
      corsOrigins: options.corsOrigins,
      uiDirectory: options.uiDirectory ?? path.join(ROOT_DIR, 'modeler-ui', 'dist'),
      version: process.env.npm_package_version,
    });
    const server = createServer(app);
    server.keepAliveTimeout = 5_000;
    const port = await listen(server, apiPort, host);
    closers.push({
      name: 'API',
      close: () =>
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
          // requests still running after 2 s are cut off
          setTimeout(() => server.closeAllConnections(), 2_000).unref();
        }),
    });

    return {
      url: `http://${displayHost(host)}:${port}`,
      port,
      grpcAddress,
      restAddress,
      apiKey,
      engine,
      db,
      get camunda() {
        return camundaFacade();
      },
      processes,
      close: (timeoutMs = 10_000) => closeAll(closers, logger, timeoutMs),
    };
  } catch (err) {
    return fail(err);
  }
}
