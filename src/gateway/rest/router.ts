/**
 * The Camunda 8.8 REST API (`/v2`) over the embedded engine, as an Express router: the app mounts it at
 * `/v2` beside its own API, and `startRestGateway` serves it on the engine's REST port (8080).
 */
import express, { type Router } from 'express';
import type { Logger } from 'pino';
import type { EngineApi } from '../../engine/engine-api';
import type { EngineReads } from '../../engine/secondary-storage';
import type { UserDirectory } from '../../engine-security/user-directory';
import { DEFAULT_REQUEST_LIMITS, type RequestLimits } from '../request-limits';
import { restContext } from './context';
import { problemHandler, sendProblem } from './problem';
import { adHocActivityRoutes } from './routes/ad-hoc-activities';
import { authenticationRoutes } from './routes/authentication';
import { batchOperationRoutes } from './routes/batch-operations';
import { callHierarchyRoutes } from './routes/call-hierarchy';
import { clusterRoutes } from './routes/cluster';
import { conditionalRoutes } from './routes/conditionals';
import { decisionEvaluationRoutes } from './routes/decision-evaluation';
import { decisionInstanceRoutes } from './routes/decision-instances';
import { decisionRoutes } from './routes/decisions';
import { deploymentRoutes } from './routes/deployments';
import { elementInstanceRoutes } from './routes/element-instances';
import { elementStatisticsRoutes } from './routes/element-statistics';
import { formRoutes } from './routes/forms';
import { incidentRoutes } from './routes/incidents';
import { jobSearchRoutes } from './routes/job-search';
import { jobRoutes } from './routes/jobs';
import { licenseRoutes } from './routes/license';
import { messageSubscriptionRoutes } from './routes/message-subscriptions';
import { messageRoutes } from './routes/messages';
import { processInstanceOperationRoutes } from './routes/process-instance-operations';
import { processInstanceRoutes } from './routes/process-instances';
import { resourceRoutes } from './routes/resources';
import { usageMetricsRoutes } from './routes/usage-metrics';
import { userTaskRoutes } from './routes/user-tasks';
import { userRoutes } from './routes/users';
import { variableRoutes } from './routes/variables';

export interface RestRouter {
  router: Router;
  /** ends parked job-activation long polls (empty answers), so a server can close at once */
  endLongPolls(): void;
}

export function createRestRouter(
  engine: EngineApi,
  logger: Logger,
  address: () => { host: string; port: number } = () => ({ host: 'localhost', port: 26500 }),
  limits: RequestLimits = DEFAULT_REQUEST_LIMITS,
  /** the engine's users: only the engine's own port serves them (the app's /v2 passthrough does not) */
  users?: UserDirectory,
  /** what searches and GETs read (engine/secondary-storage.ts); the live engine by default */
  reads: EngineReads = engine,
): RestRouter {
  const ctx = restContext(engine, logger, reads);
  const openPolls = new Set<() => void>();
  const router = express.Router();
  // a JSON body is bounded like the record it becomes: Zeebe's maximum message size
  router.use(
    express.json({ limit: limits.maxMessageSize, strict: false, type: ['application/json', 'application/*+json'] }),
  );
  router.use(clusterRoutes(ctx, address));
  router.use(deploymentRoutes(ctx, limits));
  router.use(decisionRoutes(ctx));
  router.use(decisionEvaluationRoutes(ctx));
  router.use(decisionInstanceRoutes(ctx));
  router.use(formRoutes(ctx));
  router.use(processInstanceRoutes(ctx));
  router.use(processInstanceOperationRoutes(ctx));
  router.use(elementInstanceRoutes(ctx));
  router.use(incidentRoutes(ctx));
  router.use(variableRoutes(ctx));
  router.use(jobSearchRoutes(ctx));
  router.use(jobRoutes(ctx, openPolls));
  router.use(messageRoutes(ctx));
  router.use(userTaskRoutes(ctx));
  router.use(elementStatisticsRoutes(ctx));
  router.use(callHierarchyRoutes(ctx));
  router.use(resourceRoutes());
  router.use(licenseRoutes());
  router.use(usageMetricsRoutes(ctx));
  router.use(conditionalRoutes(ctx));
  router.use(adHocActivityRoutes(ctx));
  router.use(batchOperationRoutes(ctx));
  router.use(messageSubscriptionRoutes(ctx));
  if (users) {
    router.use(userRoutes(users));
    router.use(authenticationRoutes());
  }
  router.use((req, res) => {
    sendProblem(
      res,
      404,
      'NOT_FOUND',
      `No endpoint ${req.method} ${req.originalUrl.split('?')[0]} in the embedded engine's REST API`,
      req.originalUrl,
    );
  });
  router.use(problemHandler(logger));
  return {
    router,
    endLongPolls: () => {
      for (const end of [...openPolls]) end();
    },
  };
}
