/**
 * Turns one activated job into exactly one job command, the same way for every worker:
 * - input variables that do not match the schema → fail with retries 0 and a message naming each bad field
 *   (an incident a person can read in Operate; retrying cannot fix the data);
 * - a declared BpmnError → ThrowError with its code, for the model to catch;
 * - a NonRetryableError (the data contradicts itself) → fail with retries 0, an incident for a person;
 * - any other exception (database down, bug) → fail with retries - 1 and a backoff, so Zeebe retries
 *   and raises an incident when retries run out;
 * - otherwise → complete with the output, checked against the output schema.
 */
import type { Logger } from 'pino';
import type { z } from 'zod';
import {
  BpmnError,
  type JobContext,
  type JobHandler,
  NonRetryableError,
  type WorkerDefinition,
} from './worker-definition';

/** The part of the SDK's ZeebeJob this runner uses (the SDK's job object satisfies it). */
export interface ActivatedJobLike {
  key: string;
  processInstanceKey: string;
  bpmnProcessId: string;
  elementId: string;
  elementInstanceKey: string;
  retries: number;
  variables: unknown;
  complete(variables?: Record<string, unknown>): Promise<unknown>;
  fail(failure: { errorMessage: string; retries: number; retryBackOff: number }): Promise<unknown>;
  error(error: { errorCode: string; errorMessage: string; variables: Record<string, unknown> }): Promise<unknown>;
}

export type JobOutcome =
  | { kind: 'completed'; variables: Record<string, unknown> }
  | { kind: 'bpmn-error'; errorCode: string; errorMessage: string; variables: Record<string, unknown> }
  | { kind: 'failed'; errorMessage: string; retries: number; retryBackOff: number };

export interface RunJobOptions {
  logger: Logger;
  /** Backoff before the next attempt, from the retries left after this failure. */
  retryBackOffMs?: (retriesLeft: number) => number;
}

/** 1 s, 2 s, 4 s … capped at a minute, counted from Zeebe's default of 3 retries. */
export function defaultRetryBackOffMs(retriesLeft: number): number {
  return Math.min(60_000, 1_000 * 2 ** Math.max(0, 2 - retriesLeft));
}

/** `items[0].quantity: Too small: expected number to be >0` for each issue. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const field = issue.path.reduce<string>(
        (text, part) =>
          typeof part === 'number' ? `${text}[${part}]` : text ? `${text}.${String(part)}` : String(part),
        '',
      );
      return `${field || '(variables)'}: ${issue.message}`;
    })
    .join('; ');
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Decides what to tell the engine about a job; runJob then sends it. Pure apart from the handler's effects. */
export async function decideJobOutcome<I extends z.ZodObject, O extends z.ZodObject>(
  definition: WorkerDefinition<I, O>,
  handler: JobHandler<z.infer<I>, z.infer<O>>,
  job: ActivatedJobLike,
  options: RunJobOptions,
): Promise<JobOutcome> {
  const logger = options.logger.child({
    taskType: definition.taskType,
    jobKey: job.key,
    processInstanceKey: job.processInstanceKey,
    elementId: job.elementId,
  });
  const input = definition.inputSchema.safeParse(job.variables ?? {});
  if (!input.success) {
    const errorMessage = `Invalid input variables for ${definition.taskType} (element ${job.elementId}): ${describeIssues(input.error)}`;
    logger.warn({ issues: input.error.issues }, errorMessage);
    return { kind: 'failed', errorMessage, retries: 0, retryBackOff: 0 };
  }
  const context: JobContext = {
    jobKey: job.key,
    processInstanceKey: job.processInstanceKey,
    bpmnProcessId: job.bpmnProcessId,
    elementId: job.elementId,
    elementInstanceKey: job.elementInstanceKey,
    retries: job.retries,
    logger,
  };
  try {
    const result = await handler(input.data, context);
    const output = definition.outputSchema.safeParse(result ?? {});
    if (!output.success) {
      // A bug in the worker: retrying would write the same wrong variables.
      const errorMessage = `Worker ${definition.taskType} produced invalid output variables: ${describeIssues(output.error)}`;
      logger.error({ issues: output.error.issues }, errorMessage);
      return { kind: 'failed', errorMessage, retries: 0, retryBackOff: 0 };
    }
    return { kind: 'completed', variables: output.data };
  } catch (error) {
    if (error instanceof NonRetryableError) {
      const errorMessage = `${definition.taskType} cannot proceed: ${error.message}`;
      logger.error(errorMessage);
      return { kind: 'failed', errorMessage, retries: 0, retryBackOff: 0 };
    }
    if (error instanceof BpmnError) {
      if (!definition.bpmnErrors.includes(error.code)) {
        const errorMessage = `Worker ${definition.taskType} threw undeclared BPMN error ${error.code}: ${error.message}`;
        logger.error(errorMessage);
        return { kind: 'failed', errorMessage, retries: 0, retryBackOff: 0 };
      }
      logger.info({ errorCode: error.code }, error.message);
      return { kind: 'bpmn-error', errorCode: error.code, errorMessage: error.message, variables: error.variables };
    }
    const retries = Math.max(0, job.retries - 1);
    const retryBackOff = retries > 0 ? (options.retryBackOffMs ?? defaultRetryBackOffMs)(retries) : 0;
    const errorMessage = `${definition.taskType} failed: ${errorText(error)}`;
    logger.warn({ err: error, retries, retryBackOff }, errorMessage);
    return { kind: 'failed', errorMessage, retries, retryBackOff };
  }
}

export async function runJob<I extends z.ZodObject, O extends z.ZodObject>(
  definition: WorkerDefinition<I, O>,
  handler: JobHandler<z.infer<I>, z.infer<O>>,
  job: ActivatedJobLike,
  options: RunJobOptions,
): Promise<JobOutcome> {
  const outcome = await decideJobOutcome(definition, handler, job, options);
  switch (outcome.kind) {
    case 'completed':
      await job.complete(outcome.variables);
      break;
    case 'bpmn-error': {
      const { kind: _, ...error } = outcome;
      await job.error(error);
      break;
    }
    case 'failed': {
      // Always pass retries: the SDK's object form of fail() defaults them to 0 (an incident) when omitted.
      const { kind: _, ...failure } = outcome;
      await job.fail(failure);
      break;
    }
  }
  return outcome;
}
