/**
 * The app's Prometheus metrics at GET /metrics, named as Spring Boot's Micrometer names them so the same
 * dashboards read them: `http_server_requests_seconds` (a histogram by method, route template, status and
 * outcome; the template, never the URL, so a key does not make a series of its own) and the outbox backlog
 * (`baton_outbox_messages` by status, counted at each scrape). Open like /health: a scraper has no API key,
 * and Zeebe's /actuator/prometheus is open too; it shows counts and route templates, no business data.
 */
import type { NextFunction, Request, Response, Router } from 'express';
import express from 'express';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { OutboxStatus } from '../../data/repositories/outbox-repository';

export interface AppMetricsSources {
  /** how many outbox messages are in each state */
  outboxCounts(): Promise<Record<OutboxStatus, number>>;
}

const outcome = (status: number) =>
  status >= 500
    ? 'SERVER_ERROR'
    : status >= 400
      ? 'CLIENT_ERROR'
      : status >= 300
        ? 'REDIRECTION'
        : status >= 200
          ? 'SUCCESS'
          : 'INFORMATIONAL';

/** The route template a request matched, or Spring's names for the requests that matched none. */
function uriOf(req: Request, status: number): string {
  const route = req.route as { path?: unknown } | undefined;
  if (typeof route?.path === 'string') return `${req.baseUrl}${route.path}` || '/';
  if (status === 404) return 'NOT_FOUND';
  if (status >= 300 && status < 400) return 'REDIRECTION';
  return 'UNKNOWN';
}

export interface AppMetrics {
  /** times every request; mount first */
  measure(req: Request, res: Response, next: NextFunction): void;
  /** GET /metrics */
  router: Router;
}

export function appMetrics(sources: AppMetricsSources): AppMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requests = new Histogram({
    name: 'http_server_requests_seconds',
    help: 'Duration of HTTP server request handling',
    labelNames: ['method', 'uri', 'status', 'outcome'],
    registers: [registry],
  });
  new Gauge({
    name: 'baton_outbox_messages',
    help: 'Outbox messages by status (pending: the backlog the relay has yet to deliver)',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      const counts = await sources.outboxCounts();
      for (const [status, count] of Object.entries(counts)) this.set({ status }, count);
    },
  });
  const router = express.Router();
  router.get('/metrics', async (_req, res) => {
    res.type(registry.contentType).send(await registry.metrics());
  });
  return {
    router,
    measure(req, res, next) {
      const stop = requests.startTimer();
      res.once('finish', () => {
        const status = res.statusCode;
        stop({ method: req.method, uri: uriOf(req, status), status: String(status), outcome: outcome(status) });
      });
      next();
    },
  };
}
