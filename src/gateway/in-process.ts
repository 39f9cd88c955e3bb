/**
 * The gateway's contract for commands run in the engine's own process (the app's API on the embedded engine),
 * without a gRPC round trip: variables are copied as the JSON document gRPC would carry, a command answers only
 * once it is on the journal (the acknowledgement barrier), and a rejection carries the gRPC status code and the
 * details the gRPC gateway would send. The app uses this entry, never gateway/grpc's modules.
 */
import pino from 'pino';
import type { EngineApi, Variables } from '../engine/engine-api';
import { acknowledgementBarrier, type GatewayEngine } from './grpc/context';
import { parseDocument } from './grpc/conversions';
import { toServiceError } from './grpc/errors';

/** What a rejected in-process command throws: the fields a gRPC client's error has. */
export interface GatewayRejection extends Error {
  /** the gRPC status code (5 NOT_FOUND, 3 INVALID_ARGUMENT, …) */
  code: number;
  /** Zeebe's explanation, e.g. "Command 'CREATE' rejected with code 'NOT_FOUND': …" */
  details: string;
}

export interface InProcessGateway {
  /**
   * Runs one command as the gRPC gateway does: resolves once what it wrote is durable; rejects with a
   * GatewayRejection.
   * @param rpc the gRPC method it stands for (e.g. 'CreateProcessInstance')
   * @param intent the Zeebe intent named in rejections (e.g. 'CREATE')
   */
  command<T>(rpc: string, intent: string, run: () => T | Promise<T>): Promise<T>;
  /** The variables as the engine would get them over gRPC: a fresh copy of their JSON document. */
  variables(values: Record<string, unknown> | undefined): Variables;
}

/** The gRPC gateway logs rejections as debug lines; in-process, the caller decides what to log. */
const quiet = pino({ level: 'silent' });

export function inProcessGateway(engine: EngineApi): InProcessGateway {
  const durable = acknowledgementBarrier(engine as GatewayEngine);
  return {
    async command(rpc, intent, run) {
      try {
        const result = await run();
        await durable();
        return result;
      } catch (err) {
        throw toServiceError(err, rpc, intent, quiet) as GatewayRejection;
      }
    },
    variables: (values) => parseDocument('variables', JSON.stringify(values ?? {})),
  };
}
