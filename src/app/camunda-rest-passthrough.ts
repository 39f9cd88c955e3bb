/**
 * `/v2` on the app's own origin, so the browser UI reads and drives the engine the same way against both
 * engines: with the embedded engine the REST v2 router runs in-process; with a cluster, requests are
 * forwarded to ZEEBE_REST_ADDRESS. Reads and searches are open like the app's own reads; anything else
 * (cancel, resolve, update retries, deploy) needs the app's API key.
 */
import { Readable } from 'node:stream';
import express, { type RequestHandler, type Router } from 'express';
import type { Logger } from 'pino';
import type { EngineApi } from '../engine/engine-api';
import type { RequestLimits } from '../gateway/request-limits';
import { createRestRouter } from '../gateway/rest';
import { requireApiKeyForWrites } from './http/auth';

export interface PassthroughOptions {
  apiKey: string;
  logger: Logger;
  /** the embedded engine, served in-process */
  engine?: EngineApi;
  /** a cluster's REST address (http://host:8080), used when there is no embedded engine */
  restAddress?: string;
  /** request size limits of the embedded engine's REST API (absent: Camunda's defaults) */
  limits?: RequestLimits;
}

export function camundaRestPassthrough(options: PassthroughOptions): Router | undefined {
  const target = options.engine
    ? inProcess(options.engine, options.logger, options.limits)
    : options.restAddress
      ? forwardTo(options.restAddress, options.logger)
      : undefined;
  if (!target) return undefined;
  const router = express.Router();
  const guard = requireApiKeyForWrites(options.apiKey);
  // searches are POSTs that only read
  router.use((req, res, next) =>
    req.method === 'POST' && req.path.endsWith('/search') ? next() : guard(req, res, next),
  );
  router.use(target);
  return router;
}

function inProcess(engine: EngineApi, logger: Logger, limits?: RequestLimits): Router {
  return createRestRouter(engine, logger.child({ module: 'rest-v2' }), undefined, limits).router;
}

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'host',
  'authorization',
  'content-length',
]);

function forwardTo(restAddress: string, logger: Logger): RequestHandler {
  const base = restAddress.replace(/\/+$/, '');
  return async (req, res) => {
    const headers = Object.fromEntries(
      Object.entries(req.headers).filter(([name, value]) => !HOP_BY_HOP.has(name) && typeof value === 'string'),
    ) as Record<string, string>;
    try {
      const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
      const upstream = await fetch(`${base}/v2${req.url}`, {
        method: req.method,
        headers,
        body: hasBody ? (Readable.toWeb(req) as ReadableStream) : undefined,
        duplex: 'half',
      } as RequestInit);
      res.status(upstream.status);
      upstream.headers.forEach((value, name) => {
        if (!HOP_BY_HOP.has(name) && name !== 'content-encoding') res.setHeader(name, value);
      });
      res.send(Buffer.from(await upstream.arrayBuffer()));
    } catch (err) {
      logger.warn({ err, target: base }, 'the Camunda REST API did not answer');
      res
        .status(502)
        .type('application/problem+json')
        .send({
          type: 'about:blank',
          title: 'Bad Gateway',
          status: 502,
          detail: `The Camunda REST API at ${base} did not answer`,
        });
    }
  };
}
