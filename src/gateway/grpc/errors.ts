/**
 * Turns whatever a handler throws into the gRPC status Zeebe's gateway would answer with:
 * - an engine rejection (EngineError) keeps its code, and its message gets Zeebe's rejection wording
 *   "Command '<INTENT>' rejected with code '<TYPE>': <reason>" (FAILED_PRECONDITION is Zeebe's INVALID_STATE);
 * - a GatewayError (bad request caught before the engine: JSON, tenant, ...) keeps code and message as is;
 * - anything else is INTERNAL; its stack goes to the log, never to the client.
 */
import { type ServerErrorResponse, status } from '@grpc/grpc-js';
import type { Logger } from 'pino';
import { EngineError, type EngineErrorCode } from '../../engine/errors';

export type GrpcStatusName = keyof typeof status;

/** A request the gateway rejects itself, before the engine sees it. */
export class GatewayError extends Error {
  constructor(
    readonly code: GrpcStatusName,
    message: string,
  ) {
    super(message);
    this.name = 'GatewayError';
  }
}

export const invalidArgument = (message: string) => new GatewayError('INVALID_ARGUMENT', message);

/** Zeebe's rejection types, by the gRPC status they map to (see Zeebe's GrpcErrorMapper). */
const REJECTION_TYPES: Partial<Record<EngineErrorCode, string>> = {
  INVALID_ARGUMENT: 'INVALID_ARGUMENT',
  NOT_FOUND: 'NOT_FOUND',
  ALREADY_EXISTS: 'ALREADY_EXISTS',
  FAILED_PRECONDITION: 'INVALID_STATE',
};

/**
 * @param rpc the RPC's name (for the log)
 * @param intent the Zeebe command intent the RPC writes (e.g. 'COMPLETE'), used in rejection messages;
 *   undefined for RPCs that are not a command
 */
export function toServiceError(
  err: unknown,
  rpc: string,
  intent: string | undefined,
  logger: Logger,
): ServerErrorResponse {
  if (err instanceof GatewayError) {
    logger.debug({ rpc, code: err.code, message: err.message }, 'gRPC request rejected by the gateway');
    return { name: 'GatewayError', message: err.message, code: status[err.code], details: err.message };
  }
  if (err instanceof EngineError) {
    const rejectionType = REJECTION_TYPES[err.code];
    const details =
      rejectionType && intent
        ? `Command '${intent}' rejected with code '${rejectionType}': ${err.message}`
        : err.message;
    logger.debug({ rpc, code: err.code, message: err.message }, 'gRPC request rejected by the engine');
    return { name: 'EngineError', message: details, code: status[err.code], details };
  }
  logger.error({ err, rpc }, 'Expected to handle gRPC request, but an unexpected error occurred');
  const reason = err instanceof Error ? err.message : String(err);
  const details = `Unexpected error occurred during the request processing: ${reason}`;
  return { name: 'InternalError', message: details, code: status.INTERNAL, details };
}
