/**
 * Request bodies of the REST v2 commands, as zod schemas checked against the request types of
 * @camunda8/orchestration-cluster-api (the `satisfies` lines fail to compile when the API's shape moves).
 * `parse` turns every zod issue into one 400 problem naming the field and what was wrong with it.
 */
import type {
  ClockPinRequest,
  JobActivationRequest,
  JobErrorRequest,
  JobFailRequest,
  MessageCorrelationRequest,
  MessagePublicationRequest,
  SetVariableRequest,
  SignalBroadcastRequest,
} from '@camunda8/orchestration-cluster-api';
import { z } from 'zod';
import { badRequest } from './problem';

/** The API's key and id types are branded strings; on the wire they are plain strings. */
export type Unbranded<T> = T extends string
  ? string
  : T extends (infer U)[]
    ? Unbranded<U>[]
    : T extends object
      ? { [K in keyof T]: Unbranded<T[K]> }
      : T;

const variables = z.record(z.string(), z.unknown());
const key = z
  .union([z.string().regex(/^\d+$/, 'must be a numeric key'), z.number().int().nonnegative()])
  .transform(String);
const tenantId = z.literal('<default>', { error: "multi-tenancy is disabled: only '<default>' is accepted" });
const millis = z.number().int().nonnegative();

export const CreateProcessInstanceBody = z
  .strictObject({
    processDefinitionId: z.string().min(1).optional(),
    processDefinitionKey: key.optional(),
    processDefinitionVersion: z.number().int().optional(),
    variables: variables.optional(),
    tenantId: tenantId.optional(),
    operationReference: z.number().int().optional(),
    startInstructions: z.array(z.strictObject({ elementId: z.string().min(1) })).optional(),
    awaitCompletion: z.boolean().optional(),
    fetchVariables: z.array(z.string()).optional(),
    requestTimeout: millis.optional(),
    tags: z.array(z.string()).optional(),
  })
  .refine((b) => (b.processDefinitionId === undefined) !== (b.processDefinitionKey === undefined), {
    message: 'exactly one of processDefinitionId and processDefinitionKey is required',
    path: ['processDefinitionId'],
  });

export const JobActivationBody = z.strictObject({
  type: z.string().min(1),
  worker: z.string().optional(),
  timeout: millis,
  maxJobsToActivate: z.number().int().positive(),
  fetchVariable: z.array(z.string()).optional(),
  requestTimeout: z.number().int().optional(),
  tenantIds: z.array(tenantId).optional(),
}) satisfies z.ZodType<Unbranded<JobActivationRequest>>;

/** Camunda's JobResult of type userTask: a task listener's denial and corrections. */
const JobResultCorrections = z
  .object({
    assignee: z.string().nullable().optional(),
    dueDate: z.string().nullable().optional(),
    followUpDate: z.string().nullable().optional(),
    candidateUsers: z.array(z.string()).nullable().optional(),
    candidateGroups: z.array(z.string()).nullable().optional(),
    priority: z.number().int().nullable().optional(),
  })
  .nullable()
  .optional();

export const JobCompletionBody = z.strictObject({
  variables: variables.nullable().optional(),
  result: z
    .object({
      type: z.enum(['userTask', 'adHocSubProcess']).optional(),
      denied: z.boolean().nullable().optional(),
      deniedReason: z.string().nullable().optional(),
      corrections: JobResultCorrections,
      activateElements: z
        .array(z.strictObject({ elementId: z.string().min(1), variables: variables.nullable().optional() }))
        .nullable()
        .optional(),
      isCompletionConditionFulfilled: z.boolean().nullable().optional(),
      isCancelRemainingInstances: z.boolean().nullable().optional(),
    })
    .passthrough()
    .nullable()
    .optional(),
});

export const JobFailBody = z.strictObject({
  retries: z.number().int().nonnegative().optional(),
  errorMessage: z.string().optional(),
  retryBackOff: millis.optional(),
  variables: variables.optional(),
}) satisfies z.ZodType<Unbranded<JobFailRequest>>;

export const JobErrorBody = z.strictObject({
  errorCode: z.string().min(1),
  errorMessage: z.string().nullable().optional(),
  variables: variables.nullable().optional(),
}) satisfies z.ZodType<Unbranded<JobErrorRequest>>;

export const JobUpdateBody = z.strictObject({
  changeset: z
    .strictObject({
      retries: z.number().int().nonnegative().nullable().optional(),
      timeout: millis.nullable().optional(),
    })
    .refine((c) => c.retries != null || c.timeout != null, { message: 'must change retries or timeout' }),
  operationReference: z.number().int().optional(),
});

export const MessagePublicationBody = z.strictObject({
  name: z.string().min(1),
  correlationKey: z.string().optional(),
  timeToLive: millis.optional(),
  messageId: z.string().optional(),
  variables: variables.optional(),
  tenantId: tenantId.optional(),
}) satisfies z.ZodType<Unbranded<MessagePublicationRequest>>;

export const MessageCorrelationBody = z.strictObject({
  name: z.string().min(1),
  correlationKey: z.string().optional(),
  variables: variables.optional(),
  tenantId: tenantId.optional(),
}) satisfies z.ZodType<Unbranded<MessageCorrelationRequest>>;

export const SignalBroadcastBody = z.strictObject({
  signalName: z.string().min(1),
  variables: variables.optional(),
  tenantId: tenantId.optional(),
}) satisfies z.ZodType<Unbranded<SignalBroadcastRequest>>;

/** POST /decision-definitions/evaluation: the decision by id (its latest version) or by key, not both. */
export const DecisionEvaluationBody = z
  .strictObject({
    decisionDefinitionId: z.string().min(1).optional(),
    decisionDefinitionKey: key.optional(),
    variables: variables.optional(),
    tenantId: tenantId.optional(),
  })
  .refine((b) => (b.decisionDefinitionId === undefined) !== (b.decisionDefinitionKey === undefined), {
    message: 'exactly one of decisionDefinitionId and decisionDefinitionKey is required',
    path: ['decisionDefinitionId'],
  });

export const SetVariablesBody = z.strictObject({
  variables,
  local: z.boolean().optional(),
  operationReference: z.number().int().optional(),
}) satisfies z.ZodType<Unbranded<SetVariableRequest>>;

export const ClockPinBody = z.strictObject({ timestamp: z.number().int().nonnegative() }) satisfies z.ZodType<
  Unbranded<ClockPinRequest>
>;

/** Bodies that are optional and carry nothing the engine needs (resolution, cancellation, deletion). */
export const OperationReferenceBody = z
  .strictObject({ operationReference: z.number().int().optional() })
  .nullable()
  .optional();

export function parse<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const result = schema.safeParse(body ?? undefined);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const field = issue.path.join('.') || (issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : 'body');
    return issue.code === 'unrecognized_keys'
      ? `unknown field(s) ${issue.keys.map((k) => `'${k}'`).join(', ')}`
      : `'${field}' ${issue.message}`;
  });
  throw badRequest(`Invalid request: ${problems.join('; ')}`);
}

/** Path keys are int64 numbers in decimal. */
export function pathKey(value: string | undefined, name: string): string {
  if (!value || !/^\d{1,19}$/.test(value)) throw badRequest(`'${name}' must be a numeric key, but was '${value}'`);
  return value;
}
