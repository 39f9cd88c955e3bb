/** Models in bpmn/ (BPMN processes, DMN decisions, forms): listing, saving (with lint results) and deploying. */
import { z } from 'zod';
import { MODEL_KINDS, MODEL_NAME_PATTERN, type ModelKind, type ModelRef } from '../models/model-store';

/** `order-fulfilment` or `order-fulfilment.bpmn` is a BPMN model; `rates.dmn` a decision, `approval.form` a form. */
function toModelRef(param: string): ModelRef {
  const kind = MODEL_KINDS.find((k) => param.endsWith(`.${k}`));
  return kind ? { name: param.slice(0, -(kind.length + 1)), kind } : { name: param, kind: 'bpmn' };
}

export const modelName = z
  .string()
  .meta({ description: "the model's name; with .dmn or .form for a decision or a form (.bpmn optional)" })
  .refine(
    (param) => MODEL_NAME_PATTERN.test(toModelRef(param).name),
    "must be 1-100 letters, digits, '.', '_' or '-', starting with a letter or digit",
  )
  .transform(toModelRef);

export const ModelKindSchema = z
  .enum(MODEL_KINDS as [ModelKind, ...ModelKind[]])
  .meta({ description: 'bpmn: a process (BPMN XML); dmn: decisions (DMN XML); form: a Camunda form (JSON)' });

export const ModelNameParamsSchema = z.strictObject({ name: modelName });

export const ModelSummarySchema = z
  .object({
    name: z.string(),
    kind: ModelKindSchema,
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
    kind: ModelKindSchema,
    created: z.boolean(),
    etag: z.string(),
    warnings: z.array(LintProblemSchema).meta({ description: 'lint warnings (they do not block saving)' }),
    draft: z.literal(true).optional().meta({ description: 'saved as a draft: Deploy refuses it until a clean save' }),
    problems: z.array(LintProblemSchema).optional().meta({ description: 'why it is a draft' }),
  })
  .meta({ id: 'ModelSaved' });

export const ModelCheckedSchema = z
  .object({ name: z.string(), kind: ModelKindSchema, problems: z.array(LintProblemSchema) })
  .meta({ id: 'ModelChecked' });

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
    decisions: z
      .array(
        z.object({
          decisionId: z.string(),
          version: z.number().int(),
          decisionKey: z.string(),
          decisionRequirementsId: z.string(),
        }),
      )
      .optional()
      .meta({ description: 'the decisions of a deployed .dmn' }),
    forms: z
      .array(z.object({ formId: z.string(), version: z.number().int(), formKey: z.string() }))
      .optional()
      .meta({ description: 'the form of a deployed .form' }),
  })
  .meta({ id: 'Deployment' });
