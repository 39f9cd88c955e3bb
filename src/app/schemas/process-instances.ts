/** Where a process instance stands (GET /api/process-instances/{key}), read from Camunda's REST v2 API. */
import { z } from 'zod';
import { zeebeKey } from './common';

export const ProcessInstanceKeyParamsSchema = z.strictObject({ key: zeebeKey });

export const ProcessInstanceStateSchema = z
  .object({
    processInstanceKey: z.string(),
    bpmnProcessId: z.string(),
    processDefinitionKey: z.string(),
    version: z.number().int().optional(),
    state: z.string().meta({ description: 'ACTIVE, COMPLETED or TERMINATED' }),
    startDate: z.string().optional(),
    endDate: z.string().optional(),
    activeElementIds: z.array(z.string()).meta({ description: 'elements with an active instance, each once' }),
    completedElementIds: z.array(z.string()).meta({ description: 'completed elements in completion order' }),
    incidents: z.array(
      z.object({ key: z.string(), elementId: z.string(), message: z.string(), errorType: z.string() }),
    ),
    failedStep: z
      .object({
        elementId: z.string(),
        elementName: z.string().optional(),
        errorType: z.string(),
        message: z.string(),
        incidentKey: z.string(),
      })
      .optional()
      .meta({ description: 'the step that failed: the oldest unresolved incident, absent while there is none' }),
    variables: z.record(z.string(), z.unknown()).meta({ description: 'the root-scope variables' }),
  })
  .meta({ id: 'ProcessInstanceState' });
