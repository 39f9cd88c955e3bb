/**
 * The app's HTTP server: Express 5 with pino-http, security headers, CORS, API-key auth on writes, the
 * /api routes (orders, onboardings, inventory, outbox, process instances, models), /health and /ready, the OpenAPI
 * document and its docs page, the modeler UI at `/`, and problem+json for every error.
 */

import { randomUUID } from 'node:crypto';
import express, { type Express, type Router } from 'express';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import type { Repositories } from '../data';
import { redactedUrl } from '../request-log-redaction';
import { appMetrics } from './http/app-metrics';
import { requireApiKeyForWrites } from './http/auth';
import { errorHandler, notFoundHandler } from './http/error-handler';
import { pathDecodingErrors } from './http/path-decoding';
import { corsPolicy, securityHeaders } from './http/security';
import type { BpmnLinter } from './models/bpmn-linter';
import type { DeployableCheck } from './models/deployable-check';
import type { JobTypeSource } from './models/job-types';
import type { ModelStore } from './models/model-store';
import { docsRouter } from './openapi/docs-page';
import { buildOpenApiDocument } from './openapi/openapi-document';
import type { ProcessCommands } from './process-commands/process-commands';
import type { ProcessStateReader } from './process-state/process-state-reader';
import { readingOwnWrites } from './process-state/read-your-writes';
import type { StartedHere } from './process-state/started-here';
import { mountRoute, type RouteSpec } from './route-spec';
import { healthRoutes, type ReadinessChecks } from './routes/health';
import { inventoryRoutes } from './routes/inventory';
import { modelRoutes } from './routes/models';
import { onboardingRoutes } from './routes/onboardings';
import { orderAdmission } from './routes/order-admission';
import { orderRoutes } from './routes/orders';
import { outboxRoutes } from './routes/outbox';
import { processInstanceRoutes } from './routes/process-instances';
import { staticUi } from './static-ui';

export interface AppDeps {
  logger: Logger;
  repositories: Pick<Repositories, 'orders' | 'inventory' | 'customers' | 'onboardingStarts' | 'outbox'> &
    Partial<Pick<Repositories, 'shipments'>>;
  processes: ProcessCommands;
  processState: ProcessStateReader;
  models: ModelStore;
  linter: BpmnLinter;
  readiness: ReadinessChecks;
  /** Bearer key required on POST/PUT/PATCH/DELETE */
  apiKey: string;
  /** Origins allowed to call the API from a browser (CORS); empty: same origin only. */
  corsOrigins?: string[];
  /** Camunda's REST v2 on the app's origin for the UI (see camunda-rest-passthrough.ts) */
  camundaRest?: Router;
  /** Built modeler UI to serve at `/` (skipped when it has no index.html). */
  uiDirectory?: string;
  /** Upload limit for PUT /api/models/{name} (default 2 MiB). */
  maxModelBytes?: number;
  /** What a saved model must pass besides lint (default: the embedded engine's deploy checks). */
  deployableCheck?: DeployableCheck;
  /** the job types the modeler's picker offers (default: the worker registry, running unknown) */
  jobTypes?: JobTypeSource;
  version?: string;
  /** instances this app started lately (GET /api/process-instances/{key} waits for Camunda to show them) */
  startedHere?: StartedHere;
  /** how long a read of the app's own writes waits for Camunda (default READ_YOUR_WRITES_WAIT_MS) */
  readYourWritesWaitMs?: number;
  /** routes of parts started beside the API (stage events, loyalty: src/boot/start-events.ts) */
  extraRoutes?: RouteSpec[];
  /** unfinished orders at which POST /api/orders answers 503 (undefined or 0: no bound; start-up passes config's) */
  orderBacklogLimit?: number;
  /** seconds of the workers' recent rate the backlog may hold (undefined or 0: no time bound) */
  orderBacklogSeconds?: number;
}

export function apiRoutes(deps: AppDeps): RouteSpec[] {
  const { orders, inventory, customers, onboardingStarts, outbox } = deps.repositories;
  const waitMs = deps.readYourWritesWaitMs;
  // orders and onboardings read only instances and variables they recorded themselves
  const ownWrites = readingOwnWrites(deps.processState, waitMs);
  return [
    ...orderRoutes({
      orders,
      processes: deps.processes,
      processState: ownWrites,
      shipments: deps.repositories.shipments,
      admission:
        deps.orderBacklogLimit || deps.orderBacklogSeconds
          ? orderAdmission({
              limit: deps.orderBacklogLimit,
              seconds: deps.orderBacklogSeconds,
              countUnfinished: () => orders.countInProgress(),
            })
          : undefined,
    }),
    ...onboardingRoutes({ customers, onboardingStarts, processes: deps.processes, processState: ownWrites }),
    ...inventoryRoutes({ inventory }),
    ...outboxRoutes({ outbox }),
    ...processInstanceRoutes({ processState: deps.processState, startedHere: deps.startedHere, waitMs }),
    ...modelRoutes({
      models: deps.models,
      linter: deps.linter,
      processes: deps.processes,
      maxModelBytes: deps.maxModelBytes,
      deployableCheck: deps.deployableCheck,
      jobTypes: deps.jobTypes,
    }),
    ...(deps.extraRoutes ?? []),
  ];
}

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');
  const metrics = appMetrics({ outboxCounts: () => deps.repositories.outbox.countByStatus() });
  app.use(metrics.measure);

  app.use(
    pinoHttp({
      logger: deps.logger.child({ module: 'http' }),
      genReqId: (req, res) => {
        const given = req.headers['x-request-id'];
        const id = typeof given === 'string' && /^[\w.-]{1,100}$/.test(given) ? given : randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      autoLogging: { ignore: (req) => req.url === '/health' || req.url === '/ready' || req.url === '/metrics' },
      customLogLevel: (_req, res, err) =>
        err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
      // one short line per request; errors with their stacks are logged by the error handler
      serializers: {
        req: (req: { id: unknown; method: string; url: string }) => ({
          id: req.id,
          method: req.method,
          url: redactedUrl(req.url),
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      customErrorObject: (_req, _res, _err, val: Record<string, unknown>) => ({ ...val, err: undefined }),
    }),
  );
  app.use(securityHeaders());
  app.use('/api', corsPolicy(deps.corsOrigins ?? []));

  const health = healthRoutes(deps.readiness);
  for (const route of health) mountRoute(app as unknown as express.Router, route);
  app.use(metrics.router);

  const routes = apiRoutes(deps);
  // made on first request: converting every schema to JSON Schema is ~0.2 s that start-up need not wait for
  let openApi: ReturnType<typeof buildOpenApiDocument> | undefined;
  const api = express.Router();
  api.get('/openapi.json', (_req, res) => {
    openApi ??= buildOpenApiDocument([...routes, ...health], {
      title: 'Baton API',
      version: deps.version ?? '0.0.0',
      description:
        'Start orders and onboardings, follow their process instances, and edit and deploy the BPMN models. ' +
        'Writes need `Authorization: Bearer <API key>` (use Authorize).',
    });
    res.json(openApi);
  });
  api.use('/docs', docsRouter());
  api.use(requireApiKeyForWrites(deps.apiKey));
  for (const route of routes) mountRoute(api, { ...route, path: route.path.replace(/^\/api/, '') });
  api.use(notFoundHandler);
  api.use(pathDecodingErrors(routes.map((route) => route.path)));
  app.use('/api', api);
  if (deps.camundaRest) app.use('/v2', deps.camundaRest);

  if (deps.uiDirectory) {
    const ui = staticUi(deps.uiDirectory);
    if (ui) app.use(ui);
    else deps.logger.warn({ directory: deps.uiDirectory }, 'the modeler UI is not built: run `npm run build:ui`');
  }
  app.use(notFoundHandler);
  app.use(errorHandler);
  return app;
}
