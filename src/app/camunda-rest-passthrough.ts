/**
 * `/v2` on the app's own origin, so the browser UI reads and drives the engine the same way against both
 * engines: with the embedded engine the REST v2 router runs in-process; with a cluster, requests are
 * forwarded to ZEEBE_REST_ADDRESS with the app's cluster credentials (camunda-rest-forward.ts). Only what the
 * UI calls passes (camunda-rest-ui-routes.ts), anything else is a 404. Its reads and searches are open like
 * the app's own reads; its writes (start, cancel, resolve, update retries) need the app's API key.
 */
import express, { type RequestHandler, type Router } from 'express';
import type { Logger } from 'pino';
import type { EngineApi } from '../engine/engine-api';
import type { RequestLimits } from '../gateway/request-limits';
import { createRestRouter } from '../gateway/rest';
import { type ClusterHeaders, forwardToCluster } from './camunda-rest-forward';
import { uiRouteOf } from './camunda-rest-ui-routes';
import { requireApiKeyForWrites } from './http/auth';
import { sendProblem } from './http/error-handler';
import { HttpProblem } from './http/problem';

export interface PassthroughOptions {
  apiKey: string;
  logger: Logger;
  /** the embedded engine, served in-process */
  engine?: EngineApi;
  /** a cluster's REST address (http://host:8080), used when there is no embedded engine */
  restAddress?: string;
  /** the credentials the app presents to the cluster (absent: none) */
  clusterHeaders?: ClusterHeaders;
  /** request size limits of the embedded engine's REST API (absent: Camunda's defaults) */
  limits?: RequestLimits;
}

export function camundaRestPassthrough(options: PassthroughOptions): Router | undefined {
  const target = options.engine
    ? inProcess(options.engine, options.logger, options.limits)
    : options.restAddress
      ? forwardToCluster(options.restAddress, options.clusterHeaders ?? (async () => ({})), options.logger)
      : undefined;
  if (!target) return undefined;
  const router = express.Router();
  const guard = requireApiKeyForWrites(options.apiKey);
  router.use(onlyUiRoutes);
  // the UI's reads are open; its writes need the key
  router.use((req, res, next) => (uiRouteOf(req.method, req.path)?.read ? next() : guard(req, res, next)));
  router.use(target);
  return router;
}

const onlyUiRoutes: RequestHandler = (req, res, next) => {
  if (uiRouteOf(req.method, req.path)) {
    next();
    return;
  }
  sendProblem(
    req,
    res,
    new HttpProblem(
      404,
      `No endpoint ${req.method} ${req.originalUrl.split('?')[0]} here: the app's /v2 serves only what its UI calls; other Camunda REST endpoints are on the cluster's own address`,
    ),
  );
};

function inProcess(engine: EngineApi, logger: Logger, limits?: RequestLimits): Router {
  return createRestRouter(engine, logger.child({ module: 'rest-v2' }), undefined, limits).router;
}
