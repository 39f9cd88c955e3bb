/** GET /api/process-instances/{key}: where an instance stands, read through the ProcessStateReader (REST v2). */
import { notFound, serviceUnavailable } from '../http/problem';
import { type ProcessStateReader, ProcessStateUnavailableError } from '../process-state/process-state-reader';
import { defineRoute, type RouteSpec } from '../route-spec';
import { ProblemSchema } from '../schemas/common';
import { ProcessInstanceKeyParamsSchema, ProcessInstanceStateSchema } from '../schemas/process-instances';

export function processInstanceRoutes(deps: { processState: ProcessStateReader }): RouteSpec[] {
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
        404: { description: 'No such instance', schema: ProblemSchema, contentType: 'application/problem+json' },
        503: {
          description: 'The Camunda REST API is not reachable',
          schema: ProblemSchema,
          contentType: 'application/problem+json',
        },
      },
      async handler({ params }, _req, res) {
        let state: Awaited<ReturnType<ProcessStateReader['read']>>;
        try {
          state = await deps.processState.read(params.key);
        } catch (err) {
          if (err instanceof ProcessStateUnavailableError) throw serviceUnavailable(err.message);
          throw err;
        }
        if (!state) throw notFound(`Process instance ${params.key} does not exist`);
        res.json(state);
      },
    }),
  ];
}
