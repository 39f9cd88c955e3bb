/** BPMN models in bpmn/: listing, saving (with lint results) and deploying. */
import { z } from 'zod';
import { MODEL_NAME_PATTERN } from '../models/model-store';

export const modelName = z
  .string()
  .transform((name) => name.replace(/\.bpmn$/, ''))
  .pipe(
    z
      .string()
      .regex(MODEL_NAME_PATTERN, "must be 1-100 letters, digits, '.', '_' or '-', starting with a letter or digit"),
  );

export const ModelNameParamsSchema = z.strictObject({ name: modelName });

export const ModelSummarySchema = z
  .object({
    name: z.string(),
    fileName: z.string(),
    size: z.number().int(),
    modifiedAt: z.string(),
    draft: z.literal(true).optional().meta({ description: 'the model has a draft with problems (not deployable)' }),
  })
  .meta({ id: 'ModelSummary' });

export const LintProblemSchema = z
  .object({
    rule: z.string(),
    elementId: z.string().optional(),
    message: z.string(),
    category: z.enum(['error', 'warn', 'info']),
  })
  .meta({ id: 'LintProblem' });

export const ModelSavedSchema = z
  .object({
    name: z.string(),
    created: z.boolean(),
    etag: z.string(),
    warnings: z.array(LintProblemSchema).meta({ description: 'lint warnings (they do not block saving)' }),
    draft: z.literal(true).optional().meta({ description: 'saved as a draft: Deploy refuses it until a clean save' }),
    problems: z.array(LintProblemSchema).optional().meta({ description: 'why it is a draft' }),
  })
  .meta({ id: 'ModelSaved' });

export const JobTypeSchema = z
  .object({
    type: z.string(),
    process: z.string().meta({ description: 'the process the worker was written for' }),
    reads: z.array(z.string()),
    writes: z.array(z.string()),
    bpmnErrors: z.array(z.string()),
    running: z.boolean().optional().meta({ description: 'whether this app runs the worker now (absent: unknown)' }),
  })
  .meta({ id: 'JobType' });

export const DeploymentSchema = z
  .object({
    deploymentKey: z.string(),
    processes: z.array(
      z.object({
        bpmnProcessId: z.string(),
        version: z.number().int(),
        processDefinitionKey: z.string(),
        resourceName: z.string(),
      }),
    ),
  })
  .meta({ id: 'Deployment' });
