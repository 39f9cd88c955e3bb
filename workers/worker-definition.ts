/**
 * What every job worker module declares, once, in one `defineWorker({...})`: its task type, the variables it
 * reads (zod input schema; also the worker's fetchVariable list), the variables it writes (output schema; left
 * out when it writes none), the BPMN error codes it may throw (left out when none), and `createHandler({ db, logger })`, which builds its handler over injected
 * clients in the style of Temporal's createActivities. The handler's input and output types are inferred from
 * the two schemas. Handlers are plain async functions of (input, job context): they know nothing of the SDK,
 * so tests call them directly against a real database.
 */
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Database } from '../src/data/database';

export interface WorkerDeps {
  db: Database;
  logger: Logger;
}

/** The identity of the job being handled: what side effects are keyed by. */
export interface JobContext {
  jobKey: string;
  processInstanceKey: string;
  bpmnProcessId: string;
  elementId: string;
  elementInstanceKey: string;
  /** Retries left, including this attempt. */
  retries: number;
  /** Child logger carrying the job's keys. */
  logger: Logger;
}

export type JobHandler<Input, Output> = (input: Input, job: JobContext) => Promise<Output>;

// biome-ignore lint/suspicious/noExplicitAny: the object schemas of all workers differ; each module keeps its own types.
export type AnyObjectSchema = z.ZodObject<any>;

/** The variables of a worker that writes none. */
export type NoVariables = z.ZodObject<Record<string, never>>;

/** What a worker module writes in its one `defineWorker({...})`. */
export interface WorkerDeclaration<I extends AnyObjectSchema, O extends AnyObjectSchema> {
  /** the `zeebe:taskDefinition type` it serves */
  taskType: string;
  /** the variables it reads; its keys are what the worker fetches */
  inputSchema: I;
  /** the variables it writes when it completes the job (left out: none) */
  outputSchema?: O;
  /** the BPMN error codes it may throw, each caught in the model (left out: none) */
  bpmnErrors?: readonly string[];
  createHandler(deps: WorkerDeps): JobHandler<z.infer<I>, z.infer<O>>;
}

/** A declared worker, with what it left out filled in. */
export interface WorkerDefinition<
  I extends AnyObjectSchema = AnyObjectSchema,
  O extends AnyObjectSchema = AnyObjectSchema,
> extends WorkerDeclaration<I, O> {
  outputSchema: O;
  bpmnErrors: readonly string[];
}

/** Declares a worker; the handler's input and output types come from the schemas. */
export function defineWorker<I extends AnyObjectSchema, O extends AnyObjectSchema = NoVariables>(
  declaration: WorkerDeclaration<I, O>,
): WorkerDefinition<I, O> {
  return {
    ...declaration,
    // without an output schema O is NoVariables, which this is
    outputSchema: declaration.outputSchema ?? (z.object({}) as AnyObjectSchema as O),
    bpmnErrors: declaration.bpmnErrors ?? [],
  };
}

/**
 * A business failure the process models (an error boundary or error event sub-process catches it).
 * The code must be one of the worker's declared bpmnErrors.
 */
export class BpmnError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly variables: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'BpmnError';
  }
}

/** A technical failure that retrying cannot fix (e.g. the order was already finished): an incident at once. */
export class NonRetryableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NonRetryableError';
  }
}

/** The variables a worker fetches: exactly the keys of its input schema. */
export function fetchVariables(definition: WorkerDefinition): string[] {
  return Object.keys(definition.inputSchema.shape);
}

/** The idempotency key of a side effect owned by one element of one process instance. */
export function elementKey(job: Pick<JobContext, 'processInstanceKey' | 'elementId'>): string {
  return `${job.processInstanceKey}:${job.elementId}`;
}
