/**
 * GET /api/process-instances/{key}: where an instance stands, read through the ProcessStateReader (REST v2).
 * Camunda shows a new instance only once it is exported, so for an instance this app has just started
 * (StartedHere) a miss is looked at again for a bounded time and then answered 503 with Retry-After, not
 * 404: it exists, Camunda has not shown it yet. A key the app does not know is read once, as Camunda does.
 */
import { HttpProblem, notFound, serviceUnavailable } from '../http/problem';
import { type ProcessStateReader, ProcessStateUnavailableError } from '../process-state/process-state-reader';
import { READ_YOUR_WRITES_WAIT_MS, readWithin } from '../process-state/read-your-writes';
import type { StartedHere } from '../process-state/started-here';
import { defineRoute, type RouteSpec } from '../route-spec';
import { ProcessInstanceKeyParamsSchema, ProcessInstanceStateSchema } from '../schemas/process-instances';
import { problemResponse } from './problem-response';

export interface ProcessInstanceRouteDeps {
  processState: ProcessStateReader;
  /** instances this app started lately: those are waited for */
  startedHere?: StartedHere;
  /** how long to wait for one of them (default READ_YOUR_WRITES_WAIT_MS) */
  waitMs?: number;
}

/** Seconds a client waits before asking again for an instance Camunda does not show yet. */
const NOT_SHOWN_RETRY_AFTER_S = 2;

export function processInstanceRoutes(deps: ProcessInstanceRouteDeps): RouteSpec[] {
  const waitMs = deps.waitMs ?? READ_YOUR_WRITES_WAIT_MS;
  return [
    defineRoute({
      method: 'get',
      path: '/api/process-instances/{key}',
      operationId: 'getProcessInstance',
      summary: 'State, active and completed elements, incidents and variables of a process instance',
      tags: ['Process instances'],
      params: ProcessInstanceKeyParamsSchema,
      responses: {
        200: { description: 'The instance', schema: ProcessInstanceStateSchema },
        404: problemResponse('No such instance'),
        503: problemResponse(
          'The Camunda REST API is not reachable, or Camunda has not shown an instance this app has just ' +
            'started yet (retry after Retry-After seconds)',
        ),
      },
      async handler({ params }, _req, res) {
        const startedHere = deps.startedHere?.has(params.key) ?? false;
        let state: Awaited<ReturnType<ProcessStateReader['read']>>;
        try {
          state = await readWithin(deps.processState, params.key, startedHere ? waitMs : 0);
        } catch (err) {
          if (err instanceof ProcessStateUnavailableError) throw serviceUnavailable(err.message);
          throw err;
        }
        if (state) {
          res.json(state);
          return;
        }
        if (!startedHere) throw notFound(`Process instance ${params.key} does not exist`);
        throw new HttpProblem(
          503,
          `Camunda has not shown process instance ${params.key} yet: it was started moments ago and its ` +
            'export to Camunda’s secondary storage lags; retry shortly',
          { processInstanceKey: params.key },
          { 'Retry-After': String(NOT_SHOWN_RETRY_AFTER_S) },
        );
      },
    }),
  ];
}
