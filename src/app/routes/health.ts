/**
 * GET /health: the process is alive. GET /ready: the engine (or cluster) answers and the database answers,
 * each within a bounded time; 503 naming what is down otherwise.
 */
import { defineRoute, type RouteSpec } from '../route-spec';
import { HealthSchema, ReadinessSchema } from '../schemas/health';

export interface ReadinessChecks {
  engine(): Promise<void>;
  database(): Promise<void>;
}

const CHECK_TIMEOUT_MS = 3_000;

async function probe(check: () => Promise<void>): Promise<{ status: 'up' | 'down'; detail?: string }> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
      }),
    ]);
    return { status: 'up' };
  } catch (err) {
    return { status: 'down', detail: err instanceof Error ? err.message : String(err) };
  } finally {
    clearTimeout(timer);
  }
}

export function healthRoutes(checks: ReadinessChecks): RouteSpec[] {
  return [
    defineRoute({
      method: 'get',
      path: '/health',
      operationId: 'health',
      summary: 'Liveness: the process answers',
      tags: ['Health'],
      responses: { 200: { description: 'Alive', schema: HealthSchema } },
      handler(_input, _req, res) {
        res.json({ status: 'ok' });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/ready',
      operationId: 'ready',
      summary: 'Readiness: engine (or Camunda cluster) and database reachable',
      tags: ['Health'],
      responses: {
        200: { description: 'Ready', schema: ReadinessSchema },
        503: { description: 'Something is down (see checks)', schema: ReadinessSchema },
      },
      async handler(_input, _req, res) {
        const [engine, database] = await Promise.all([probe(checks.engine), probe(checks.database)]);
        const ready = engine.status === 'up' && database.status === 'up';
        res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not-ready', checks: { engine, database } });
      },
    }),
  ];
}
