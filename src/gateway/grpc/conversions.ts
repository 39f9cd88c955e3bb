/**
 * Conversions between gateway messages and engine values: JSON documents (variables, custom headers travel
 * as JSON strings), int64 fields (decimal strings on the wire), activated jobs, and the tenant check Zeebe's
 * gateway makes when multi-tenancy is disabled.
 */
import type { ActivatedJob, Variables } from '../../engine/engine-api';
import { invalidArgument } from './errors';
import type { GrpcActivatedJob, Int64 } from './proto-types';

export const DEFAULT_TENANT = '<default>';

/**
 * A JSON object document as Zeebe accepts it: empty means no variables; anything but an object is
 * rejected with INVALID_ARGUMENT naming the property, in Zeebe's wording.
 */
export function parseDocument(property: string, text: string | undefined): Variables {
  if (text === undefined || text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw invalidArgument(
      `Property '${property}' is invalid: Expected document to be valid JSON, but ${(err as Error).message}`,
    );
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw invalidArgument(
      `Property '${property}' is invalid: Expected document to be a root level object, but was '${jsonType(value)}'`,
    );
  }
  return value as Variables;
}

function jsonType(value: unknown): string {
  if (value === null) return 'NIL';
  if (Array.isArray(value)) return 'ARRAY';
  if (typeof value === 'number') return Number.isInteger(value) ? 'INTEGER' : 'FLOAT';
  return typeof value === 'boolean' ? 'BOOLEAN' : 'STRING';
}

/** An int64 count of milliseconds (timeouts, TTLs, back-offs) as a number. */
export function int64ToNumber(value: Int64 | number | undefined): number {
  if (value === undefined || value === '') return 0;
  return Number(value);
}

/** A key as the engine takes it: the int64's decimal string. */
export function keyOf(value: Int64 | number | undefined): string {
  return value === undefined || value === '' ? '0' : String(value);
}

export function toGrpcJob(job: ActivatedJob): GrpcActivatedJob {
  return {
    key: job.key,
    type: job.type,
    processInstanceKey: job.processInstanceKey,
    bpmnProcessId: job.bpmnProcessId,
    processDefinitionVersion: job.processDefinitionVersion,
    processDefinitionKey: job.processDefinitionKey,
    elementId: job.elementId,
    elementInstanceKey: job.elementInstanceKey,
    customHeaders: JSON.stringify(job.customHeaders ?? {}),
    worker: job.worker,
    retries: job.retries,
    deadline: String(job.deadline),
    variables: JSON.stringify(job.variables ?? {}),
    tenantId: job.tenantId,
  };
}

/** Rough wire size of a job, to keep one response under the 4 MB gRPC message limit. */
export function approximateSize(job: GrpcActivatedJob): number {
  return job.variables.length + job.customHeaders.length + job.type.length + job.worker.length + 256;
}

/** Zeebe's gateway with multi-tenancy disabled accepts no tenant but the default one. */
export function requireDefaultTenant(rpc: string, tenantId: string | undefined) {
  if (tenantId && tenantId !== DEFAULT_TENANT) {
    throw invalidArgument(
      `Expected to handle gRPC request ${rpc} with tenant identifier '${tenantId}', but multi-tenancy is disabled`,
    );
  }
}

export function requireDefaultTenants(rpc: string, tenantIds: (string | undefined)[] | undefined) {
  const others = (tenantIds ?? []).filter((t) => t && t !== DEFAULT_TENANT);
  if (others.length > 0) {
    throw invalidArgument(
      `Expected to handle gRPC request ${rpc} with tenant identifiers '${others.join(', ')}', but multi-tenancy is disabled`,
    );
  }
}
