/** Cluster routes: topology, status, and the controlled clock (Zeebe's `PUT /v2/clock`, `POST /v2/clock/reset`). */
import { Router as createRouter, type Router } from 'express';
import { GATEWAY_VERSION } from '../../zeebe-defaults';
import type { RestContext } from '../context';
import { ClockPinBody, parse } from '../request-schemas';

export function clusterRoutes(ctx: RestContext, address: () => { host: string; port: number }): Router {
  const router = createRouter();
  router.get('/topology', (_req, res) => {
    const { host, port } = address();
    res.json({
      brokers: [
        {
          nodeId: 0,
          host,
          port,
          version: GATEWAY_VERSION,
          partitions: [
            { partitionId: 1, role: 'leader', health: ctx.engine.haltedBecause() ? 'unhealthy' : 'healthy' },
          ],
        },
      ],
      clusterSize: 1,
      partitionsCount: 1,
      replicationFactor: 1,
      gatewayVersion: GATEWAY_VERSION,
      lastCompletedChangeId: '-1',
    });
  });
  // 204 while a partition has a healthy leader, else 503 (here: until a halted engine is restarted)
  router.get('/status', (_req, res) => {
    res.status(ctx.engine.haltedBecause() ? 503 : 204).end();
  });
  router.put('/clock', async (req, res) => {
    const { timestamp } = parse(ClockPinBody, req.body);
    ctx.engine.clock.pin(timestamp);
    await ctx.durable();
    res.status(204).end();
  });
  router.post('/clock/reset', async (_req, res) => {
    ctx.engine.clock.reset();
    await ctx.durable();
    res.status(204).end();
  });
  return router;
}
