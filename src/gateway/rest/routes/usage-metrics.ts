/**
 * `GET /v2/system/usage-metrics?startTime&endTime[&withTenants]`: what Camunda bills by, within the (inclusive)
 * interval: root process instances started, decision instances evaluated and distinct users tasks were
 * assigned to. Counted from what the engine still holds (history retention bounds it), decision instances
 * not at all (the engine keeps none), and an assignee is counted by the task's creation date rather than the
 * assignment's.
 */
import { Router as createRouter, type Router } from 'express';
import type { RestContext } from '../context';
import { badRequest } from '../problem';

const DEFAULT_TENANT = '<default>';

function instant(raw: unknown, name: string): number {
  const at = typeof raw === 'string' ? Date.parse(raw) : Number.NaN;
  if (Number.isNaN(at)) throw badRequest(`'${name}' must be an ISO 8601 date-time, but was '${String(raw)}'`);
  return at;
}

export function usageMetricsRoutes(ctx: RestContext): Router {
  const router = createRouter();
  router.get('/system/usage-metrics', (req, res) => {
    const from = instant(req.query.startTime, 'startTime');
    const to = instant(req.query.endTime, 'endTime');
    const tenant = req.query.tenantId;
    if (tenant !== undefined && tenant !== DEFAULT_TENANT) throw badRequest(`Unknown tenant '${String(tenant)}'`);
    const within = (at: number) => at >= from && at <= to;
    let processInstances = 0;
    for (const p of ctx.reads.listProcessInstances())
      if (p.parentProcessInstanceKey === undefined && within(p.startDate)) processInstances++;
    const assignees = new Set<string>();
    for (const task of ctx.reads.listUserTasks())
      if (task.assignee && within(task.creationDate)) assignees.add(task.assignee);
    const usage = { processInstances, decisionInstances: 0, assignees: assignees.size };
    const active = usage.processInstances + usage.assignees > 0;
    res.json({
      ...usage,
      activeTenants: active ? 1 : 0,
      ...(req.query.withTenants === 'true' ? { tenants: active ? { [DEFAULT_TENANT]: usage } : {} } : {}),
    });
  });
  return router;
}
