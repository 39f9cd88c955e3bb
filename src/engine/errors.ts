/**
 * Rejections the engine gives for a command, named after the gRPC status Zeebe answers with, so the gRPC
 * gateway and the REST routes translate them one way (gRPC status / HTTP problem status).
 */
export type EngineErrorCode =
  | 'INVALID_ARGUMENT'
  | 'NOT_FOUND'
  | 'FAILED_PRECONDITION'
  | 'ALREADY_EXISTS'
  | 'RESOURCE_EXHAUSTED'
  | 'DEADLINE_EXCEEDED'
  | 'UNAVAILABLE'
  | 'UNIMPLEMENTED';

export class EngineError extends Error {
  constructor(
    readonly code: EngineErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'EngineError';
  }
}

export const notFound = (message: string) => new EngineError('NOT_FOUND', message);
export const invalidArgument = (message: string) => new EngineError('INVALID_ARGUMENT', message);
export const failedPrecondition = (message: string) => new EngineError('FAILED_PRECONDITION', message);

/** A command's variables: absent is {}, anything but a JSON object is INVALID_ARGUMENT naming the field. */
export function requireObject(value: unknown, field: string): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw invalidArgument(
      `Expected '${field}' to be a JSON object, but was ${Array.isArray(value) ? 'an array' : typeof value}`,
    );
  }
  return value as Record<string, unknown>;
}
